import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

type Db = EntityManager | DataSource;

/**
 * The few facts about organisations, networks and people this domain needs, read-only.
 *
 * These read identity's tables directly because `@sw/identity` exports no directory service yet;
 * when it does, this class is the one place to switch over.
 */
@Injectable()
export class StatementDirectory {
  /**
   * Of `candidates`, the organisations the lead organisations can reach: the leads themselves and
   * the members and partners of every network in which a lead is a member. Anything else (an id
   * that does not exist, or an organisation out of reach) is the same "unknown" to the caller.
   */
  async reachableOrganisations(db: Db, leads: string[], candidates: string[]): Promise<Set<string>> {
    if (candidates.length === 0) return new Set();
    const rows: { id: string }[] = await db.query(
      `SELECT o.id FROM organisations o
       WHERE o.id = ANY($2::uuid[])
         AND (o.id = ANY($1::uuid[]) OR EXISTS (
           SELECT 1 FROM network_organisations lead
           JOIN network_organisations other ON other.network_id = lead.network_id
           WHERE lead.organisation_id = ANY($1::uuid[]) AND lead.standing = 'MEMBER' AND other.organisation_id = o.id))`,
      [leads, candidates],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Networks in which a lead organisation is a member, each with its organisations (members and partners). */
  async reachableNetworks(db: Db, leads: string[], networkIds: string[]): Promise<Map<string, string[]>> {
    if (networkIds.length === 0) return new Map();
    const rows: { network_id: string; organisations: string[] }[] = await db.query(
      `SELECT n.network_id, array_agg(n.organisation_id ORDER BY n.organisation_id) AS organisations
       FROM network_organisations n
       WHERE n.network_id = ANY($2::uuid[])
         AND EXISTS (SELECT 1 FROM network_organisations lead
                     WHERE lead.network_id = n.network_id AND lead.organisation_id = ANY($1::uuid[]) AND lead.standing = 'MEMBER')
       GROUP BY n.network_id`,
      [leads, networkIds],
    );
    return new Map(rows.map((r) => [r.network_id, r.organisations]));
  }

  async organisationNames(db: Db, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await db.query('SELECT id, name FROM organisations WHERE id = ANY($1::uuid[])', [ids]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async displayNames(db: Db, userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows: { id: string; display_name: string }[] = await db.query('SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])', [userIds]);
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  /** Of `userIds`, those with an active (not suspended) membership of the organisation. */
  async activeMembers(db: Db, organisationId: string, userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows: { user_id: string }[] = await db.query(
      `SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.organisation_id = $1 AND m.user_id = ANY($2::uuid[]) AND m.suspended_at IS NULL AND u.suspended_at IS NULL`,
      [organisationId, userIds],
    );
    return new Set(rows.map((r) => r.user_id));
  }
}
