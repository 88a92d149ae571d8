import { useApolloClient } from '@apollo/client/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { readDraft, writeDraft } from '../../app/drafts';
import { realtime, RealtimeError } from '../../app/realtime';
import {
  applyDeleted, applyReactions, dropThrough, heldThrough, mergeMessages,
  type DeletedEvent, type Messages, type OutgoingPost, type ReactionEvent, type ThreadMessage, type ThreadState,
} from './model';
import { ThreadMessagesDocument } from './operations';

const PAGE = 30;
const TYPING_SHOWN_MS = 5_000;

interface SubscribeReply {
  threadId: string;
  lastSeq: number;
  messages: ThreadMessage[];
  hasMore: boolean;
}

/** Outgoing posts are kept with the drafts (sessionStorage): a reload re-sends them with the same clientId. */
const outboxKey = (threadId: string) => `thread.${threadId}.outbox`;
function loadOutbox(threadId: string): OutgoingPost[] {
  try {
    const parsed: unknown = JSON.parse(readDraft(outboxKey(threadId)) ?? '[]');
    return Array.isArray(parsed) ? (parsed as OutgoingPost[]) : [];
  } catch {
    return [];
  }
}
function saveOutbox(threadId: string, posts: OutgoingPost[]): void {
  writeDraft(outboxKey(threadId), posts.length ? JSON.stringify(posts) : '');
}

export interface PostFailure {
  clientId: string;
  error: RealtimeError;
  /** The server refused it: retrying will not help, the text needs changing. */
  refused: boolean;
}

const RETRYABLE = new Set(['network', 'RATE_LIMITED', 'INTERNAL_SERVER_ERROR']);

/**
 * One open thread, live: the latest messages from GraphQL, then `thread:subscribe` from the
 * highest seq held on every (re)connection, so what was missed arrives once and in order; live
 * events are merged by seq and version. Posts go over the socket with a clientId and are re-sent
 * with it after a reconnect until the server acknowledges them.
 */
