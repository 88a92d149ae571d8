import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '@sw/audit';
import { AppConfig } from '@sw/config';
import { newId, RateLimiter, returning } from '@sw/database';
import { Outbox, Transactions } from '@sw/events';
import { badInput, conflict, forbidden, notFound, rateLimited } from '@sw/graphql';
import type { MessageImportance } from '@sw/realtime';
import { DISCUSSION_LIMITS } from './discussions.limits.js';
import { loadMessages, type MessageView } from './message-view.js';
import { isUniqueViolation, namedQuery } from './sql.js';
import { ThreadAccess } from './thread-access.js';
import { ThreadAudience } from './thread-audience.js';
import type { Caller } from './thread-subjects.js';
import { ThreadService, threadLocked } from './thread.service.js';

export interface PostMessage {
  threadId: string;
  clientId: string;
  body: string;
  replyToId?: string | null;
  importance?: MessageImportance | null;
  requestAcknowledgement?: boolean | null;
  mentionUserIds?: string[] | null;
  mentionThread?: boolean | null;
}

/** A message the caller may read, locked, with what the caller may do in its thread. */
interface LockedMessage {
  id: string;
  thread_id: string;
  author_id: string;
  body: string | null;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  acknowledgement_requested: boolean;
  locked: boolean;
  moderator: boolean;
  space_network_id: string | null;
  space_organisation_id: string | null;
}

