import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainEvent, EventHandler } from './domain-event.js';

/** In-process subscribers of relayed events. Delivery is at least once: handlers must be idempotent. */
@Injectable()
export class EventBus {
  private readonly handlers = new Map<string, { consumer: string; handle: EventHandler }[]>();

  on(type: string, consumer: string, handle: EventHandler): void {
    const list = this.handlers.get(type) ?? [];
    list.push({ consumer, handle });
    this.handlers.set(type, list);
  }

  async dispatch(event: DomainEvent): Promise<void> {
    for (const { handle } of this.handlers.get(event.type) ?? []) await handle(event);
  }

  /**
   * Runs `work` once per (consumer, event) within the consumer's transaction: a redelivered event
   * is skipped. For handlers whose effect is a database change.
   */
  static async once(manager: EntityManager, consumer: string, eventId: string, work: () => Promise<void>): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      'INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
      [consumer, eventId],
    );
    if (inserted.length === 0) return false;
    await work();
    return true;
  }
}