export function useThreadFeed(threadId: string, viewerId: string) {
  const client = useApolloClient();
  const [messages, setMessages] = useState<Messages>(new Map());
  const messagesRef = useRef<Messages>(messages);
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [older, setOlder] = useState<{ cursor: string | null; hasMore: boolean; loading: boolean; error: unknown }>({ cursor: null, hasMore: false, loading: false, error: null });
  const [subscribed, setSubscribed] = useState(false);
  const [subscribeError, setSubscribeError] = useState<unknown>(null);
  const [left, setLeft] = useState(false);
  const [state, setState] = useState<Partial<ThreadState>>({});
  const [typing, setTyping] = useState<ReadonlyMap<string, number>>(new Map());
  const [present, setPresent] = useState<ReadonlySet<string>>(new Set());
  const [outbox, setOutbox] = useState<OutgoingPost[]>(() => loadOutbox(threadId));
  const [postFailure, setPostFailure] = useState<PostFailure | null>(null);
  const inFlight = useRef(new Set<string>());

  const update = useCallback((change: (current: Messages) => Messages) => {
    messagesRef.current = change(messagesRef.current);
    setMessages(messagesRef.current);
  }, []);

  // The latest page, before anything live.
  useEffect(() => {
    let cancelled = false;
    messagesRef.current = new Map();
    setMessages(messagesRef.current);
    setLoaded(false);
    setLoadError(null);
    setLeft(false);
    setOutbox(loadOutbox(threadId));
    client
      .query({ query: ThreadMessagesDocument, variables: { threadId, last: PAGE }, fetchPolicy: 'network-only' })
      .then(({ data }) => {
        if (cancelled || !data) return;
        const page = data.threadMessages;
        update((current) => mergeMessages(current, page.edges.map((e) => e.node)));
        setOlder({ cursor: page.pageInfo.startCursor ?? null, hasMore: page.pageInfo.hasPreviousPage, loading: false, error: null });
        setLoaded(true);
      })
      .catch((error: unknown) => {
        if (!cancelled) setLoadError(error);
      });
    return () => {
      cancelled = true;
    };
  }, [client, threadId, update]);

  const send = useCallback(
    async (post: OutgoingPost) => {
      if (inFlight.current.has(post.clientId)) return;
      inFlight.current.add(post.clientId);
      try {
        const { message } = await realtime.request<{ message: ThreadMessage }>('message:post', {
          threadId: post.threadId,
          clientId: post.clientId,
          body: post.body,
          importance: post.importance,
          requestAcknowledgement: post.requestAcknowledgement,
          mentionUserIds: post.mentionUserIds,
          mentionThread: post.mentionThread,
        });
        update((current) => mergeMessages(current, [message]));
        setOutbox((current) => {
          const next = current.filter((p) => p.clientId !== post.clientId);
          saveOutbox(threadId, next);
          return next;
        });
        setPostFailure((f) => (f?.clientId === post.clientId ? null : f));
      } catch (error) {
        const failure = error instanceof RealtimeError ? error : new RealtimeError('unknown', String(error));
        // Refused by the server (too long, locked…): it will not go through by retrying, so it leaves the outbox.
        const refused = !RETRYABLE.has(failure.code);
        if (refused) {
          setOutbox((current) => {
            const next = current.filter((p) => p.clientId !== post.clientId);
            saveOutbox(threadId, next);
            return next;
          });
        }
        setPostFailure({ clientId: post.clientId, error: failure, refused });
        throw failure;
      } finally {
        inFlight.current.delete(post.clientId);
      }
    },
    [threadId, update],
  );

  /** Queues a post and sends it; resolves once acknowledged, rejects with what the server said. */
  const post = useCallback(
    (post: OutgoingPost) => {
      setOutbox((current) => {
        const next = [...current, post];
        saveOutbox(threadId, next);
        return next;
      });
      setPostFailure(null);
      return send(post);
    },
    [send, threadId],
  );

  // Subscribes on every (re)connection from the highest seq held, then re-sends what was not acknowledged.
  useEffect(() => {
    if (!loaded) return;
    let active = true;
    const subscribe = async () => {
      setSubscribed(false);
      try {
        for (;;) {
          const reply = await realtime.request<SubscribeReply>('thread:subscribe', { threadId, afterSeq: heldThrough(messagesRef.current) });
          if (!active) return;
          update((current) => mergeMessages(current, reply.messages));
          if (!reply.hasMore) break;
        }
        setSubscribeError(null);
        setSubscribed(true);
        realtime.request<{ userIds: string[] }>('thread:presence', { threadId }).then(
          (reply) => active && setPresent(new Set(reply.userIds)),
          () => undefined,
        );
        for (const pending of loadOutbox(threadId)) void send(pending).catch(() => undefined);
      } catch (error) {
        if (active) setSubscribeError(error);
      }
    };
    const ours = <T extends { threadId: string }>(handler: (payload: T) => void) => (payload: T) => {
      if (active && payload.threadId === threadId) handler(payload);
    };
    const offs = [
      realtime.on<ThreadMessage>('message.created', ours((m) => {
        update((c) => mergeMessages(c, [m]));
        setTyping((current) => {
          if (!current.has(m.author.id)) return current;
          const next = new Map(current);
          next.delete(m.author.id);
          return next;
        });
      })),
      realtime.on<ThreadMessage>('message.updated', ours((m) => update((c) => mergeMessages(c, [m])))),
      realtime.on<DeletedEvent>('message.deleted', ours((e) => update((c) => applyDeleted(c, e)))),
      realtime.on<ReactionEvent>('reaction.changed', ours((e) => update((c) => applyReactions(c, e)))),
      realtime.on<{ threadId: string; throughSeq: number }>('messages.purged', ours((e) => update((c) => dropThrough(c, e.throughSeq)))),
      realtime.on<ThreadState & { threadId: string }>('thread.updated', ours((s) => setState({ title: s.title, locked: s.locked, resolved: s.resolved, lastSeq: s.lastSeq }))),
      realtime.on<{ threadId: string; userId: string }>('typing', ours(({ userId }) => {
        if (userId !== viewerId) setTyping((current) => new Map(current).set(userId, Date.now() + TYPING_SHOWN_MS));
      })),
      realtime.on<{ threadId: string; userId: string; present: boolean }>('presence', ours(({ userId, present: here }) => {
        setPresent((current) => {
          const next = new Set(current);
          if (here) next.add(userId);
          else next.delete(userId);
          return next;
        });
      })),
      realtime.on<{ threadId: string }>('thread.left', ours(() => setLeft(true))),
      realtime.onReady(() => void subscribe()),
    ];
    const offStatus = realtime.subscribeStatus(() => {
      if (realtime.getStatus() !== 'online') setSubscribed(false);
    });
    return () => {
      active = false;
      for (const off of offs) off();
      offStatus();
      realtime.request('thread:unsubscribe', { threadId }).catch(() => undefined);
    };
  }, [loaded, send, threadId, update, viewerId]);

  // Typing notes fade out by themselves.
  useEffect(() => {
    if (typing.size === 0) return;
    const timer = setTimeout(() => {
      const now = Date.now();
      setTyping((current) => new Map([...current].filter(([, until]) => until > now)));
    }, 1_000);
    return () => clearTimeout(timer);
  }, [typing]);

  const loadOlder = useCallback(async () => {
    if (!older.cursor) return;
    setOlder((o) => ({ ...o, loading: true, error: null }));
    try {
      const { data } = await client.query({ query: ThreadMessagesDocument, variables: { threadId, last: PAGE, before: older.cursor }, fetchPolicy: 'network-only' });
      if (!data) return;
      const page = data.threadMessages;
      update((current) => mergeMessages(current, page.edges.map((e) => e.node)));
      setOlder({ cursor: page.pageInfo.startCursor ?? older.cursor, hasMore: page.pageInfo.hasPreviousPage, loading: false, error: null });
    } catch (error) {
      setOlder((o) => ({ ...o, loading: false, error }));
    }
  }, [client, older.cursor, threadId, update]);

  /** Replaces a message with the server's answer to an edit, reaction, deletion or acknowledgement. */
  const apply = useCallback((message: ThreadMessage) => update((current) => mergeMessages(current, [message])), [update]);

  return {
    messages, loaded, loadError, older, loadOlder, subscribed, subscribeError, left, state, typing, present, outbox, postFailure, post, apply,
    retry: (pending: OutgoingPost) => send(pending),
  };
}
