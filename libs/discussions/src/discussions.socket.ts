import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { badInput, notFound, rateLimited } from '@sw/graphql';
import {
  type LiveAuth, RealtimeInbound, RealtimeInstances, RealtimePublisher, type RealtimeSocket, TokenBucket, threadRoom,
} from '@sw/realtime';
import { DISCUSSION_LIMITS } from './discussions.limits.js';
import { MessageService } from './message.service.js';
import { ThreadAudience } from './thread-audience.js';
import { ThreadDelivery } from './thread-delivery.js';
import { ThreadService } from './thread.service.js';

const id = z.uuid({ message: 'must be an id' });
const seq = z.number().int().min(0).max(2_147_483_647);
const threadOnly = z.strictObject({ threadId: id });
const messageOnly = z.strictObject({ messageId: id });

const SCHEMAS = {
  subscribe: z.strictObject({ threadId: id, afterSeq: seq.default(0) }),
  read: z.strictObject({ threadId: id, seq }),
  // The body's length is checked by the service (MESSAGE_MAX_LENGTH), as for GraphQL; the frame limit bounds it before that.
  post: z.strictObject({
    threadId: id,
    clientId: id,
    body: z.string(),
    replyToId: id.nullish(),
    importance: z.enum(['NORMAL', 'IMPORTANT', 'URGENT']).nullish(),
    requestAcknowledgement: z.boolean().nullish(),
    mentionUserIds: z.array(id).max(DISCUSSION_LIMITS.mentionsPerMessage).nullish(),
    mentionThread: z.boolean().nullish(),
  }),
  edit: z.strictObject({ messageId: id, body: z.string() }),
  react: z.strictObject({ messageId: id, emoji: z.string().max(64), reacted: z.boolean() }),
};

/**
 * The socket side of threads. Every event runs with the caller's fresh session (RealtimeInbound)
 * and goes through the same services and checks as GraphQL. `thread:subscribe` is the only way
 * into a thread's room.
 */
@Injectable()
export class DiscussionsSocket implements OnModuleInit {
  private readonly typingBuckets = new WeakMap<RealtimeSocket, Map<string, TokenBucket>>();

  constructor(
    private readonly inbound: RealtimeInbound,
    private readonly instances: RealtimeInstances,
    private readonly publisher: RealtimePublisher,
    private readonly delivery: ThreadDelivery,
    private readonly threads: ThreadService,
    private readonly messages: MessageService,
    private readonly audience: ThreadAudience,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const { inbound } = this;
    inbound.register('thread:subscribe', SCHEMAS.subscribe, async ({ threadId, afterSeq }, { socket, ...caller }) => {
      const { thread } = await this.threads.find(caller, threadId);
      // A socket's session facts may be a second old (RealtimeSessions.ensureLive); joining a room is checked against the database too.
      if (!(await this.audience.includes(this.dataSource.manager, thread, caller.actor.userId))) throw notFound('Thread');
      if (afterSeq > thread.lastSeq) throw badInput('afterSeq', `is beyond the last message of the thread (${thread.lastSeq})`);
      const backlog = await this.delivery.subscribe(socket, threadId, afterSeq);
      this.publisher.toRoom(threadRoom(threadId), 'presence', { threadId, userId: caller.actor.userId, present: true });
      return { threadId, lastSeq: thread.lastSeq, ...backlog };
    });
    inbound.register('thread:unsubscribe', threadOnly, async ({ threadId }, { socket }) => ({
      unsubscribed: await this.delivery.unsubscribe(socket, threadId),
    }));
    inbound.register('thread:typing', threadOnly, ({ threadId }, { socket, actor }) => {
      this.subscribed(socket, threadId);
      if (!this.typingBucket(socket, threadId).take()) throw rateLimited(Math.ceil(DISCUSSION_LIMITS.typingWindowMs / DISCUSSION_LIMITS.typingBurst / 1000));
      socket.to(threadRoom(threadId)).emit('typing', { threadId, userId: actor.userId });
      return { sent: true };
    });
    inbound.register('thread:presence', threadOnly, async ({ threadId }, { socket }) => {
      this.subscribed(socket, threadId);
      return { threadId, userIds: [...(await this.instances.usersIn(threadRoom(threadId)))].sort() };
    });
    inbound.register('thread:read', SCHEMAS.read, async ({ threadId, seq: upTo }, caller) => {
      await this.threads.markRead(callerOf(caller), threadId, upTo);
      return { threadId, seq: upTo };
    });
    inbound.register('message:post', SCHEMAS.post, async (input, caller) => ({
      message: (await this.messages.post(callerOf(caller), input)).forViewer(caller.actor.userId),
    }));
    inbound.register('message:edit', SCHEMAS.edit, async ({ messageId, body }, caller) => ({
      message: (await this.messages.edit(callerOf(caller), messageId, body)).forViewer(caller.actor.userId),
    }));
    inbound.register('message:delete', messageOnly, async ({ messageId }, caller) => ({
      message: (await this.messages.delete(callerOf(caller), messageId)).forViewer(caller.actor.userId),
    }));
    inbound.register('message:react', SCHEMAS.react, async ({ messageId, emoji, reacted }, caller) => ({
      message: (await this.messages.react(callerOf(caller), messageId, emoji, reacted)).forViewer(caller.actor.userId),
    }));
    inbound.register('message:acknowledge', messageOnly, async ({ messageId }, caller) => ({
      message: (await this.messages.acknowledge(callerOf(caller), messageId)).forViewer(caller.actor.userId),
    }));
  }

  /** Ephemeral events need a subscription (and so a checked caller in the room); otherwise the thread does not exist for them. */
  private subscribed(socket: RealtimeSocket, threadId: string): void {
    if (!this.delivery.isSubscribed(socket, threadId)) throw notFound('Thread');
  }

  private typingBucket(socket: RealtimeSocket, threadId: string): TokenBucket {
    let buckets = this.typingBuckets.get(socket);
    if (!buckets) {
      buckets = new Map();
      this.typingBuckets.set(socket, buckets);
    }
    let bucket = buckets.get(threadId);
    if (!bucket) {
      bucket = new TokenBucket(DISCUSSION_LIMITS.typingBurst, DISCUSSION_LIMITS.typingWindowMs);
      buckets.set(threadId, bucket);
    }
    return bucket;
  }
}

const callerOf = ({ actor, ability }: LiveAuth) => ({ actor, ability });
