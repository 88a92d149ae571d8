import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { useI18n } from '../i18n/i18n';

interface FieldFrame {
  label: ReactNode;
  hint?: ReactNode;
  /** Already in words (see formErrors().field). */
  error?: string;
  optional?: boolean;
}

function Frame({ id, label, hint, error, optional, children }: FieldFrame & { id: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {optional ? <span className="field__optional"> ({t('app.optional')})</span> : null}
      </label>
      {hint ? <p className="field__hint" id={`${id}-hint`}>{hint}</p> : null}
      {children}
      {error ? (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

export function TextField({ label, hint, error, optional, ...input }: FieldFrame & InputHTMLAttributes<HTMLInputElement>) {
  const generated = useId();
  const id = input.id ?? generated;
  return (
    <Frame id={id} label={label} hint={hint} error={error} optional={optional}>
      <input {...input} id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} required={!optional && input.required !== false ? input.required : undefined} />
    </Frame>
  );
}

export function TextArea({ label, hint, error, optional, ...input }: FieldFrame & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const generated = useId();
  const id = input.id ?? generated;
  return (
    <Frame id={id} label={label} hint={hint} error={error} optional={optional}>
      <textarea {...input} id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} />
    </Frame>
  );
}

export function SelectField({ label, hint, error, optional, children, ...input }: FieldFrame & SelectHTMLAttributes<HTMLSelectElement>) {
  const generated = useId();
  const id = input.id ?? generated;
  return (
    <Frame id={id} label={label} hint={hint} error={error} optional={optional}>
      <select {...input} id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)}>
        {children}
      </select>
    </Frame>
  );
}
