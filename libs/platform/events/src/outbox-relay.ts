import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppLogger } from '@sw/config';
import { EventBus } from './event-bus.js';

interface OutboxRow {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  created_at: Date;
}

const BATCH = 100;
const POLL_MS = 500;
// An event that keeps failing stops being retried and stays in the table for an operator to see.
const MAX_ATTEMPTS = 20;

/**
 * Sends committed events to the EventBus. Rows are claimed with FOR UPDATE SKIP LOCKED (never
 * "id > last seen": sequences commit out of order), so several instances share the work and
 * each event is relayed by one of them; a failed handler leaves the event for the next pass.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Relay now: called after a transaction that wrote events commits. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.logger.error({ err: String(error) }, 'outbox relay pass failed'))
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.kick();
        }
      });
    return this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const relayed = await this.dataSource.transaction(async (manager) => {
        const rows: OutboxRow[] = await manager.query(
          `SELECT id, type, payload, created_at FROM outbox_events
           WHERE published_at IS NULL AND attempts < $2 ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [BATCH, MAX_ATTEMPTS],
        );
        let failed = false;
        for (const row of rows) {
          try {
            await this.bus.dispatch({ id: row.id, type: row.type, payload: row.payload, occurredAt: row.created_at });
            await manager.query('UPDATE outbox_events SET published_at = now(), attempts = attempts + 1 WHERE id = $1', [row.id]);
          } catch (error) {
            this.logger.error({ eventId: row.id, type: row.type, err: String(error) }, 'event handler failed; will retry');
            await manager.query('UPDATE outbox_events SET attempts = attempts + 1 WHERE id = $1', [row.id]);
            failed = true;
          }
        }
        return failed ? 0 : rows.length;
      });
      if (relayed < BATCH || this.stopped) return;
    }
  }
}
