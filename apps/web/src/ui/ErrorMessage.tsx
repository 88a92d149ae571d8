import { useI18n } from '../i18n/i18n';
import { describeFailure, failuresOf } from '../app/errors';

/** An API failure in words, announced to screen readers; place it next to what caused it. */
export function ErrorMessage({ error, id }: { error: unknown; id?: string }) {
  const { t } = useI18n();
  const failures = failuresOf(error);
  if (failures.length === 0) return null;
  return (
    <div className="error" role="alert" id={id}>
      {failures.map((f, i) => (
        <p key={i}>{describeFailure(f, t)}</p>
      ))}
    </div>
  );
}

/** Plain messages (already translated) in the same style. */
export function Alert({ messages, id }: { messages: string[]; id?: string }) {
  if (messages.length === 0) return null;
  return (
    <div className="error" role="alert" id={id}>
      {messages.map((m, i) => (
        <p key={i}>{m}</p>
      ))}
    </div>
  );
}
