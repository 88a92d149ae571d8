import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import { useI18n } from '../../i18n/i18n';
import { HomeSection } from './HomeSection';

const SHOWN = 10;

export const HomeUnreadBriefingsDocument = graphql(`
  query HomeUnreadBriefings($first: Int!) {
    briefingCount(filter: { unreadOnly: true })
    briefings(first: $first, filter: { unreadOnly: true }) {
      edges {
        node {
          id
          title
          tlp
          publishedAt
          organisation {
            id
            name
          }
        }
      }
    }
  }
`);

/** Published briefings shared with the reader's organisations that they have not opened yet. */
export function UnreadBriefings() {
  const { t, formatDateTime } = useI18n();
  const { data, loading, error, refetch } = useQuery(HomeUnreadBriefingsDocument, { variables: { first: SHOWN }, fetchPolicy: 'cache-and-network' });
  const briefings = data?.briefings.edges.map((e) => e.node) ?? [];
  const total = data?.briefingCount ?? 0;
  return (
    <HomeSection
      id="home-briefings"
      title={total > 0 ? t('home.briefings.titleCount', { count: total }) : t('home.briefings.title')}
      loading={loading && !data}
      error={data ? undefined : error}
      onRetry={() => void refetch()}
      empty={briefings.length === 0}
      emptyText={t('home.briefings.none')}
      footer={
        <p>
          <Link to="/briefings">{total > briefings.length ? t('home.briefings.all', { count: total }) : t('home.briefings.list')}</Link>
        </p>
      }
    >
      <ul className="list home-list">
        {briefings.map((b) => (
          <li key={b.id} className="home-item">
            <Link to={`/briefings/${b.id}`} className="home-item__title">
              {b.title}
            </Link>
            <p className="meta">
              <span className={`tlp-tag tlp-tag--${b.tlp}`}>TLP:{b.tlp === 'AMBER_STRICT' ? 'AMBER+STRICT' : b.tlp}</span>
              <span>{b.organisation.name}</span>
              {b.publishedAt ? <time dateTime={b.publishedAt}>{formatDateTime(b.publishedAt)}</time> : null}
            </p>
          </li>
        ))}
      </ul>
    </HomeSection>
  );
}