const SEGMENTER = new Intl.Segmenter('en', { granularity: 'grapheme' });
const EMOJI = /^(?:[#*0-9]\uFE0F?\u20E3|(?:\p{Extended_Pictographic}|\p{Regional_Indicator})[\p{Extended_Pictographic}\p{Emoji_Component}\p{Emoji_Modifier}\u200D\uFE0F]*)$/u;

export function checkEmoji(emoji: string): void {
  if (emoji.length > 32 || !EMOJI.test(emoji) || [...SEGMENTER.segment(emoji)].length !== 1) throw badInput('emoji', 'must be a single emoji');
}

/** Posting, editing, deleting, reacting to and acknowledging messages; one transaction each. */
@Injectable()
export class MessageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
    private readonly access: ThreadAccess,
    private readonly audience: ThreadAudience,
    private readonly threads: ThreadService,
  ) {}

  checkBody(body: string): void {
    if (body.trim().length === 0) throw badInput('body', 'must not be empty');
    // PostgreSQL text cannot hold NUL: refused here rather than failing in the database.
    if (body.includes('\u0000')) throw badInput('body', 'must not contain NUL characters');
    const max = this.config.env.MESSAGE_MAX_LENGTH;
    if (body.length > max && [...body].length > max) throw badInput('body', `must be at most ${max} characters`);
  }

  /**
   * Posts under the thread row's lock, so seq is the thread's last + 1 and commits in that order.
   * A retry with the same clientId returns the first result; the same clientId with something
   * else posted is a CONFLICT. Subscribers hear of it only after commit (outbox).
   */
  async post(caller: Caller, input: PostMessage): Promise<MessageView> {
    this.checkBody(input.body);
    const named = [...new Set(input.mentionUserIds ?? [])].sort();
    if (named.length > DISCUSSION_LIMITS.mentionsPerMessage) throw badInput('mentionUserIds', `can name at most ${DISCUSSION_LIMITS.mentionsPerMessage} people`);
    const importance = input.importance ?? 'NORMAL';
    const requested = input.requestAcknowledgement === true;
    const everyone = input.mentionThread === true;
    const digest = createHash('sha256').update(JSON.stringify([input.body, input.replyToId ?? null, importance, requested, named, everyone])).digest();
    const userId = caller.actor.userId;

    // A retry is answered before any limit counts it.
    const earlier = await this.earlierPost(this.dataSource.manager, caller, input.threadId, input.clientId, digest);
    if (earlier) return earlier;
    await this.limit(`discussions:post:${userId}`, DISCUSSION_LIMITS.postsPerWindow, DISCUSSION_LIMITS.postWindowSeconds);
    if (everyone) await this.limit(`discussions:thread-mention:${userId}`, DISCUSSION_LIMITS.threadMentionsPerWindow, DISCUSSION_LIMITS.threadMentionWindowSeconds);

    try {
      return await this.tx.run(async (manager) => {
        const { thread, moderator } = await this.threads.readable(manager, caller, input.threadId, true);
        const raced = await this.earlierPost(manager, caller, thread.id, input.clientId, digest);
        if (raced) return raced;
        if (thread.lockedAt && !moderator) throw threadLocked();
        if (input.replyToId) {
          const [target] = await manager.query('SELECT 1 FROM messages WHERE id = $1 AND thread_id = $2', [input.replyToId, thread.id]);
          if (!target) throw badInput('replyToId', 'is not a message of this thread');
        }
        let mentioned = named;
        if (named.length > 0 || everyone) {
          const readers = await this.audience.userIds(manager, thread);
          if (named.some((id) => !readers.has(id))) throw badInput('mentionUserIds', 'can only name people who can read this thread');
          if (everyone) mentioned = [...readers];
        }
        const [{ last_seq: seq }] = await returning<{ last_seq: number }>(
          manager,
          `UPDATE threads SET last_seq = last_seq + 1, last_activity_at = date_trunc('milliseconds', clock_timestamp())
           WHERE id = $1 RETURNING last_seq`,
          [thread.id],
        );
        const id = newId();
        await manager.query(
          `INSERT INTO messages (id, thread_id, seq, author_id, client_id, client_digest, body, reply_to_id, importance,
             acknowledgement_requested, mentioned_user_ids, mentions_thread)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [id, thread.id, seq, userId, input.clientId, digest, input.body, input.replyToId ?? null, importance, requested, named, everyone],
        );
        const others = mentioned.filter((m) => m !== userId);
        if (others.length > 0) {
          await manager.query(
            'INSERT INTO message_mentions (message_id, user_id, thread_id, seq) SELECT $1, u, $2, $3 FROM unnest($4::uuid[]) u',
            [id, thread.id, seq, others],
          );
        }
        // Your own message is read.
        await manager.query(
          `INSERT INTO thread_reads (thread_id, user_id, last_read_seq) VALUES ($1, $2, $3)
           ON CONFLICT (thread_id, user_id) DO UPDATE SET last_read_seq = greatest(thread_reads.last_read_seq, EXCLUDED.last_read_seq)`,
          [thread.id, userId, seq],
        );
        // `notify`: whether anyone is to be told beyond the thread's room (mentions, an acknowledgement request).
        const notify = others.length > 0 || requested;
        await this.outbox.add(manager, 'discussions.message_posted', { threadId: thread.id, messageId: id, seq, notify });
        return this.view(manager, id);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('This clientId was already used for another message', 'clientId');
      throw error;
    }
  }

  /** Only its author edits a message; every earlier version stays readable as its history. */
  async edit(caller: Caller, messageId: string, body: string): Promise<MessageView> {
    this.checkBody(body);
    return this.tx.run(async (manager) => {
      const message = await this.lockReadable(manager, caller, messageId);
      if (message.deleted_at) throw conflict('The message was deleted', 'messageId');
      if (!caller.ability.can('update', subject('Message', { authorId: message.author_id }))) throw forbidden('Only its author can edit a message');
      if (message.locked && !message.moderator) throw threadLocked();
      if (message.body === body) return this.view(manager, messageId);
      await manager.query('INSERT INTO message_edits (id, message_id, body, written_at) VALUES ($1, $2, $3, $4)', [
        newId(), messageId, message.body, message.edited_at ?? message.created_at,
      ]);
      await manager.query(
        `UPDATE messages SET body = $2, edited_at = date_trunc('milliseconds', clock_timestamp()), version = version + 1 WHERE id = $1`,
        [messageId, body],
      );
      await this.outbox.add(manager, 'discussions.message_updated', { threadId: message.thread_id, messageId });
      return this.view(manager, messageId);
    });
  }

  /**
   * Leaves a tombstone (seq, author, time) so replies keep their place; the text, its history,
   * reactions, mentions and acknowledgements go. Its author or a moderator may delete it.
   */
  async delete(caller: Caller, messageId: string): Promise<MessageView> {
    return this.tx.run(async (manager) => {
      const message = await this.lockReadable(manager, caller, messageId);
      if (message.deleted_at) return this.view(manager, messageId);
      const own = caller.ability.can('delete', subject('Message', { authorId: message.author_id }));
      if (!own && !message.moderator) throw forbidden('Only its author or a moderator can delete a message');
      if (message.locked && !message.moderator) throw threadLocked();
      await manager.query(
        `UPDATE messages SET body = NULL, deleted_at = date_trunc('milliseconds', clock_timestamp()), mentioned_user_ids = '{}',
           version = version + 1 WHERE id = $1`,
        [messageId],
      );
      for (const table of ['message_edits', 'message_reactions', 'message_mentions', 'message_acknowledgements']) {
        await manager.query(`DELETE FROM ${table} WHERE message_id = $1`, [messageId]);
      }
      if (!own) {
        await this.audit.record(manager, {
          actorUserId: caller.actor.userId, action: 'message.deleted_by_moderator',
          networkId: message.space_network_id, organisationId: message.space_organisation_id,
          subjectType: 'Message', subjectId: messageId, metadata: { threadId: message.thread_id, authorId: message.author_id },
        });
      }
      await this.outbox.add(manager, 'discussions.message_deleted', { threadId: message.thread_id, messageId });
      return this.view(manager, messageId);
    });
  }

  async react(caller: Caller, messageId: string, emoji: string, reacted: boolean): Promise<MessageView> {
    checkEmoji(emoji);
    return this.tx.run(async (manager) => {
      const message = await this.lockReadable(manager, caller, messageId);
      if (message.deleted_at) throw conflict('The message was deleted', 'messageId');
      if (message.locked && !message.moderator) throw threadLocked();
      const userId = caller.actor.userId;
      let changed: unknown[];
      if (reacted) {
        const [{ others }] = await manager.query(
          'SELECT count(DISTINCT emoji)::int AS others FROM message_reactions WHERE message_id = $1 AND emoji <> $2', [messageId, emoji]);
        const [{ present }] = await manager.query('SELECT count(*)::int AS present FROM message_reactions WHERE message_id = $1 AND emoji = $2', [messageId, emoji]);
        if (present === 0 && others >= DISCUSSION_LIMITS.emojiPerMessage) throw conflict('This message has as many different reactions as it can take', 'emoji');
        changed = await returning(manager,
          'INSERT INTO message_reactions (message_id, user_id, emoji) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING emoji', [messageId, userId, emoji]);
      } else {
        changed = await returning(manager, 'DELETE FROM message_reactions WHERE message_id = $1 AND user_id = $2 AND emoji = $3 RETURNING emoji', [messageId, userId, emoji]);
      }
      if (changed.length > 0) await this.changed(manager, message, 'discussions.reaction_changed');
      return this.view(manager, messageId);
    });
  }

  /** Any reader acknowledges a message that asks for it (also in a locked thread). */
  async acknowledge(caller: Caller, messageId: string): Promise<MessageView> {
    return this.tx.run(async (manager) => {
      const message = await this.lockReadable(manager, caller, messageId);
      if (message.deleted_at) throw conflict('The message was deleted', 'messageId');
      if (!message.acknowledgement_requested) throw badInput('messageId', 'does not ask for acknowledgement');
      const inserted = await returning(
        manager,
        'INSERT INTO message_acknowledgements (message_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING user_id',
        [messageId, caller.actor.userId],
      );
      if (inserted.length > 0) await this.changed(manager, message, 'discussions.message_acknowledged');
      return this.view(manager, messageId);
    });
  }

  /** One message the caller may read (NOT_FOUND otherwise), with the thread rule in the same statement. */
  async readableMessage(db: EntityManager, caller: Caller, messageId: string): Promise<MessageView> {
    const read = this.access.condition(caller, 'read');
    if (!read) throw notFound('Message');
    const [view] = await loadMessages(db, `JOIN threads t ON t.id = m.thread_id WHERE m.id = :messageId AND ${read.sql}`, { ...read.params, messageId });
    if (!view) throw notFound('Message');
    return view;
  }

  private async changed(manager: EntityManager, message: LockedMessage, event: string): Promise<void> {
    await manager.query('UPDATE messages SET version = version + 1 WHERE id = $1', [message.id]);
    await this.outbox.add(manager, event, { threadId: message.thread_id, messageId: message.id });
  }

  private async view(manager: EntityManager, messageId: string): Promise<MessageView> {
    const [view] = await loadMessages(manager, 'WHERE m.id = :messageId', { messageId });
    return view!;
  }

  private async earlierPost(db: EntityManager, caller: Caller, threadId: string, clientId: string, digest: Buffer): Promise<MessageView | null> {
    const read = this.access.condition(caller, 'read');
    if (!read) throw notFound('Thread');
    const [row] = await namedQuery<{ id: string; client_digest: Buffer }>(
      db,
      `SELECT m.id, m.client_digest FROM messages m JOIN threads t ON t.id = m.thread_id
       WHERE m.thread_id = :threadId AND m.author_id = :authorId AND m.client_id = :clientId AND ${read.sql}`,
      { ...read.params, threadId, authorId: caller.actor.userId, clientId },
    );
    if (!row) return null;
    if (!row.client_digest.equals(digest)) throw conflict('This clientId was already used for another message', 'clientId');
    return this.view(db, row.id);
  }

  /** Locks the message row after finding it through the thread rule (NO KEY: replies to it need not wait). */
  private async lockReadable(manager: EntityManager, caller: Caller, messageId: string): Promise<LockedMessage> {
    const read = this.access.condition(caller, 'read');
    if (!read) throw notFound('Message');
    const moderate = this.access.flag(caller, 'moderate');
    const [row] = await namedQuery<LockedMessage>(
      manager,
      `SELECT m.id, m.thread_id, m.author_id, m.body, m.created_at, m.edited_at, m.deleted_at, m.acknowledgement_requested,
              t.locked_at IS NOT NULL AS locked, ${moderate.sql} AS moderator, t.space_network_id, t.space_organisation_id
       FROM messages m JOIN threads t ON t.id = m.thread_id
       WHERE m.id = :messageId AND ${read.sql}
       FOR NO KEY UPDATE OF m`,
      { ...read.params, ...moderate.params, messageId },
    );
    if (!row) throw notFound('Message');
    return row;
  }

  private async limit(key: string, limit: number, windowSeconds: number): Promise<void> {
    const wait = await this.limiter.hit({ key, limit, windowSeconds });
    if (wait > 0) throw rateLimited(wait);
  }
}
