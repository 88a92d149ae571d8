import { useApolloClient, useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import type { HomeSpaceThreadsQuery, ThreadSpaceKind } from '../../gql/graphql';
import { realtime } from '../../app/realtime';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { HomeSection } from './HomeSection';

export const HomeUnreadSummaryDocument = graphql(`
  query HomeUnreadSummary {
    unreadSummary {
      threads
      messages
      mentions
    }
    networks(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const HomeSpaceThreadsDocument = graphql(`
  query HomeSpaceThreads($spaceKind: ThreadSpaceKind!, $spaceId: ID!) {
    threads(spaceKind: $spaceKind, spaceId: $spaceId, first: 100) {
      edges {
        node {
          id
          title
          unreadCount
          mentionCount
          lastActivityAt
        }
      }
    }
  }
`);

interface Space {
  kind: ThreadSpaceKind;
  id: string;
  name: string;
}
type Thread = HomeSpaceThreadsQuery['threads']['edges'][number]['node'];
interface UnreadThread extends Thread {
  space: Space;
}

/** The threads with unread messages in the reader's network and organisation spaces (one request per space). */
function useUnreadSpaceThreads(spaces: Space[]) {
  const client = useApolloClient();
  const [state, setState] = useState<{ threads: UnreadThread[]; loading: boolean; error?: unknown }>({ threads: [], loading: true });
  const key = spaces.map((s) => `${s.kind}:${s.id}`).join(',');
  const load = useCallback(async () => {
    setState((s) => ({ ...s, loading: true, error: undefined }));
    try {
      const results = await Promise.all(
        spaces.map(async (space) => {
          const { data } = await client.query({ query: HomeSpaceThreadsDocument, variables: { spaceKind: space.kind, spaceId: space.id }, fetchPolicy: 'network-only' });
          return (data?.threads.edges ?? []).map((e) => ({ ...e.node, space }));
        }),
      );
      const threads = results
        .flat()
        .filter((t) => t.unreadCount > 0 || t.mentionCount > 0)
        .sort((a, b) => b.mentionCount - a.mentionCount || Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt));
      setState({ threads, loading: false });
    } catch (error) {
      setState((s) => ({ ...s, loading: false, error }));
    }
    // `key` stands for `spaces`.
  }, [client, key]);
  useEffect(() => {
    void load();
  }, [load]);
  return { ...state, reload: load };
}

/** Threads with messages the reader has not seen, mentions first. */
export function UnreadThreads() {
  const { t, formatDateTime } = useI18n();
  const { organisations } = useSession();
  const summary = useQuery(HomeUnreadSummaryDocument, { fetchPolicy: 'cache-and-network' });
  const networks = summary.data?.networks.edges.map((e) => e.node) ?? [];
  const spaces: Space[] = summary.data
    ? [
        ...networks.map((n) => ({ kind: 'NETWORK' as const, id: n.id, name: n.name })),
        ...organisations.map((o) => ({ kind: 'ORGANISATION' as const, id: o.id, name: o.name })),
      ]
    : [];
  const threads = useUnreadSpaceThreads(spaces);
  const { refetch } = summary;
  const { reload } = threads;

  // After a reconnect (not the first connection) the counts may have moved on.
  useEffect(() => {
    let first = true;
    return realtime.onReady(() => {
      if (first) first = false;
      else void refetch().then(() => reload());
    });
  }, [refetch, reload]);

  const counts = summary.data?.unreadSummary;
  const elsewhere = counts ? Math.max(0, counts.threads - threads.threads.length) : 0;
  return (
    <HomeSection
      id="home-threads"
      title={counts && counts.threads > 0 ? t('home.threads.titleCount', { count: counts.threads }) : t('home.threads.title')}
      loading={(summary.loading && !summary.data) || (threads.loading && threads.threads.length === 0)}
      error={summary.data ? threads.error : summary.error}
      onRetry={() => void refetch().then(() => reload())}
      empty={!counts || counts.threads === 0}
      emptyText={t('home.threads.none')}
      footer={
        <p>
          <Link to="/discussions">{t('home.threads.all')}</Link>
        </p>
      }
    >
      {counts ? (
        <p>
          {t('home.threads.summary', { messages: counts.messages })}{' '}
          {counts.mentions > 0 ? <strong>{t('home.threads.mentions', { count: counts.mentions })}</strong> : null}
        </p>
      ) : null}
      {threads.threads.length > 0 ? (
        <ul className="list home-list">
          {threads.threads.map((thread) => (
            <li key={thread.id} className="home-item">
              <Link to={`/discussions/${thread.space.kind}/${thread.space.id}?thread=${thread.id}`} className="home-item__title">
                {thread.title}
              </Link>
              <p className="meta">
                <span>{thread.space.name}</span>
                <time dateTime={thread.lastActivityAt}>{formatDateTime(thread.lastActivityAt)}</time>
              </p>
              <p className="home-item__reason">
                {thread.unreadCount > 0 ? <span className="badge badge--unread">{t('home.threads.unread', { count: thread.unreadCount })}</span> : null}{' '}
                {thread.mentionCount > 0 ? <span className="badge home-badge--mention">{t('home.threads.mentioned', { count: thread.mentionCount })}</span> : null}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
      {elsewhere > 0 ? <p className="muted">{t('home.threads.elsewhere', { count: elsewhere })}</p> : null}
    </HomeSection>
  );
}
