import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppLogger } from '@sw/config';
import { conflict } from '@sw/graphql';
import {
  RealtimeInstances, RealtimePublisher, type RealtimeSocket, type ThreadMessageEvent, threadRoom,
} from '@sw/realtime';
import { DISCUSSION_LIMITS } from './discussions.limits.js';
import { loadMessages, type MessageView } from './message-view.js';
import { ThreadAudience } from './thread-audience.js';
import { Feed, type Subscription } from './thread-feed.js';
import { ThreadEntity } from './thread.entity.js';

/** What changed in a thread, as every instance hears it (ids only: each reads what it sends). */
export type FeedSignal =
  | { threadId: string; kind: 'messages' }
  | { threadId: string; kind: 'message'; messageId: string; event: 'message.updated' | 'message.deleted' | 'reaction.changed' }
  | { threadId: string; kind: 'thread' }
  | { threadId: string; kind: 'recheck' }
  | { threadId: string; kind: 'purged'; throughSeq: number };

const CHANNEL = 'discussions.feed';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface Backlog {
  messages: ThreadMessageEvent[];
  hasMore: boolean;
}

/**
 * Delivers a thread's messages to the sockets subscribed to it on this instance, per socket in
 * seq order, without gaps or duplicates, including across the subscribe boundary (backlog in the
 * ack, live messages after it). Messages are read from the database on a signal, so signals may
 * arrive late, twice or out of order (they cross instances through the adapter) without harm.
 * Only sockets still in the thread's room are sent anything: taking a socket out of the room (a
 * revoked session, a narrowed audience) stops its events at once.
 */
