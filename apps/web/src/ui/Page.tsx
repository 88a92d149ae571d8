import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage } from './ErrorMessage';

/** A screen: its title becomes the document title and takes focus after navigation (screen readers hear it). */
export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
    heading.current?.focus({ preventScroll: true });
  }, [title, t]);
  return (
    <section className="page">
      <header className="page__header">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {actions ? <div className="page__actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

/** Loading, failure and empty states of a query, in one place. */
export function QueryState({ loading, error, empty, onRetry }: { loading: boolean; error?: unknown; empty?: boolean; onRetry?: () => void }) {
  const { t } = useI18n();
  if (error) {
    return (
      <div>
        <ErrorMessage error={error} />
        {onRetry ? (
          <button type="button" onClick={onRetry}>
            {t('app.retry')}
          </button>
        ) : null}
      </div>
    );
  }
  if (loading) return <p role="status">{t('app.loading')}</p>;
  if (empty) return <p className="muted">{t('app.none')}</p>;
  return null;
}
