import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { newId } from '@sw/database';

/**
 * Writes domain events in the caller's transaction: they exist if and only if the change
 * committed, and the relay sends them out after that.
 */
@Injectable()
export class Outbox {
  async add(manager: EntityManager, type: string, payload: Record<string, unknown>): Promise<string> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`event ${type} must be written inside the transaction of the change it reports`);
    }
    const id = newId();
    await manager.query('INSERT INTO outbox_events (id, type, payload) VALUES ($1, $2, $3)', [id, type, payload]);
    return id;
  }
}
