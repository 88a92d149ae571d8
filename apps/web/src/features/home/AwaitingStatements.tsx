import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import type { SignOnStatus } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { HomeSection } from './HomeSection';

export const HomeOpenStatementsDocument = graphql(`
  query HomeOpenStatements {
    statements(first: 50, awaitingMyOrganisation: true) {
      pageInfo {
        hasNextPage
      }
      edges {
        node {
          id
          title
          deadline
          viewer {
            organisationIds
          }
          participants {
            organisationId
            organisationName
            signOnStatus
          }
        }
      }
    }
  }
`);

/** Sign-on states in which the organisation still has to decide (or decide again, after the text changed). */
const WAITING: SignOnStatus[] = ['INVITED', 'REVIEWING', 'NEEDS_RECONFIRMATION'];

/**
 * Statements open for signature where one of the reader's organisations has not signed (or must
 * reconfirm): the API selects them; each says which of the reader's organisations it waits for.
 */
export function AwaitingStatements() {
  const { t, formatDateTime, compare } = useI18n();
  const { data, loading, error, refetch } = useQuery(HomeOpenStatementsDocument, { fetchPolicy: 'cache-and-network' });
  const more = data?.statements.pageInfo.hasNextPage ?? false;
  const items = (data?.statements.edges ?? [])
    .map(({ node }) => {
      const mine = new Set(node.viewer.organisationIds);
      const waiting = node.participants.filter((p) => mine.has(p.organisationId) && WAITING.includes(p.signOnStatus));
      return { ...node, waiting };
    })
    .filter((s) => s.waiting.length > 0)
    // The nearest deadline first; those without one after, by title.
    .sort((a, b) => (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') || compare(a.title, b.title));
  return (
    <HomeSection
      id="home-statements"
      title={items.length > 0 ? t('home.statements.titleCount', { count: more ? `${items.length}+` : items.length }) : t('home.statements.title')}
      loading={loading && !data}
      error={data ? undefined : error}
      onRetry={() => void refetch()}
      empty={items.length === 0}
      emptyText={t('home.statements.none')}
      footer={
        more ? (
          <p>
            <Link to="/statements">{t('home.statements.more')}</Link>
          </p>
        ) : undefined
      }
    >
      <ul className="list home-list">
        {items.map((s) => (
          <li key={s.id} className="home-item">
            <Link to={`/statements/${s.id}`} className="home-item__title">
              {s.title}
            </Link>
            <ul className="home-item__reasons">
              {s.waiting.map((p) => (
                <li key={p.organisationId}>
                  {p.signOnStatus === 'NEEDS_RECONFIRMATION'
                    ? t('home.statements.reconfirm', { organisation: p.organisationName })
                    : t('home.statements.sign', { organisation: p.organisationName })}
                </li>
              ))}
            </ul>
            {s.deadline ? (
              <p className="meta">
                <span>
                  {t('home.statements.deadline')} <time dateTime={s.deadline}>{formatDateTime(s.deadline)}</time>
                </span>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </HomeSection>
  );
}
