import { useQuery } from '@apollo/client/react';
import { Link, useLocation, useParams } from 'react-router';
import { useSession } from '../../app/session';
import type { WorkshopQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Page, QueryState } from '../../ui/Page';
import { ThreadPanel } from '../threads/ThreadPanel';
import { Agenda } from './Agenda';
import { CalendarPanel } from './CalendarPanel';
import { MyParticipation } from './MyParticipation';
import { WorkshopDocument } from './operations';
import { StatusBadge } from './StateBadge';
import './workshops.css';

/** While the reader waits for a seat, the page looks again now and then, so a promotion shows without a reload. */
const WAITING_POLL_MS = 20_000;

export function WorkshopDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { data, loading, error, refetch } = useQuery(WorkshopDocument, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const w = data?.workshop;
  const waiting = w?.myParticipation?.state === 'WAITLISTED' || w?.myParticipation?.state === 'REGISTERED';
  useQuery(WorkshopDocument, { variables: { id }, skip: !waiting, pollInterval: WAITING_POLL_MS, fetchPolicy: 'network-only' });
  if (!w) {
    return (
      <Page title={t('workshops.detail.loading')}>
        <QueryState loading={loading} error={error} onRetry={() => void refetch()} />
      </Page>
    );
  }
  return (
    <Page title={w.title} actions={w.viewerIsOrganiser ? <OrganiserLinks id={w.id} /> : null}>
      <p>
        <Link to="/workshops">{t('workshops.backToList')}</Link>
      </p>
      <RegisteredNotice />
      <div className="ws-detail">
        <div className="ws-detail__main">
          <Facts workshop={w} />
          {w.descriptionHtml ? (
            <section aria-labelledby="ws-about">
              <h2 id="ws-about">{t('workshops.detail.about')}</h2>
              {/* Sanitised by the API (descriptionHtml). */}
              <div className="prose" dangerouslySetInnerHTML={{ __html: w.descriptionHtml }} />
            </section>
          ) : null}
          <section aria-labelledby="ws-agenda-title">
            <h2 id="ws-agenda-title">{t('workshops.agenda.title')}</h2>
            <Agenda sessions={w.agenda} workshopTimeZone={w.timeZone} />
          </section>
        </div>
        <div className="ws-detail__side">
          <MyParticipation workshop={w} />
          <CalendarPanel workshopId={w.id} title={w.title} />
        </div>
      </div>
      <ThreadPanel spaceKind="WORKSHOP" spaceId={w.id} />
    </Page>
  );
}

function RegisteredNotice() {
  const { t } = useI18n();
  const location = useLocation();
  const registered = (location.state as { registered?: 'self' | 'delegate' } | null)?.registered;
  if (!registered) return null;
  return (
    <p className="success" role="status">
      {t(registered === 'delegate' ? 'workshops.registered.delegate' : 'workshops.registered.self')}
    </p>
  );
}

function OrganiserLinks({ id }: { id: string }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t('workshops.organise.nav')} className="ws-actions">
      <Link className="button" to={`/workshops/${id}/edit`}>
        {t('workshops.organise.edit')}
      </Link>
      <Link className="button" to={`/workshops/${id}/participants`}>
        {t('workshops.organise.participants')}
      </Link>
      <Link className="button" to={`/workshops/${id}/tasks`}>
        {t('workshops.organise.tasks')}
      </Link>
    </nav>
  );
}

function Facts({ workshop: w }: { workshop: WorkshopQuery['workshop'] }) {
  const { t, formatDateTime } = useI18n();
  const { organisations, organisationName } = useSession();
  const known = w.organiserOrganisationIds.filter((oid) => organisations.some((o) => o.id === oid));
  const free = Math.max(0, w.capacity - w.confirmedCount);
  return (
    <dl className="ws-facts">
      <dt>{t('workshops.fact.status')}</dt>
      <dd>
        <StatusBadge status={w.status} />
      </dd>
      <dt>{t('workshops.fact.when')}</dt>
      <dd>
        {formatDateTime(w.startsAt, 'long')} – {formatDateTime(w.endsAt, 'long')}
      </dd>
      <dt>{t('workshops.fact.where')}</dt>
      <dd>
        {[t(`workshops.format.${w.format}`), w.city, w.country].filter(Boolean).join(' · ')}
        {w.location?.venue ? <div>{w.location.venue}</div> : null}
        {w.location?.onlineUrl ? (
          <div>
            <a href={w.location.onlineUrl} rel="noreferrer noopener" target="_blank">
              {t('workshops.fact.onlineLink')}
            </a>
          </div>
        ) : null}
        {!w.location ? <div className="muted small">{t('workshops.fact.venueHidden')}</div> : null}
      </dd>
      <dt>{t('workshops.fact.seats')}</dt>
      <dd>{free > 0 ? t('workshops.seats.free', { free, capacity: w.capacity }) : t('workshops.seats.full', { capacity: w.capacity })}</dd>
      <dt>{t('workshops.fact.admission')}</dt>
      <dd>{t(`workshops.admission.${w.admission}`)}</dd>
      {w.registrationDeadline ? (
        <>
          <dt>{t('workshops.fact.deadline')}</dt>
          <dd>{formatDateTime(w.registrationDeadline)}</dd>
        </>
      ) : null}
      {w.languages.length > 0 ? (
        <>
          <dt>{t('workshops.fact.languages')}</dt>
          <dd>{w.languages.join(', ')}</dd>
        </>
      ) : null}
      {w.interpretation.length > 0 ? (
        <>
          <dt>{t('workshops.fact.interpretation')}</dt>
          <dd>{w.interpretation.join(', ')}</dd>
        </>
      ) : null}
      {known.length > 0 ? (
        <>
          <dt>{t('workshops.fact.organisers')}</dt>
          <dd>{known.map(organisationName).join(', ')}</dd>
        </>
      ) : null}
    </dl>
  );
}
