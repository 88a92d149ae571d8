import { Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import type { EntityManager } from 'typeorm';
import type { AppAbility, SqlCondition } from '@sw/authz';
import { type AudienceMember, type Caller, type ThreadSubjectProvider, ThreadSubjects } from '@sw/discussions';
import { IdentityDirectory, type Principal } from '@sw/identity';
import { BriefingAccess } from './briefing-access.js';
import type { GrantKind } from './tlp.js';

/**
 * The grants through which a briefing's threads are read. A briefing published on behalf never
 * shows its originating organisation to recipients (not its name, not its people); a thread would,
 * through its room, "seen by", presence and the check on mentions. So on such a briefing the
 * originating side (its author and the ORIGIN grant) reads the briefing but not its threads.
 * `g` is the grant, `b` the briefing.
 */
const THREAD_GRANTS = `NOT (b.origin_organisation_id IS NOT NULL AND g.kind IN ('AUTHOR', 'ORIGIN'))`;

const PRINCIPAL: Record<GrantKind, (principalId: string) => Principal> = {
  AUTHOR: (userId) => ({ kind: 'PERSON', userId }),
  USER: (userId) => ({ kind: 'PERSON', userId }),
  ORGANISATION: (organisationId) => ({ kind: 'ORGANISATION', organisationId }),
  PUBLISHER: (organisationId) => ({ kind: 'ORGANISATION', organisationId }),
  PUBLISHER_REVIEW: (organisationId) => ({ kind: 'ORGANISATION', organisationId }),
  ORIGIN: (organisationId) => ({ kind: 'ORGANISATION', organisationId }),
  NETWORK_MEMBERS: (networkId) => ({ kind: 'NETWORK', networkId }),
  NETWORK_ALL: (networkId) => ({ kind: 'NETWORK', networkId }),
  EVERYONE: () => ({ kind: 'EVERYONE' }),
};

/**
 * Threads on briefings (kind BRIEFING). Whoever may read the briefing reads its threads: the
 * same `read` rule over the same grant rows as every briefing look-up (BriefingAccess), less the
 * originating side of a briefing published on behalf (THREAD_GRANTS). The source moderates: the
 * briefing's `edit` rule (its author, and the admins of its publishing and originating
 * organisations; for TLP:RED only its author).
 */
@Injectable()
export class BriefingThreadSubject implements ThreadSubjectProvider {
  constructor(
    private readonly access: BriefingAccess,
    private readonly directory: IdentityDirectory,
    private readonly subjects: ThreadSubjects,
  ) {}

  readableIds(caller: Caller, paramPrefix: string): SqlCondition | null {
    return this.ids(caller.ability, 'read', paramPrefix);
  }

  moderatedIds(caller: Caller, paramPrefix: string): SqlCondition | null {
    return this.ids(caller.ability, 'edit', paramPrefix);
  }

  /** The holders of each grant the `read` rule lets read, as identity counts them (active accounts and memberships). */
  async audience(db: EntityManager, id: string, among?: readonly string[]): Promise<AudienceMember[]> {
    const grants: { kind: GrantKind; principal_id: string; status: string }[] = await db.query(
      `SELECT g.kind, g.principal_id, g.status FROM briefing_audience g JOIN briefings b ON b.id = g.briefing_id
       WHERE g.briefing_id = $1 AND ${THREAD_GRANTS}`,
      [id],
    );
    return this.directory.peopleWhoCan(db, 'read', grants.map((g) => ({
      principal: PRINCIPAL[g.kind](g.principal_id),
      subject: subject('BriefingGrant', { kind: g.kind, principalId: g.principal_id, status: g.status }),
    })), among);
  }

  /** Call in the transaction that may narrow who reads the briefing (publication, retraction, re-classification). */
  changed(manager: EntityManager, briefingId: string): Promise<void> {
    return this.subjects.audienceChanged(manager, 'BRIEFING', briefingId);
  }

  private ids(ability: AppAbility, action: string, paramPrefix: string): SqlCondition | null {
    const allowed = this.access.conditionOrNull(ability, action, 'b', { paramPrefix, grants: THREAD_GRANTS });
    return allowed && { sql: `SELECT b.id FROM briefings b WHERE ${allowed.sql}`, params: allowed.params };
  }
}
