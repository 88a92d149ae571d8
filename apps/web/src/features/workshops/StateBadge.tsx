import type { ParticipantState, WorkshopStatus } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';

/** A workshop's status in words. */
export function StatusBadge({ status }: { status: WorkshopStatus }) {
  const { t } = useI18n();
  return <span className={`badge ws-status ws-status--${status}`}>{t(`workshops.status.${status}`)}</span>;
}

/** A participation's state in words (with the waiting-list place when there is one). */
export function ParticipantStateBadge({ state, waitlistPosition }: { state: ParticipantState; waitlistPosition?: number | null }) {
  const { t } = useI18n();
  return (
    <span className={`badge ws-state ws-state--${state}`}>
      {state === 'WAITLISTED' && waitlistPosition ? t('workshops.state.WAITLISTED.place', { place: waitlistPosition }) : t(`workshops.state.${state}`)}
    </span>
  );
}
