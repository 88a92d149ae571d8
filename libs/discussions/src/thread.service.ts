import { Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, type AuditAction } from '@sw/audit';
import { newId, returning } from '@sw/database';
import { Outbox, Transactions } from '@sw/events';
import { AppError, badInput, type ConnectionShape, forbidden, notFound, paginate, type PageArgs } from '@sw/graphql';
import { RealtimePublisher, threadRoom } from '@sw/realtime';
import { DISCUSSION_LIMITS } from './discussions.limits.js';
import { namedQuery } from './sql.js';
import { ThreadAccess } from './thread-access.js';
import { type Caller, ThreadSubjects } from './thread-subjects.js';
import { ThreadEntity, type ThreadSpaceKind, type ThreadSubjectKind } from './thread.entity.js';

export interface ReadableThread {
  thread: ThreadEntity;
  /** Whether the caller moderates it (lock, retention, deleting others' messages). */
  moderator: boolean;
}

export interface ThreadReadState {
  lastReadSeq: number;
  unread: number;
  mentions: number;
}

const KIND_NAMES: Record<ThreadSpaceKind, string> = {
  NETWORK: 'Network', ORGANISATION: 'Organisation', BRIEFING: 'Briefing', STATEMENT: 'Statement', WORKSHOP: 'Workshop',
};

// Unread = messages after the reader's marker, not deleted, not their own; mentions likewise.
const READ_STATE_COLUMNS = `
  coalesce(r.last_read_seq, 0) AS last_read_seq,
  (SELECT count(*) FROM messages m WHERE m.thread_id = t.id AND m.seq > coalesce(r.last_read_seq, 0)
     AND m.deleted_at IS NULL AND m.author_id <> :viewerId)::int AS unread,
  (SELECT count(*) FROM message_mentions mm WHERE mm.user_id = :viewerId AND mm.thread_id = t.id
     AND mm.seq > coalesce(r.last_read_seq, 0))::int AS mentions`;

export const threadLocked = () => new AppError('FORBIDDEN', 'The thread is locked: only its moderators can change it', { reason: 'THREAD_LOCKED' });

export function checkTitle(title: string): string {
  const trimmed = title.trim();
  if (trimmed.length === 0) throw badInput('title', 'must not be empty');
  if (trimmed.includes('\u0000')) throw badInput('title', 'must not contain NUL characters');
  if ([...trimmed].length > DISCUSSION_LIMITS.titleMaxLength) throw badInput('title', `must be at most ${DISCUSSION_LIMITS.titleMaxLength} characters`);
  return trimmed;
}

