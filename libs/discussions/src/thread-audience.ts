import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ThreadEntity } from './thread.entity.js';
import { type AudienceMember, ThreadSubjects } from './thread-subjects.js';

// A membership grants something exactly when identity's session check lets it (SessionService.authenticate):
// not suspended, the account not suspended, and the organisation's second-factor rule met.
// Identity exports no audience query yet, so the rule is restated here and kept in step by
// test/discussions-authorization.spec.ts (everyone the policy lets read a thread is in its audience, and no one else).
const ACTIVE_MEMBERSHIP = `m.suspended_at IS NULL AND u.suspended_at IS NULL AND (NOT o.requires_two_factor OR u.totp_enabled_at IS NOT NULL)`;

const NETWORK_AUDIENCE = `
  SELECT m.user_id, m.organisation_id FROM memberships m
  JOIN users u ON u.id = m.user_id
  JOIN organisations o ON o.id = m.organisation_id
  JOIN network_organisations no ON no.organisation_id = m.organisation_id AND no.network_id = $1 AND no.standing = 'MEMBER'
  WHERE ${ACTIVE_MEMBERSHIP}
  UNION
  SELECT nc.user_id, NULL FROM network_coordinators nc JOIN users u ON u.id = nc.user_id
  WHERE nc.network_id = $1 AND u.suspended_at IS NULL`;

const ORGANISATION_AUDIENCE = `
  SELECT m.user_id, m.organisation_id FROM memberships m
  JOIN users u ON u.id = m.user_id
  JOIN organisations o ON o.id = m.organisation_id
  WHERE m.organisation_id = $1 AND ${ACTIVE_MEMBERSHIP}`;

export type ThreadSpace = Pick<ThreadEntity, 'spaceKind' | 'spaceNetworkId' | 'spaceOrganisationId' | 'subjectId'>;

/** Everyone who may read a thread now: for mentions, `@thread`, "seen by" and who may stay in its room. */
@Injectable()
export class ThreadAudience {
  constructor(private readonly subjects: ThreadSubjects) {}

  async of(db: EntityManager, thread: ThreadSpace): Promise<AudienceMember[]> {
    let rows: AudienceMember[];
    if (thread.spaceKind === 'NETWORK') {
      rows = (await db.query(NETWORK_AUDIENCE, [thread.spaceNetworkId])).map(toMember);
    } else if (thread.spaceKind === 'ORGANISATION') {
      rows = (await db.query(ORGANISATION_AUDIENCE, [thread.spaceOrganisationId])).map(toMember);
    } else {
      const provider = this.subjects.provider(thread.spaceKind);
      rows = provider && thread.subjectId ? await provider.audience(db, thread.subjectId) : [];
    }
    // Someone reading through an organisation is counted there, not again on their own.
    const throughOrganisation = new Set(rows.filter((r) => r.organisationId !== null).map((r) => r.userId));
    return rows.filter((r) => r.organisationId !== null || !throughOrganisation.has(r.userId));
  }

  /** Whether one user is in the audience now, from the database (not from a cached session). */
  async includes(db: EntityManager, thread: ThreadSpace, userId: string): Promise<boolean> {
    const query = thread.spaceKind === 'NETWORK' ? NETWORK_AUDIENCE : thread.spaceKind === 'ORGANISATION' ? ORGANISATION_AUDIENCE : null;
    if (!query) return (await this.of(db, thread)).some((m) => m.userId === userId);
    const space = thread.spaceKind === 'NETWORK' ? thread.spaceNetworkId : thread.spaceOrganisationId;
    const rows: unknown[] = await db.query(`SELECT 1 FROM (${query}) audience WHERE audience.user_id = $2 LIMIT 1`, [space, userId]);
    return rows.length > 0;
  }

  async userIds(db: EntityManager, thread: ThreadSpace): Promise<Set<string>> {
    return new Set((await this.of(db, thread)).map((m) => m.userId));
  }
}

const toMember = (row: { user_id: string; organisation_id: string | null }): AudienceMember => ({
  userId: row.user_id,
  organisationId: row.organisation_id,
});
