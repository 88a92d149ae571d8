import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import type { HomeWorkshopsQuery } from '../../gql/graphql';
import { useI18n, type Translate } from '../../i18n/i18n';
import { HomeSection } from './HomeSection';

export const HomeWorkshopsDocument = graphql(`
  query HomeWorkshops {
    workshops(first: 50, upcoming: true) {
      edges {
        node {
          id
          title
          status
          startsAt
          city
          format
          registrationDeadline
          viewerIsOrganiser
          myParticipation {
            id
            state
            waitlistPosition
          }
        }
      }
    }
  }
`);

type Workshop = HomeWorkshopsQuery['workshops']['edges'][number]['node'];

/** Participation states that mean the reader has (or is waiting for) a place. */
const HOLDING = new Set(['INVITED', 'REGISTERED', 'CONFIRMED', 'WAITLISTED']);

function placeText(w: Workshop, t: Translate): string | null {
  const p = w.myParticipation;
  if (p && HOLDING.has(p.state)) {
    switch (p.state) {
      case 'INVITED':
        return t('home.workshops.invited');
      case 'REGISTERED':
        return t('home.workshops.registered');
      case 'CONFIRMED':
        return t('home.workshops.confirmed');
      case 'WAITLISTED':
        return p.waitlistPosition ? t('home.workshops.waitlistedAt', { position: p.waitlistPosition }) : t('home.workshops.waitlisted');
    }
  }
  if (w.viewerIsOrganiser) return t('home.workshops.organiser');
  return null;
}

/** Workshops still to come (the API's `upcoming`, soonest first): those the reader has a place in or organises, then those open for registration. */
export function UpcomingWorkshops() {
  const { t, formatDateTime } = useI18n();
  const { data, loading, error, refetch } = useQuery(HomeWorkshopsDocument, { fetchPolicy: 'cache-and-network' });
  const upcoming = (data?.workshops.edges ?? []).map((e) => e.node);
  const mine = upcoming.filter((w) => placeText(w, t) !== null);
  const open = upcoming.filter((w) => placeText(w, t) === null && w.status === 'OPEN');

  const item = (w: Workshop) => {
    const place = placeText(w, t);
    return (
      <li key={w.id} className="home-item">
        <Link to={`/workshops/${w.id}`} className="home-item__title">
          {w.title}
        </Link>
        <p className="meta">
          <time dateTime={w.startsAt}>{formatDateTime(w.startsAt)}</time>
          <span>{w.city ? `${t(`home.workshops.format.${w.format}`)} · ${w.city}` : t(`home.workshops.format.${w.format}`)}</span>
        </p>
        {place ? <p className="home-item__reason">{place}</p> : null}
        {!place && w.registrationDeadline ? (
          <p className="home-item__reason">
            {t('home.workshops.registerBy')} <time dateTime={w.registrationDeadline}>{formatDateTime(w.registrationDeadline)}</time>
          </p>
        ) : null}
      </li>
    );
  };

  return (
    <HomeSection
      id="home-workshops"
      title={t('home.workshops.title')}
      loading={loading && !data}
      error={data ? undefined : error}
      onRetry={() => void refetch()}
      empty={mine.length === 0 && open.length === 0}
      emptyText={t('home.workshops.none')}
    >
      {mine.length > 0 ? (
        <>
          <h3>{t('home.workshops.mine')}</h3>
          <ul className="list home-list">{mine.map(item)}</ul>
        </>
      ) : null}
      {open.length > 0 ? (
        <>
          <h3>{t('home.workshops.open')}</h3>
          <ul className="list home-list">{open.map(item)}</ul>
        </>
      ) : null}
    </HomeSection>
  );
}
