import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AuditLog } from '@sw/audit';
import { AppLogger } from '@sw/config';
import { returning } from '@sw/database';
import { Outbox, Transactions } from '@sw/events';
import { DISCUSSION_LIMITS } from './discussions.limits.js';

/**
 * Scheduled work, on every instance (safe to run concurrently): the retention purge and the
 * re-notification of urgent messages not yet acknowledged. Both are callable directly.
 */
@Injectable()
export class DiscussionsJobs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly log: Logger;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    logger: AppLogger,
  ) {
    this.log = logger.pino.child({ context: 'discussions' });
  }

  onApplicationBootstrap(): void {
    const every = (ms: number, job: () => Promise<unknown>, name: string) => {
      const timer = setInterval(() => void job().catch((error: unknown) => this.log.error({ job: name, err: String(error) }, 'discussions job failed')), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(DISCUSSION_LIMITS.purgeIntervalMs, () => this.purgeExpired(), 'purge');
    every(DISCUSSION_LIMITS.reminderIntervalMs, () => this.remindUnacknowledged(), 'reminders');
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  /**
   * Deletes for good, in threads with a retention period, every message up to the newest one
   * older than the period (a prefix of the thread, so clients can drop "everything up to seq N"),
   * with its history, reactions, mentions, acknowledgements and the outbox events that named it.
   * Returns how many messages were deleted.
   */
  async purgeExpired(): Promise<number> {
    const due: { id: string; through: number; space_network_id: string | null; space_organisation_id: string | null }[] = await this.dataSource.query(
      `SELECT t.id, t.space_network_id, t.space_organisation_id, max(m.seq) AS through
       FROM threads t JOIN messages m ON m.thread_id = t.id
       WHERE t.retention_days IS NOT NULL AND m.created_at < now() - make_interval(days => t.retention_days)
       GROUP BY t.id`,
    );
    let total = 0;
    for (const thread of due) {
      let count = 0;
      for (;;) {
        const deleted = await this.tx.run(async (manager) => {
          // Under the thread's lock, so no post is replying to a message as it goes.
          await manager.query('SELECT 1 FROM threads WHERE id = $1 FOR UPDATE', [thread.id]);
          const rows = await returning<{ id: string }>(
            manager,
            `DELETE FROM messages WHERE id IN (
               SELECT id FROM messages WHERE thread_id = $1 AND seq <= $2 ORDER BY seq LIMIT $3)
             RETURNING id`,
            [thread.id, thread.through, DISCUSSION_LIMITS.purgeBatch],
          );
          if (rows.length > 0) {
            await manager.query(
              `DELETE FROM outbox_events WHERE type LIKE 'discussions.%' AND payload ? 'messageId' AND payload->>'messageId' = ANY($1::text[])`,
              [rows.map((r) => r.id)],
            );
          }
          return rows.length;
        });
        count += deleted;
        if (deleted < DISCUSSION_LIMITS.purgeBatch) break;
      }
      if (count === 0) continue;
      total += count;
      await this.tx.run(async (manager) => {
        await this.audit.record(manager, {
          actorUserId: null, action: 'thread.messages_purged', networkId: thread.space_network_id, organisationId: thread.space_organisation_id,
          subjectType: 'Thread', subjectId: thread.id, metadata: { count, throughSeq: thread.through },
        });
        await this.outbox.add(manager, 'discussions.messages_purged', { threadId: thread.id, throughSeq: thread.through });
      });
    }
    return total;
  }

  /** Urgent messages asking for acknowledgement are notified again to whoever has not acknowledged them. Returns how many messages. */
  async remindUnacknowledged(): Promise<number> {
    return this.tx.run(async (manager) => {
      const rows = await returning<{ id: string; thread_id: string }>(
        manager,
        `UPDATE messages SET reminded_at = now(), reminder_count = reminder_count + 1
         WHERE id IN (
           SELECT id FROM messages
           WHERE importance = 'URGENT' AND acknowledgement_requested AND deleted_at IS NULL
             AND created_at > now() - make_interval(hours => $1) AND reminder_count < $2
             AND coalesce(reminded_at, created_at) <= now() - make_interval(mins => $3)
           ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED)
         RETURNING id, thread_id`,
        [DISCUSSION_LIMITS.reminderWindowHours, DISCUSSION_LIMITS.reminderMaxCount, DISCUSSION_LIMITS.reminderEveryMinutes],
      );
      for (const row of rows) await this.outbox.add(manager, 'discussions.ack_reminder', { threadId: row.thread_id, messageId: row.id });
      return rows.length;
    });
  }
}
