import { useMutation, useQuery } from '@apollo/client/react';
import { Fragment, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { realtime } from '../../app/realtime';
import type { DiscussionThreadQuery } from '../../gql/graphql';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { QueryState } from '../../ui/Page';
import { Composer } from './Composer';
import { MessageItem } from './MessageItem';
import { heldThrough, peopleOf, sortedMessages, type Person } from './model';
import { SetThreadLockedDocument, SetThreadResolvedDocument, ThreadDocument } from './operations';
import { describeSocketFailure } from './socketErrors';
import { useThreadFeed } from './useThreadFeed';

/** An open thread: its messages, live, and the composer. */
export function ThreadView({ threadId, onClose }: { threadId: string; onClose(): void }) {
  const { viewer } = useSession();
  const { data, loading, error, refetch } = useQuery(ThreadDocument, { variables: { threadId }, fetchPolicy: 'cache-and-network' });
  const thread = data?.thread;
  if (!thread) {
    return (
      <div className="thread-view">
        <BackButton onClose={onClose} />
        <QueryState loading={loading} error={error} onRetry={() => void refetch()} />
      </div>
    );
  }
  return <LiveThread key={threadId} thread={thread} viewerId={viewer.id} onClose={onClose} />;
}

function BackButton({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  return (
    <button type="button" className="link" onClick={onClose}>
      ← {t('threads.backToList')}
    </button>
  );
}

type ThreadData = DiscussionThreadQuery['thread'];

function LiveThread({ thread, viewerId, onClose }: { thread: ThreadData; viewerId: string; onClose(): void }) {
  const { t, formatDateTime } = useI18n();
  const feed = useThreadFeed(thread.id, viewerId);
  const status = useSyncExternalStore(realtime.subscribeStatus, realtime.getStatus);
  // Where "new" starts is fixed when the thread is opened, so the marker does not move while reading.
  // Only for messages that were already there: those arriving while the thread is open are read as they come.
  const [firstUnread] = useState(thread.lastReadSeq < thread.lastSeq ? thread.lastReadSeq + 1 : null);
  const locked = feed.state.locked ?? thread.locked;
  const resolved = feed.state.resolved ?? thread.resolved;
  const title = feed.state.title ?? thread.title;
  const messages = useMemo(() => sortedMessages(feed.messages), [feed.messages]);
  const people = useMemo(() => peopleOf(feed.messages, viewerId), [feed.messages, viewerId]);
  const live = status === 'online' && feed.subscribed;
  const mayResolve = thread.viewerCanModerate || thread.createdBy?.id === viewerId;
  useMarkRead(thread.id, thread.lastReadSeq, live ? heldThrough(feed.messages) : 0);

  const [setResolved, resolving] = useMutation(SetThreadResolvedDocument);
  const [setLocked, locking] = useMutation(SetThreadLockedDocument);

  return (
    <div className="thread-view">
      <BackButton onClose={onClose} />
      <header className="thread-view__head">
        <h3 id={`thread-${thread.id}-title`}>{title}</h3>
        <p className="meta">
          {resolved ? <span className="badge">{t('threads.resolved')}</span> : null}
          {locked ? <span className="badge">{t('threads.locked')}</span> : null}
          {thread.createdBy ? <span>{t('threads.startedBy', { name: thread.createdBy.displayName })}</span> : null}
        </p>
        {mayResolve || thread.viewerCanModerate ? (
          <div className="toolbar">
            {mayResolve ? (
              <button type="button" disabled={resolving.loading} onClick={() => void setResolved({ variables: { threadId: thread.id, resolved: !resolved } }).catch(() => undefined)}>
                {resolved ? t('threads.reopen') : t('threads.resolve')}
              </button>
            ) : null}
            {thread.viewerCanModerate ? (
              <button type="button" disabled={locking.loading} onClick={() => void setLocked({ variables: { threadId: thread.id, locked: !locked } }).catch(() => undefined)}>
                {locked ? t('threads.unlock') : t('threads.lock')}
              </button>
            ) : null}
          </div>
        ) : null}
        <ErrorMessage error={resolving.error ?? locking.error} />
      </header>

      <p className={`thread-connection thread-connection--${live ? 'live' : 'waiting'}`} role="status">
        {live ? t('threads.connection.live') : status === 'online' ? t('threads.connection.joining') : t('threads.connection.offline')}
      </p>
      {feed.subscribeError ? <p className="error" role="alert">{describeSocketFailure(feed.subscribeError, t)}</p> : null}
      {feed.left ? <p className="error" role="alert">{t('threads.left')}</p> : null}

      <QueryState loading={!feed.loaded && !feed.loadError} error={feed.loadError} />
      {feed.older.hasMore ? (
        <div>
          <button type="button" onClick={() => void feed.loadOlder()} disabled={feed.older.loading}>
            {t('threads.loadOlder')}
          </button>
          <ErrorMessage error={feed.older.error} />
        </div>
      ) : null}
      {feed.loaded && messages.length === 0 ? <p className="muted">{t('threads.noMessages')}</p> : null}
      <div role="log" aria-labelledby={`thread-${thread.id}-title`}>
      <ol className="thread-messages">
        {messages.map((message) => (
          <Fragment key={message.seq}>
            {message.seq === firstUnread && message.author.id !== viewerId ? (
              <li className="thread-unread-marker">
                <span>{t('threads.newMessages')}</span>
              </li>
            ) : null}
            <li>
              <MessageItem message={message} viewerId={viewerId} canModerate={thread.viewerCanModerate} locked={locked} onChanged={feed.apply} />
            </li>
          </Fragment>
        ))}
      </ol>
      </div>
      <Typing typing={feed.typing} people={people} />
      <Presence present={feed.present} viewerId={viewerId} />
      {locked && !thread.viewerCanModerate ? (
        <p className="notice">{t('threads.lockedHint')}</p>
      ) : (
        <Composer threadId={thread.id} people={people} outbox={feed.outbox} failure={feed.postFailure} live={live} post={feed.post} retry={feed.retry} />
      )}
      <p className="small muted">{t('threads.lastActivity', { time: formatDateTime(thread.lastActivityAt) })}</p>
    </div>
  );
}

function Typing({ typing, people }: { typing: ReadonlyMap<string, number>; people: Person[] }) {
  const { t } = useI18n();
  const names = [...typing.keys()].map((id) => people.find((p) => p.id === id)?.displayName ?? t('threads.typing.someone'));
  return (
    <p className="thread-typing small muted" role="status">
      {names.length === 0 ? '' : names.length === 1 ? t('threads.typing.one', { name: names[0]! }) : t('threads.typing.many', { count: names.length })}
    </p>
  );
}

function Presence({ present, viewerId }: { present: ReadonlySet<string>; viewerId: string }) {
  const { t } = useI18n();
  const others = [...present].filter((id) => id !== viewerId).length;
  if (others === 0) return null;
  return <p className="small muted">{t('threads.presence', { count: others })}</p>;
}

/** Moves the read marker to what is on screen while the page is visible. */
function useMarkRead(threadId: string, initial: number, seen: number) {
  const marked = useRef(initial);
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const changed = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', changed);
    return () => document.removeEventListener('visibilitychange', changed);
  }, []);
  useEffect(() => {
    if (!visible || seen <= marked.current) return;
    const timer = setTimeout(() => {
      realtime.request('thread:read', { threadId, seq: seen }).then(
        () => {
          marked.current = Math.max(marked.current, seen);
        },
        () => undefined,
      );
    }, 500);
    return () => clearTimeout(timer);
  }, [threadId, seen, visible]);
}
