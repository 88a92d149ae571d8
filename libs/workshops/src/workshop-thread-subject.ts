import { Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import type { EntityManager } from 'typeorm';
import type { SqlCondition } from '@sw/authz';
import { type AudienceMember, type Caller, type ThreadSubjectProvider, ThreadSubjects } from '@sw/discussions';
import { IdentityDirectory, type Principal } from '@sw/identity';
import { grantedCondition } from './workshop-access.js';
import { WorkshopEntity } from './workshop.entity.js';

/**
 * The grants through which a workshop's threads are read: all but PARTICIPANT. Who takes part in a
 * workshop is shown to its organisers only (and to fellow participants who chose to be seen); a
 * thread's room, "seen by", presence and the check on mentions would show every participant who
 * reads it to the whole audience. People invited on their own therefore read the workshop but not
 * its threads; participants who are also in its audience read them as audience. `ga` is the grant.
 */
const THREAD_GRANTS = `ga.kind <> 'PARTICIPANT'`;

interface GrantRow {
  kind: 'ORGANISING_ORG' | 'ORGANISER' | 'AUDIENCE';
  organisation_id: string | null;
  network_id: string | null;
  user_id: string | null;
  state: string | null;
}

const principalOf = (g: GrantRow): Principal =>
  g.kind === 'ORGANISER'
    ? { kind: 'MEMBER', userId: g.user_id!, organisationId: g.organisation_id! }
    : g.organisation_id
      ? { kind: 'ORGANISATION', organisationId: g.organisation_id }
      : { kind: 'NETWORK', networkId: g.network_id! };

/**
 * Threads on workshops (kind WORKSHOP). Whoever may read the workshop through its organising
 * organisations and its audience reads its threads (the `read` rule over `workshop_access`, as
 * every workshop look-up applies it, less PARTICIPANT grants): while PLANNING the organising
 * side only, once published also its audience. The organisers moderate (the `organise` rule:
 * an organiser row and a live membership of the organisation it was given through).
 */
@Injectable()
export class WorkshopThreadSubject implements ThreadSubjectProvider {
  constructor(
    private readonly directory: IdentityDirectory,
    private readonly subjects: ThreadSubjects,
  ) {}

  readableIds(caller: Caller, paramPrefix: string): SqlCondition | null {
    return ids(grantedCondition(caller.ability, 'read', 'Workshop', { paramPrefix, grants: THREAD_GRANTS }));
  }

  moderatedIds(caller: Caller, paramPrefix: string): SqlCondition | null {
    return ids(grantedCondition(caller.ability, 'organise', 'Workshop', { paramPrefix, grants: THREAD_GRANTS }));
  }

  /** The holders of each grant the `read` rule lets read, as identity counts them. */
  async audience(db: EntityManager, id: string, among?: readonly string[]): Promise<AudienceMember[]> {
    const workshop = await db.findOneBy(WorkshopEntity, { id });
    if (!workshop) return [];
    const grants: GrantRow[] = await db.query(
      `SELECT ga.kind, ga.organisation_id, ga.network_id, ga.user_id, ga.state FROM workshop_access ga WHERE ga.workshop_id = $1 AND ${THREAD_GRANTS}`,
      [id],
    );
    return this.directory.peopleWhoCan(db, 'read', grants.map((g) => ({
      principal: principalOf(g),
      subject: subject('Workshop', {
        kind: g.kind, organisationId: g.organisation_id, networkId: g.network_id, userId: g.user_id, participantState: g.state,
        status: workshop.status, published: workshop.published,
      }),
    })), among);
  }

  /** Call in a transaction that may narrow who reads the workshop or who organises it. */
  changed(manager: EntityManager, workshopId: string): Promise<void> {
    return this.subjects.audienceChanged(manager, 'WORKSHOP', workshopId);
  }
}

const ids = (allowed: SqlCondition | null): SqlCondition | null =>
  allowed && { sql: `SELECT w.id FROM workshops w WHERE ${allowed.sql}`, params: allowed.params };
