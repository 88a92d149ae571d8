import type { ReactNode } from 'react';
import { QueryState } from '../../ui/Page';

/** One kind of thing waiting for the reader: a heading, then the items or a sentence saying there are none. */
export function HomeSection({
  id,
  title,
  loading,
  error,
  onRetry,
  empty,
  emptyText,
  children,
  footer,
}: {
  id: string;
  title: string;
  loading: boolean;
  error?: unknown;
  onRetry?: () => void;
  empty: boolean;
  emptyText: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const settled = !loading && !error;
  return (
    <section className="home-section card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <QueryState loading={loading && !settled} error={error} onRetry={onRetry} />
      {settled && empty ? <p className="muted">{emptyText}</p> : null}
      {settled && !empty ? children : null}
      {settled && footer ? footer : null}
    </section>
  );
}
