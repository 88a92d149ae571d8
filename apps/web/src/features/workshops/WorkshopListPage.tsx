import { useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import type { WorkshopsQuery, WorkshopStatus } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { SelectField, TextField } from '../../ui/Field';
import { Page, QueryState } from '../../ui/Page';
import { WorkshopsDocument } from './operations';
import { ParticipantStateBadge, StatusBadge } from './StateBadge';

type Item = WorkshopsQuery['workshops']['edges'][number]['node'];
const STATUSES: WorkshopStatus[] = ['PLANNING', 'OPEN', 'CLOSED', 'HELD', 'CANCELLED'];

/** Every workshop the reader may see, soonest first, with their own place in each. */
export function WorkshopListPage() {
  const { t, fold } = useI18n();
  const { adminOf } = useSession();
  const [status, setStatus] = useState<WorkshopStatus | ''>('');
  const [search, setSearch] = useState('');
  const { data, loading, error, refetch, fetchMore } = useQuery(WorkshopsDocument, { variables: { status: status || null }, fetchPolicy: 'cache-and-network' });
  const items = useMemo(() => {
    const all = data?.workshops.edges.map((e) => e.node) ?? [];
    const needle = fold(search.trim());
    return all
      .filter((w) => !needle || fold(`${w.title} ${w.city ?? ''}`).includes(needle))
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  }, [data, search, fold]);
  return (
    <Page
      title={t('workshops.list.title')}
      actions={
        adminOf.length > 0 ? (
          <Link className="button primary" to="/workshops/new">
            {t('workshops.list.create')}
          </Link>
        ) : null
      }
    >
      <form className="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField label={t('workshops.list.search')} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        <SelectField label={t('workshops.list.status')} value={status} onChange={(e) => setStatus(e.target.value as WorkshopStatus | '')}>
          <option value="">{t('workshops.list.anyStatus')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`workshops.status.${s}`)}
            </option>
          ))}
        </SelectField>
      </form>
      <QueryState loading={loading && !data} error={error} empty={!!data && items.length === 0} onRetry={() => void refetch()} />
      {items.length > 0 ? (
        <ul className="list" aria-label={t('workshops.list.title')}>
          {items.map((w) => (
            <WorkshopItem key={w.id} workshop={w} />
          ))}
        </ul>
      ) : null}
      {data?.workshops.pageInfo.hasNextPage ? (
        <button
          type="button"
          onClick={() =>
            void fetchMore({
              variables: { after: data.workshops.pageInfo.endCursor },
              updateQuery: (previous, { fetchMoreResult }) => ({
                ...fetchMoreResult,
                workshops: { ...fetchMoreResult.workshops, edges: [...previous.workshops.edges, ...fetchMoreResult.workshops.edges] },
              }),
            }).catch(() => undefined)
          }
        >
          {t('workshops.list.more')}
        </button>
      ) : null}
    </Page>
  );
}

function WorkshopItem({ workshop: w }: { workshop: Item }) {
  const { t, formatDateTime } = useI18n();
  const { organisations, organisationName } = useSession();
  const known = w.organiserOrganisationIds.filter((id) => organisations.some((o) => o.id === id));
  const free = Math.max(0, w.capacity - w.confirmedCount);
  return (
    <li className="card">
      <h2 className="ws-card__title">
        <Link to={`/workshops/${w.id}`}>{w.title}</Link>
      </h2>
      <p className="meta">
        <span>
          {formatDateTime(w.startsAt)} – {formatDateTime(w.endsAt)}
        </span>
        <span>{[t(`workshops.format.${w.format}`), w.city, w.country].filter(Boolean).join(' · ')}</span>
      </p>
      <p className="meta">
        <StatusBadge status={w.status} />
        <span>{free > 0 ? t('workshops.seats.free', { free, capacity: w.capacity }) : t('workshops.seats.full', { capacity: w.capacity })}</span>
        {w.myParticipation ? <ParticipantStateBadge state={w.myParticipation.state} waitlistPosition={w.myParticipation.waitlistPosition} /> : null}
        {w.viewerIsOrganiser ? <span className="badge">{t('workshops.youOrganise')}</span> : null}
      </p>
      {known.length > 0 ? <p className="meta">{t('workshops.organisedBy', { names: known.map(organisationName).join(', ') })}</p> : null}
    </li>
  );
}
