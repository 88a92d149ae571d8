import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n/i18n';
import { Page, QueryState } from '../../ui/Page';
import { ThreadsDocument } from './operations';
import { spacePath, useSpaces, type Space } from './spaces';
import './threads.css';

/** The network and organisation spaces the viewer belongs to, with what is new in each. */
export function DiscussionsPage() {
  const { t } = useI18n();
  const { networks, organisations, loading, error, refetch } = useSpaces();
  return (
    <Page title={t('nav.discussions')}>
      <p className="muted">{t('threads.page.intro')}</p>
      <QueryState loading={loading} error={error} onRetry={() => void refetch()} />
      <SpaceGroup heading={t('threads.page.networks')} spaces={networks} />
      <SpaceGroup heading={t('threads.page.organisations')} spaces={organisations} />
    </Page>
  );
}

function SpaceGroup({ heading, spaces }: { heading: string; spaces: Space[] }) {
  if (spaces.length === 0) return null;
  return (
    <section>
      <h2>{heading}</h2>
      <ul className="list">
        {spaces.map((space) => (
          <li key={`${space.kind}-${space.id}`} className="card">
            <SpaceSummary space={space} />
          </li>
        ))}
      </ul>
    </section>
  );
}

const RECENT = 3;

function SpaceSummary({ space }: { space: Space }) {
  const { t } = useI18n();
  const { data, loading, error } = useQuery(ThreadsDocument, { variables: { spaceKind: space.kind, spaceId: space.id, first: 100 }, fetchPolicy: 'cache-and-network' });
  const threads = data?.threads.edges.map((e) => e.node) ?? [];
  const unread = threads.reduce((sum, th) => sum + th.unreadCount, 0);
  const mentions = threads.reduce((sum, th) => sum + th.mentionCount, 0);
  return (
    <>
      <h3>
        <Link to={spacePath(space)}>{space.name}</Link>
      </h3>
      <QueryState loading={loading && !data} error={data ? undefined : error} />
      {data ? (
        <p className="meta">
          <span>{t('threads.page.threadCount', { count: threads.length })}</span>
          {unread > 0 ? <span className="badge badge--unread">{t('threads.unread', { count: unread })}</span> : null}
          {mentions > 0 ? <span className="badge badge--unread">{t('threads.mentions', { count: mentions })}</span> : null}
        </p>
      ) : null}
      {threads.length > 0 ? (
        <ul className="thread-recent">
          {threads.slice(0, RECENT).map((thread) => (
            <li key={thread.id}>
              <Link to={spacePath(space, thread.id)}>{thread.title}</Link>
              {thread.unreadCount > 0 ? <span className="small"> · {t('threads.unread', { count: thread.unreadCount })}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
