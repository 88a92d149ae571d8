import { useMutation, useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ParticipantRole, ParticipantState, WorkshopParticipantsQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField } from '../../ui/Field';
import { Page, QueryState } from '../../ui/Page';
import { ExportsPanel } from './ExportsPanel';
import { CancelParticipationDocument, DecideApplicationDocument, MarkAttendanceDocument, SetParticipantRoleDocument, WorkshopParticipantsDocument } from './operations';
import { PROTECTED_FIELDS } from './ProtectedFields';
import { ParticipantStateBadge } from './StateBadge';
import './workshops.css';

type Row = WorkshopParticipantsQuery['workshopParticipants']['edges'][number]['node'];
type WorkshopInfo = WorkshopParticipantsQuery['workshop'];
const STATES: ParticipantState[] = ['CONFIRMED', 'WAITLISTED', 'REGISTERED', 'INVITED', 'ATTENDED', 'CANCELLED', 'DECLINED'];
const ROLES: ParticipantRole[] = ['PARTICIPANT', 'SPEAKER', 'FACILITATOR', 'ORGANISER', 'INTERPRETER'];
const ORDER: Record<ParticipantState, number> = { CONFIRMED: 0, ATTENDED: 1, WAITLISTED: 2, REGISTERED: 3, INVITED: 4, CANCELLED: 5, DECLINED: 6 };

/**
 * The organisers' participant table. Protected details are fetched only when an organiser asks to
 * see them, because the API records every such reading in the audit log.
 */