/** Threads: opening, finding, listing, moderating, and how far each reader has read. */
@Injectable()
export class ThreadService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly access: ThreadAccess,
    private readonly subjects: ThreadSubjects,
    private readonly publisher: RealtimePublisher,
  ) {}

  /**
   * A thread the caller may read, in one statement with its id; NOT_FOUND otherwise, exactly as
   * for an id that does not exist. `lock` takes the row's lock (for seq and state changes).
   */
  async readable(db: EntityManager, caller: Caller, id: string, lock = false): Promise<ReadableThread> {
    const moderate = this.access.flag(caller, 'moderate');
    const qb = db.getRepository(ThreadEntity).createQueryBuilder('t')
      .addSelect(moderate.sql, 'can_moderate')
      .setParameters(moderate.params)
      .where('t.id = :threadId', { threadId: id });
    this.access.where(qb, caller, 'read');
    if (lock) qb.setLock('pessimistic_write');
    const { entities, raw } = await qb.getRawAndEntities<{ can_moderate: boolean }>();
    if (entities.length === 0) throw notFound('Thread');
    return { thread: entities[0]!, moderator: raw[0]!.can_moderate === true };
  }

  find(caller: Caller, id: string): Promise<ReadableThread> {
    return this.readable(this.dataSource.manager, caller, id);
  }

  /** Threads of one space the caller may read, by last activity (newest first). */
  list(caller: Caller, space: { kind: ThreadSpaceKind; id: string }, resolved: boolean | null | undefined, page: PageArgs): Promise<ConnectionShape<ThreadEntity>> {
    const qb = this.dataSource.getRepository(ThreadEntity).createQueryBuilder('t');
    if (space.kind === 'NETWORK') qb.where('t.space_network_id = :spaceId', { spaceId: space.id });
    else if (space.kind === 'ORGANISATION') qb.where('t.space_organisation_id = :spaceId', { spaceId: space.id });
    else qb.where('t.space_kind = :spaceKind AND t.subject_id = :spaceId', { spaceKind: space.kind, spaceId: space.id });
    if (resolved === true) qb.andWhere('t.resolved_at IS NOT NULL');
    if (resolved === false) qb.andWhere('t.resolved_at IS NULL');
    this.access.where(qb, caller, 'read');
    return paginate(qb, page, { createdAt: 't.last_activity_at', id: 't.id', direction: 'DESC' }, (t) => ({ createdAt: t.lastActivityAt, id: t.id }));
  }

  async create(caller: Caller, input: { spaceKind: ThreadSpaceKind; spaceId: string; title: string; retentionDays?: number | null }): Promise<ThreadEntity> {
    const title = checkTitle(input.title);
    await this.checkMayOpen(caller, input.spaceKind, input.spaceId);
    return this.tx.run(async (manager) => {
      const id = newId();
      await manager.insert(ThreadEntity, {
        id,
        spaceKind: input.spaceKind,
        spaceNetworkId: input.spaceKind === 'NETWORK' ? input.spaceId : null,
        spaceOrganisationId: input.spaceKind === 'ORGANISATION' ? input.spaceId : null,
        subjectId: input.spaceKind === 'NETWORK' || input.spaceKind === 'ORGANISATION' ? null : input.spaceId,
        title,
        createdBy: caller.actor.userId,
        lockedAt: null,
        resolvedAt: null,
        retentionDays: input.retentionDays ?? null,
      });
      await this.outbox.add(manager, 'discussions.thread_created', { threadId: id });
      return manager.findOneByOrFail(ThreadEntity, { id });
    });
  }

  async setLocked(caller: Caller, id: string, locked: boolean): Promise<ThreadEntity> {
    return this.moderate(caller, id, locked ? 'thread.locked' : 'thread.unlocked', { lockedAt: locked ? new Date() : null });
  }

  async setRetention(caller: Caller, id: string, retentionDays: number | null): Promise<ThreadEntity> {
    return this.moderate(caller, id, 'thread.retention_changed', { retentionDays }, { retentionDays });
  }

  /** Whoever opened the thread, and its moderators, may mark it resolved and reopen it. */
  async setResolved(caller: Caller, id: string, resolved: boolean): Promise<ThreadEntity> {
    return this.tx.run(async (manager) => {
      const { thread, moderator } = await this.readable(manager, caller, id, true);
      if (!moderator && !caller.ability.can('resolve', subject('Thread', { ...thread }))) {
        throw forbidden('Only whoever opened the thread and its moderators can resolve or reopen it');
      }
      if ((thread.resolvedAt !== null) !== resolved) {
        await manager.update(ThreadEntity, { id }, { resolvedAt: resolved ? new Date() : null });
        await this.outbox.add(manager, 'discussions.thread_updated', { threadId: id });
      }
      return manager.findOneByOrFail(ThreadEntity, { id });
    });
  }

  /** Moves the caller's read marker forward (never back) and tells the thread's room. */
  async markRead(caller: Caller, id: string, seq: number): Promise<ThreadEntity> {
    const userId = caller.actor.userId;
    const { moved, thread } = await this.tx.run(async (manager) => {
      const { thread } = await this.readable(manager, caller, id);
      if (seq > thread.lastSeq) throw badInput('seq', `is beyond the last message of the thread (${thread.lastSeq})`);
      const rows = await returning(
        manager,
        `INSERT INTO thread_reads (thread_id, user_id, last_read_seq) VALUES ($1, $2, $3)
         ON CONFLICT (thread_id, user_id) DO UPDATE SET last_read_seq = EXCLUDED.last_read_seq
         WHERE thread_reads.last_read_seq < EXCLUDED.last_read_seq
         RETURNING last_read_seq`,
        [id, userId, seq],
      );
      return { moved: rows.length > 0, thread };
    });
    // A read marker is state, not history: sent once after commit, not through the outbox.
    if (moved) this.publisher.toRoom(threadRoom(id), 'read.updated', { threadId: id, userId, seq });
    return thread;
  }

  /** Read state of threads the caller was already allowed to see (for field resolvers). */
  async readState(caller: Caller, threadIds: readonly string[]): Promise<Map<string, ThreadReadState>> {
    const rows = await namedQuery<{ id: string; last_read_seq: number; unread: number; mentions: number }>(
      this.dataSource.manager,
      `SELECT t.id, ${READ_STATE_COLUMNS}
       FROM threads t LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = :viewerId
       WHERE t.id = ANY(:threadIds)`,
      { viewerId: caller.actor.userId, threadIds: [...threadIds] },
    );
    return new Map(rows.map((r) => [r.id, { lastReadSeq: r.last_read_seq, unread: r.unread, mentions: r.mentions }]));
  }

  async moderatorOf(caller: Caller, threadIds: readonly string[]): Promise<Map<string, boolean>> {
    const moderate = this.access.flag(caller, 'moderate');
    const rows = await namedQuery<{ id: string; can_moderate: boolean }>(
      this.dataSource.manager,
      `SELECT t.id, ${moderate.sql} AS can_moderate FROM threads t WHERE t.id = ANY(:threadIds)`,
      { ...moderate.params, threadIds: [...threadIds] },
    );
    return new Map(rows.map((r) => [r.id, r.can_moderate]));
  }

  /** Unread messages and mentions over every thread the caller may read, in one statement. */
  async unreadSummary(caller: Caller): Promise<{ threads: number; messages: number; mentions: number }> {
    const read = this.access.condition(caller, 'read');
    if (!read) return { threads: 0, messages: 0, mentions: 0 };
    const [row] = await namedQuery<{ threads: number; messages: number; mentions: number }>(
      this.dataSource.manager,
      `SELECT count(*) FILTER (WHERE s.unread > 0)::int AS threads, coalesce(sum(s.unread), 0)::int AS messages,
              coalesce(sum(s.mentions), 0)::int AS mentions
       FROM (SELECT ${READ_STATE_COLUMNS}
             FROM threads t LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = :viewerId
             WHERE ${read.sql}) s`,
      { ...read.params, viewerId: caller.actor.userId },
    );
    return row!;
  }

  /** NOT_FOUND when the space is not visible to the caller at all; FORBIDDEN when it is but they may not open threads in it. */
  private async checkMayOpen(caller: Caller, kind: ThreadSpaceKind, spaceId: string): Promise<void> {
    const { ability } = caller;
    if (kind === 'NETWORK' || kind === 'ORGANISATION') {
      const candidate = kind === 'NETWORK'
        ? { spaceNetworkId: spaceId, spaceOrganisationId: null, createdBy: caller.actor.userId }
        : { spaceNetworkId: null, spaceOrganisationId: spaceId, createdBy: caller.actor.userId };
      if (ability.can('create', subject('Thread', candidate))) return;
      if (ability.can('read', subject(KIND_NAMES[kind], { id: spaceId }))) {
        throw forbidden(kind === 'NETWORK'
          ? "Only members of the network's member organisations and its coordinators can open threads here"
          : 'Only members of the organisation can open threads here');
      }
      throw notFound(KIND_NAMES[kind]);
    }
    if (!(await this.subjectReadable(caller, kind, spaceId))) throw notFound(KIND_NAMES[kind]);
  }

  private async subjectReadable(caller: Caller, kind: ThreadSubjectKind, id: string): Promise<boolean> {
    const select = this.subjects.provider(kind)?.readableIds(caller, 'open_subject');
    if (!select) return false;
    const rows = await namedQuery(this.dataSource.manager, `SELECT 1 WHERE :openSubjectId::uuid IN (${select.sql})`, { ...select.params, openSubjectId: id });
    return rows.length > 0;
  }

  private async moderate(caller: Caller, id: string, action: AuditAction, change: Partial<ThreadEntity>, metadata: Record<string, number | null> = {}): Promise<ThreadEntity> {
    return this.tx.run(async (manager) => {
      const { thread, moderator } = await this.readable(manager, caller, id, true);
      if (!moderator) throw forbidden('Only the moderators of the thread can do this');
      await manager.update(ThreadEntity, { id }, change);
      await this.audit.record(manager, {
        actorUserId: caller.actor.userId, action, networkId: thread.spaceNetworkId, organisationId: thread.spaceOrganisationId,
        subjectType: 'Thread', subjectId: id, metadata,
      });
      await this.outbox.add(manager, 'discussions.thread_updated', { threadId: id });
      return manager.findOneByOrFail(ThreadEntity, { id });
    });
  }
}
