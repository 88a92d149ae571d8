import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import './InlineConfirm.css';

/**
 * A button for a consequential action that asks once, in place: the question and its consequence,
 * then "yes" or "cancel". Focus moves to the question's confirm button and back on cancel.
 */
export function InlineConfirm({
  label,
  question,
  confirmLabel,
  danger,
  busy,
  disabled,
  onConfirm,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  /** The action is not possible now (say why next to it). */
  disabled?: boolean;
  onConfirm: () => void | Promise<unknown>;
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => {
    if (asking) confirm.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button ref={opener} type="button" className={danger ? 'danger' : undefined} onClick={() => setAsking(true)} disabled={busy || disabled}>
        {label}
      </button>
    );
  }
  return (
    <div className="inline-confirm" role="group" aria-labelledby={id}>
      <p id={id}>{question}</p>
      <div className="inline-confirm__actions">
        <button
          ref={confirm}
          type="button"
          className={danger ? 'danger' : 'primary'}
          disabled={busy}
          onClick={async () => {
            await onConfirm();
            setAsking(false);
          }}
        >
          {confirmLabel}
        </button>
        <button
          type="button"
          onClick={() => {
            setAsking(false);
            setTimeout(() => opener.current?.focus());
          }}
        >
          {t('app.cancel')}
        </button>
      </div>
    </div>
  );
}
