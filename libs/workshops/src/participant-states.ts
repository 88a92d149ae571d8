import type { EntityManager } from 'typeorm';
import { conflict } from '@sw/graphql';
import type { ParticipantState, WorkshopStatus } from './workshop.entity.js';

/**
 * The one table of participant state changes. INVITED → REGISTERED → CONFIRMED | WAITLISTED →
 * ATTENDED, and DECLINED / CANCELLED on the way out. Every change goes through `moveParticipant`.
 */
export const PARTICIPANT_TRANSITIONS: Record<ParticipantState, readonly ParticipantState[]> = {
  INVITED: ['REGISTERED', 'DECLINED', 'CANCELLED'],
  REGISTERED: ['CONFIRMED', 'WAITLISTED', 'DECLINED', 'CANCELLED'],
  WAITLISTED: ['CONFIRMED', 'CANCELLED'],
  CONFIRMED: ['ATTENDED', 'CANCELLED'],
  ATTENDED: [],
  DECLINED: [],
  CANCELLED: [],
};

/** And of workshops: PLANNING → OPEN → CLOSED → HELD, CLOSED may reopen, CANCELLED from any but HELD. */
export const WORKSHOP_TRANSITIONS: Record<WorkshopStatus, readonly WorkshopStatus[]> = {
  PLANNING: ['OPEN', 'CANCELLED'],
  OPEN: ['CLOSED', 'CANCELLED'],
  CLOSED: ['OPEN', 'HELD', 'CANCELLED'],
  HELD: [],
  CANCELLED: [],
};

export function assertTransition<S extends string>(table: Record<S, readonly S[]>, from: S, to: S, field: string): void {
  if (!table[from].includes(to)) throw conflict(`${field}: cannot go from ${from} to ${to}`, field);
}

/** Changes a participant's state (the caller holds the workshop's row lock), refusing what the table does not allow. */
export async function moveParticipant(manager: EntityManager, participant: { id: string; state: ParticipantState }, to: ParticipantState): Promise<void> {
  assertTransition(PARTICIPANT_TRANSITIONS, participant.state, to, 'state');
  const result: [unknown[], number] = await manager.query(
    'UPDATE workshop_participants SET state = $2, updated_at = now() WHERE id = $1 AND state = $3',
    [participant.id, to, participant.state],
  );
  if (result[1] !== 1) throw new Error('participant changed under a held lock');
  participant.state = to;
}