@Injectable()
export class ThreadDelivery implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly feeds = new Map<string, Feed>();
  private readonly threadsOf = new WeakMap<RealtimeSocket, Set<string>>();
  private readonly log: Logger;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly instances: RealtimeInstances,
    private readonly publisher: RealtimePublisher,
    private readonly audience: ThreadAudience,
    logger: AppLogger,
  ) {
    this.log = logger.pino.child({ context: 'discussions' });
  }

  onModuleInit(): void {
    this.instances.on(CHANNEL, (payload) => this.receive(payload));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), DISCUSSION_LIMITS.roomRecheckMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Tells every instance (call after the change committed). */
  signal(signal: FeedSignal): void {
    this.instances.broadcast(CHANNEL, signal);
  }

  /** Call once the caller's access was checked: joins the room, answers with what was missed; live messages follow. */
  subscribe(socket: RealtimeSocket, threadId: string, afterSeq: number): Promise<Backlog> {
    const current = this.threadsOf.get(socket);
    if (current && !current.has(threadId) && current.size >= DISCUSSION_LIMITS.subscriptionsPerSocket) {
      throw conflict(`A connection can follow at most ${DISCUSSION_LIMITS.subscriptionsPerSocket} threads; unsubscribe from some first`, 'threadId');
    }
    const feed = this.feedOf(threadId);
    return feed.run(async () => {
      if (!socket.connected) return { messages: [], hasMore: false };
      const views = await loadMessages(this.dataSource.manager, 'WHERE m.thread_id = :threadId AND m.seq > :afterSeq', { threadId, afterSeq },
        `ORDER BY m.seq LIMIT ${DISCUSSION_LIMITS.backlogMessages + 1}`);
      let characters = 0;
      let cut = Math.min(views.length, DISCUSSION_LIMITS.backlogMessages);
      for (let i = 0; i < cut; i++) {
        characters += views[i]!.row.body?.length ?? 0;
        if (characters > DISCUSSION_LIMITS.backlogCharacters && i > 0) cut = i;
      }
      const sent = views.slice(0, cut);
      const hasMore = views.length > cut;
      // Joined only now, inside the feed's queue: no delivery runs between the backlog and the join.
      await socket.join(threadRoom(threadId));
      feed.subscriptions.set(socket.id, { socket, delivered: sent.at(-1)?.seq ?? afterSeq, catchingUp: hasMore });
      this.track(socket, threadId);
      return { messages: sent.map((v) => v.forViewer(socket.data.userId)), hasMore };
    });
  }

  /** Leaves the room; false when the socket was not subscribed. */
  async unsubscribe(socket: RealtimeSocket, threadId: string): Promise<boolean> {
    const feed = this.feeds.get(threadId);
    if (!feed?.subscriptions.has(socket.id)) return false;
    await feed.run(async () => this.drop(feed, socket));
    return true;
  }

  /** Subscribed and still in the room. */
  isSubscribed(socket: RealtimeSocket, threadId: string): boolean {
    return this.feeds.get(threadId)?.subscriptions.has(socket.id) === true && socket.rooms.has(threadRoom(threadId));
  }

  /** Re-checks every subscription of this instance against its thread's audience, and catches up any delivery a lost signal missed. */
  async sweep(): Promise<void> {
    for (const feed of [...this.feeds.values()]) {
      await feed.run(() => this.recheck(feed)).catch((error: unknown) => this.fail('recheck', error));
      this.queueFetch(feed);
    }
  }

  private receive(payload: Record<string, unknown>): void {
    const signal = payload as FeedSignal;
    if (typeof signal.threadId !== 'string' || !UUID.test(signal.threadId)) return;
    const feed = this.feeds.get(signal.threadId);
    if (!feed) return;
    switch (signal.kind) {
      case 'messages':
        this.queueFetch(feed);
        return;
      case 'message':
        if (typeof signal.messageId === 'string' && UUID.test(signal.messageId)) {
          void feed.run(() => this.sendChange(feed, signal.messageId, signal.event)).catch((error: unknown) => this.fail(signal.event, error));
        }
        return;
      case 'thread':
        void feed.run(() => this.sendState(feed)).catch((error: unknown) => this.fail('thread.updated', error));
        return;
      case 'recheck':
        void feed.run(() => this.recheck(feed)).catch((error: unknown) => this.fail('recheck', error));
        return;
      case 'purged':
        if (Number.isSafeInteger(signal.throughSeq)) {
          void feed.run(async () => {
            for (const s of this.live(feed, true)) s.socket.emit('messages.purged', { threadId: feed.threadId, throughSeq: signal.throughSeq });
          }).catch((error: unknown) => this.fail('messages.purged', error));
        }
        return;
    }
  }

  /** At most one fetch waits in the queue: signals that arrive meanwhile are served by it. */
  private queueFetch(feed: Feed): void {
    if (feed.fetchQueued) return;
    feed.fetchQueued = true;
    void feed.run(async () => {
      feed.fetchQueued = false;
      await this.sendNew(feed);
    }).catch((error: unknown) => this.fail('message.created', error));
  }

  private async sendNew(feed: Feed): Promise<void> {
    let subscriptions = this.live(feed, false);
    if (subscriptions.length === 0) return;
    let from = Math.min(...subscriptions.map((s) => s.delivered));
    for (;;) {
      const views = await loadMessages(this.dataSource.manager, 'WHERE m.thread_id = :threadId AND m.seq > :from', { threadId: feed.threadId, from },
        `ORDER BY m.seq LIMIT ${DISCUSSION_LIMITS.deliveryBatch}`);
      subscriptions = this.live(feed, false);
      for (const s of subscriptions) {
        for (const view of views) {
          if (view.seq <= s.delivered) continue;
          s.socket.emit('message.created', view.forViewer(s.socket.data.userId));
          s.delivered = view.seq;
        }
      }
      if (views.length < DISCUSSION_LIMITS.deliveryBatch || subscriptions.length === 0) return;
      from = views.at(-1)!.seq;
    }
  }

  /** A change to a message goes to the sockets that already have it; the others will get its current state with it. */
  private async sendChange(feed: Feed, messageId: string, event: 'message.updated' | 'message.deleted' | 'reaction.changed'): Promise<void> {
    const [view] = await loadMessages(this.dataSource.manager, 'WHERE m.id = :messageId AND m.thread_id = :threadId', { messageId, threadId: feed.threadId });
    if (!view) return;
    for (const s of this.live(feed, true)) {
      if (view.seq > s.delivered) continue;
      this.emitChange(s.socket, view, event);
    }
  }

  private emitChange(socket: RealtimeSocket, view: MessageView, event: 'message.updated' | 'message.deleted' | 'reaction.changed'): void {
    const shown = view.forViewer(socket.data.userId);
    const { threadId, id, seq, version } = shown;
    if (event === 'message.deleted' && shown.deletedAt) socket.emit('message.deleted', { threadId, id, seq, version, deletedAt: shown.deletedAt });
    else if (event === 'reaction.changed') socket.emit('reaction.changed', { threadId, messageId: id, seq, version, reactions: shown.reactions });
    else socket.emit('message.updated', shown);
  }

  private async sendState(feed: Feed): Promise<void> {
    const thread = await this.dataSource.getRepository(ThreadEntity).findOneBy({ id: feed.threadId });
    if (!thread) return;
    const state = {
      threadId: thread.id, title: thread.title, locked: thread.lockedAt !== null, resolved: thread.resolvedAt !== null,
      retentionDays: thread.retentionDays, lastSeq: thread.lastSeq,
    };
    for (const s of this.live(feed, true)) s.socket.emit('thread.updated', state);
  }

  /** Takes out of the room every local socket whose user is no longer in the thread's audience. */
  private async recheck(feed: Feed): Promise<void> {
    const subscriptions = this.live(feed, true);
    if (subscriptions.length === 0) return;
    const thread = await this.dataSource.getRepository(ThreadEntity).findOneBy({ id: feed.threadId });
    const present = [...new Set(subscriptions.map((s) => s.socket.data.userId))];
    const allowed = thread ? await this.audience.userIds(this.dataSource.manager, thread, present) : new Set<string>();
    for (const s of subscriptions) {
      if (allowed.has(s.socket.data.userId)) continue;
      this.log.debug('socket taken out of a thread room: no longer in its audience');
      this.drop(feed, s.socket);
      s.socket.emit('thread.left', { threadId: feed.threadId });
    }
  }

  /** Subscriptions whose socket is still connected and in the room (the others are forgotten); `all` includes those catching up. */
  private live(feed: Feed, all: boolean): Subscription[] {
    const room = threadRoom(feed.threadId);
    const result: Subscription[] = [];
    for (const s of [...feed.subscriptions.values()]) {
      if (!s.socket.connected || !s.socket.rooms.has(room)) {
        this.drop(feed, s.socket);
        continue;
      }
      if (all || !s.catchingUp) result.push(s);
    }
    return result;
  }

  private drop(feed: Feed, socket: RealtimeSocket): void {
    const had = feed.subscriptions.delete(socket.id);
    void socket.leave(threadRoom(feed.threadId));
    this.threadsOf.get(socket)?.delete(feed.threadId);
    this.forgetIfIdle(feed);
    if (had) this.announceAbsence(feed.threadId, socket.data.userId);
  }

  /** A feed with no subscription and no queued step is forgotten (a queued subscribe keeps it). */
  private readonly forgetIfIdle = (feed: Feed): void => {
    if (feed.subscriptions.size === 0 && feed.pending === 0 && this.feeds.get(feed.threadId) === feed) this.feeds.delete(feed.threadId);
  };

  private track(socket: RealtimeSocket, threadId: string): void {
    let threads = this.threadsOf.get(socket);
    if (!threads) {
      threads = new Set();
      this.threadsOf.set(socket, threads);
      socket.once('disconnect', () => {
        for (const id of [...(this.threadsOf.get(socket) ?? [])]) {
          const feed = this.feeds.get(id);
          if (feed) this.drop(feed, socket);
        }
      });
    }
    threads.add(threadId);
  }

  private feedOf(threadId: string): Feed {
    let feed = this.feeds.get(threadId);
    if (!feed) {
      feed = new Feed(threadId, this.forgetIfIdle);
      this.feeds.set(threadId, feed);
    }
    return feed;
  }

  /**
   * `presence: false` once the user has no socket left in the room on this instance. Asking the
   * other instances on every disconnect would cost a round trip each (and wait out any instance
   * that just died), so a user with sockets on two instances may briefly show as absent;
   * `thread:presence` asks every instance and is the answer of record.
   */
  private announceAbsence(threadId: string, userId: string): void {
    const room = threadRoom(threadId);
    if (this.instances.localSocketsIn(room).some((socket) => socket.data.userId === userId)) return;
    this.publisher.toRoom(room, 'presence', { threadId, userId, present: false });
  }

  private fail(what: string, error: unknown): void {
    this.log.error({ what, err: error instanceof Error ? `${error.name}: ${error.message}` : typeof error }, 'thread delivery failed');
  }
}
