import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Outbox } from '@sw/events';
import { moveParticipant } from './participant-states.js';
import type { ParticipantState } from './workshop.entity.js';

/**
 * Seats and the waiting list. Every method runs in the caller's transaction while it holds the
 * workshop's row lock, so admissions are decided one at a time, in application order; the
 * workshops_capacity CHECK (fed by a trigger) refuses an overbooking whatever the code does.
 */
@Injectable()
export class Admissions {
  constructor(private readonly outbox: Outbox) {}

  /** The next place in application order (gap-free per workshop) and its time. */
  async enqueue(manager: EntityManager, workshopId: string): Promise<{ position: number; appliedAt: Date }> {
    const [rows] = (await manager.query(
      `UPDATE workshops SET registration_seq = registration_seq + 1 WHERE id = $1
       RETURNING registration_seq AS position, clock_timestamp() AS applied_at`,
      [workshopId],
    )) as [{ position: number; applied_at: Date }[], number];
    return { position: rows[0]!.position, appliedAt: rows[0]!.applied_at };
  }

  private async freeSeats(manager: EntityManager, workshopId: string): Promise<number> {
    const [{ free }] = await manager.query('SELECT capacity - confirmed_count AS free FROM workshops WHERE id = $1', [workshopId]);
    return free as number;
  }

  /** A REGISTERED participant gets a seat if one is free, else a place on the waiting list. */
  async admit(manager: EntityManager, workshopId: string, participant: { id: string; state: ParticipantState; userId: string | null }): Promise<void> {
    const seated = (await this.freeSeats(manager, workshopId)) > 0;
    await moveParticipant(manager, participant, seated ? 'CONFIRMED' : 'WAITLISTED');
    await this.outbox.add(manager, seated ? 'workshop.confirmed' : 'workshop.waitlisted', {
      workshopId, participantId: participant.id, userId: participant.userId,
    });
  }

  /** Fills free seats from the waiting list, first applied first. Returns the promoted participants' ids. */
  async promote(manager: EntityManager, workshopId: string): Promise<string[]> {
    const free = await this.freeSeats(manager, workshopId);
    if (free <= 0) return [];
    const next: { id: string; user_id: string }[] = await manager.query(
      `SELECT id, user_id FROM workshop_participants WHERE workshop_id = $1 AND state = 'WAITLISTED'
       ORDER BY queue_position LIMIT $2`,
      [workshopId, free],
    );
    for (const row of next) {
      await moveParticipant(manager, { id: row.id, state: 'WAITLISTED' }, 'CONFIRMED');
      await this.outbox.add(manager, 'workshop.promoted', { workshopId, participantId: row.id, userId: row.user_id });
    }
    return next.map((r) => r.id);
  }
}