export function ParticipantsPage() {
  const { id = '' } = useParams();
  const { t, compare } = useI18n();
  const [state, setState] = useState<ParticipantState | ''>('');
  const [withProtected, setWithProtected] = useState(false);
  const { data, loading, error, refetch, fetchMore } = useQuery(WorkshopParticipantsDocument, {
    variables: { workshopId: id, state: state || null, withProtected },
    fetchPolicy: 'network-only',
  });
  const rows = useMemo(
    () =>
      [...(data?.workshopParticipants.edges.map((e) => e.node) ?? [])].sort(
        (a, b) => ORDER[a.state] - ORDER[b.state] || (a.position ?? 1e9) - (b.position ?? 1e9) || compare(a.displayName ?? '', b.displayName ?? ''),
      ),
    [data, compare],
  );
  const w = data?.workshop;
  if (w && !w.viewerIsOrganiser) {
    return (
      <Page title={t('workshops.participants.title')}>
        <p className="notice">{t('workshops.organisersOnly')}</p>
      </Page>
    );
  }
  return (
    <Page title={w ? t('workshops.participants.titleFor', { title: w.title }) : t('workshops.participants.title')}>
      <p>
        <Link to={`/workshops/${id}`}>{t('workshops.backToWorkshop')}</Link>
      </p>
      {w ? <p>{t('workshops.participants.summary', { confirmed: w.confirmedCount, capacity: w.capacity })}</p> : null}
      <p className="muted">{t('workshops.participants.promotionNote')}</p>
      <div className="notice ws-audit">
        <p>
          <strong>{t('workshops.participants.protectedTitle')}</strong> {t('workshops.participants.auditNote')}
        </p>
        <button type="button" aria-pressed={withProtected} onClick={() => setWithProtected(!withProtected)}>
          {withProtected ? t('workshops.participants.hideProtected') : t('workshops.participants.showProtected')}
        </button>
      </div>
      <div className="toolbar">
        <SelectField label={t('workshops.participants.filter')} value={state} onChange={(e) => setState(e.target.value as ParticipantState | '')}>
          <option value="">{t('workshops.participants.allStates')}</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {t(`workshops.state.${s}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <QueryState loading={loading && !data} error={error} empty={!!data && rows.length === 0} onRetry={() => void refetch()} />
      {w && rows.length > 0 ? <ParticipantTable workshop={w} rows={rows} withProtected={withProtected} onChanged={() => void refetch()} /> : null}
      {data?.workshopParticipants.pageInfo.hasNextPage ? (
        <button
          type="button"
          onClick={() =>
            void fetchMore({
              variables: { after: data.workshopParticipants.pageInfo.endCursor },
              updateQuery: (previous, { fetchMoreResult }) => ({
                ...fetchMoreResult,
                workshopParticipants: {
                  ...fetchMoreResult.workshopParticipants,
                  edges: [...previous.workshopParticipants.edges, ...fetchMoreResult.workshopParticipants.edges],
                },
              }),
            }).catch(() => undefined)
          }
        >
          {t('workshops.participants.more')}
        </button>
      ) : null}
      {w ? <ExportsPanel workshopId={w.id} title={w.title} /> : null}
    </Page>
  );
}

function ParticipantTable({ workshop, rows, withProtected, onChanged }: { workshop: WorkshopInfo; rows: Row[]; withProtected: boolean; onChanged: () => void }) {
  const { t, formatDateTime } = useI18n();
  return (
    <div className="table-wrap ws-table-wrap" tabIndex={0} role="region" aria-labelledby="ws-participants-caption">
      <table className="ws-table">
        <caption id="ws-participants-caption" className="visually-hidden">
          {t('workshops.participants.caption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('workshops.participants.name')}</th>
            <th scope="col">{t('workshops.participants.state')}</th>
            <th scope="col">{t('workshops.participants.order')}</th>
            <th scope="col">{t('workshops.participants.role')}</th>
            {withProtected
              ? PROTECTED_FIELDS.map((f) => (
                  <th scope="col" key={f} className="ws-protected-col">
                    {t(`workshops.protected.${f}`)}
                  </th>
                ))
              : null}
            <th scope="col">{t('workshops.participants.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                {p.displayName ?? p.invitedEmail ?? t('workshops.participants.unknown')}
                {p.organisationName ? <div className="muted small">{p.organisationName}</div> : null}
                <div className="muted small">{t('workshops.participants.applied', { when: formatDateTime(p.createdAt) })}</div>
              </th>
              <td>
                <ParticipantStateBadge state={p.state} waitlistPosition={p.waitlistPosition} />
              </td>
              <td>{p.position ?? '—'}</td>
              <td>
                <RoleSelect participant={p} />
              </td>
              {withProtected
                ? PROTECTED_FIELDS.map((f) => (
                    <td key={f} className="ws-protected-col">
                      {p.protectedData?.[f] ?? <span className="muted">—</span>}
                    </td>
                  ))
                : null}
              <td>
                <RowActions workshop={workshop} participant={p} onChanged={onChanged} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RoleSelect({ participant }: { participant: Row }) {
  const { t } = useI18n();
  const [setRole, { loading, error }] = useMutation(SetParticipantRoleDocument);
  const name = participant.displayName ?? participant.invitedEmail ?? '';
  return (
    <>
      <SelectField
        label={<span className="visually-hidden">{t('workshops.participants.roleOf', { name })}</span>}
        value={participant.role}
        disabled={loading}
        onChange={(e) => void setRole({ variables: { participantId: participant.id, role: e.target.value as ParticipantRole } }).catch(() => undefined)}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`workshops.role.${r}`)}
          </option>
        ))}
      </SelectField>
      <ErrorMessage error={error} />
    </>
  );
}

/** What the API lets organisers do in each state: decide an application, record attendance, cancel (which seats the next in line). */
function RowActions({ workshop, participant: p, onChanged }: { workshop: WorkshopInfo; participant: Row; onChanged: () => void }) {
  const { t } = useI18n();
  const [decide, deciding] = useMutation(DecideApplicationDocument);
  const [attend, attending] = useMutation(MarkAttendanceDocument);
  const [cancel, cancelling] = useMutation(CancelParticipationDocument);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const name = p.displayName ?? p.invitedEmail ?? '';
  const run = (promise: Promise<unknown>) => void promise.then(onChanged).catch(() => undefined);
  const busy = deciding.loading || attending.loading || cancelling.loading;
  const cancellable = ['INVITED', 'REGISTERED', 'CONFIRMED', 'WAITLISTED'].includes(p.state);
  return (
    <div className="ws-row-actions">
      {p.state === 'REGISTERED' ? (
        <>
          <button type="button" className="primary" disabled={busy} aria-label={t('workshops.participants.approveNamed', { name })} onClick={() => run(decide({ variables: { participantId: p.id, approve: true } }))}>
            {t('workshops.participants.approve')}
          </button>
          <button type="button" disabled={busy} aria-label={t('workshops.participants.rejectNamed', { name })} onClick={() => run(decide({ variables: { participantId: p.id, approve: false } }))}>
            {t('workshops.participants.reject')}
          </button>
        </>
      ) : null}
      {p.state === 'CONFIRMED' && (workshop.status === 'CLOSED' || workshop.status === 'HELD') ? (
        <button type="button" disabled={busy} aria-label={t('workshops.participants.attendedNamed', { name })} onClick={() => run(attend({ variables: { participantId: p.id } }))}>
          {t('workshops.participants.attended')}
        </button>
      ) : null}
      {cancellable && !confirmCancel ? (
        <button type="button" className="danger" disabled={busy} aria-label={t('workshops.participants.cancelNamed', { name })} onClick={() => setConfirmCancel(true)}>
          {t('workshops.participants.cancel')}
        </button>
      ) : null}
      {confirmCancel ? (
        <>
          <button type="button" className="danger" disabled={busy} aria-label={t('workshops.participants.cancelYesNamed', { name })} onClick={() => run(cancel({ variables: { participantId: p.id } }).finally(() => setConfirmCancel(false)))}>
            {t('workshops.participants.cancelYes')}
          </button>
          <button type="button" onClick={() => setConfirmCancel(false)}>
            {t('workshops.participants.cancelNo')}
          </button>
        </>
      ) : null}
      <ErrorMessage error={deciding.error ?? attending.error ?? cancelling.error} />
    </div>
  );
}
