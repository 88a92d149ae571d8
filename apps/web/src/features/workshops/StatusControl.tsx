import { useMutation } from '@apollo/client/react';
import type { WorkshopQuery, WorkshopStatus } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SetWorkshopStatusDocument } from './operations';
import { StatusBadge } from './StateBadge';

/** The moves the API allows from each status (PLANNING → OPEN → CLOSED → HELD; CLOSED may reopen; CANCELLED). */
const NEXT: Record<WorkshopStatus, WorkshopStatus[]> = {
  PLANNING: ['OPEN', 'CANCELLED'],
  OPEN: ['CLOSED', 'CANCELLED'],
  CLOSED: ['OPEN', 'HELD', 'CANCELLED'],
  HELD: [],
  CANCELLED: [],
};

export function StatusControl({ workshop }: { workshop: WorkshopQuery['workshop'] }) {
  const { t } = useI18n();
  const [setStatus, { loading, error }] = useMutation(SetWorkshopStatusDocument);
  return (
    <section aria-labelledby="ws-status-title" className="card">
      <h2 id="ws-status-title">{t('workshops.edit.status')}</h2>
      <p role="status">
        {t('workshops.edit.statusNow')} <StatusBadge status={workshop.status} />
      </p>
      <p className="muted">{t(`workshops.statusHelp.${workshop.status}`)}</p>
      <ErrorMessage error={error} />
      <div className="ws-actions">
        {NEXT[workshop.status].map((next) => (
          <button
            key={next}
            type="button"
            className={next === 'CANCELLED' ? 'danger' : next === 'OPEN' ? 'primary' : undefined}
            disabled={loading}
            onClick={() => void setStatus({ variables: { id: workshop.id, status: next } }).catch(() => undefined)}
          >
            {t(`workshops.statusAction.${next}`)}
          </button>
        ))}
      </div>
    </section>
  );
}
