import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RateLimiter } from '@sw/database';
import { AppError, rateLimited } from '@sw/graphql';
import { PasswordService } from './password.service.js';

export interface PersonFacts {
  id: string;
  displayName: string;
  email: string;
}

/**
 * What other domains may ask of identity: names, memberships, who shares a network with whom,
 * and a fresh re-authentication. They never read identity's tables themselves.
 * Each method takes the caller's EntityManager so it runs inside the caller's transaction.
 */
@Injectable()
export class IdentityDirectory {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly passwords: PasswordService,
  ) {}

  async people(manager: EntityManager, ids: readonly string[]): Promise<Map<string, PersonFacts>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; display_name: string; email: string }[] = await manager.query(
      'SELECT id, display_name, email FROM users WHERE id = ANY($1::uuid[])', [[...new Set(ids)]]);
    return new Map(rows.map((r) => [r.id, { id: r.id, displayName: r.display_name, email: r.email }]));
  }

  async organisationNames(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await manager.query(
      'SELECT id, name FROM organisations WHERE id = ANY($1::uuid[])', [[...new Set(ids)]]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async organisationExists(manager: EntityManager, id: string): Promise<boolean> {
    return (await manager.query('SELECT 1 FROM organisations WHERE id = $1', [id])).length > 0;
  }

  async userExists(manager: EntityManager, userId: string): Promise<boolean> {
    return (await manager.query('SELECT 1 FROM users WHERE id = $1 AND suspended_at IS NULL', [userId])).length > 0;
  }

  /** An active (not suspended) membership of an active user in the organisation. */
  async isActiveMember(manager: EntityManager, userId: string, organisationId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.user_id = $1 AND m.organisation_id = $2 AND m.suspended_at IS NULL AND u.suspended_at IS NULL`,
      [userId, organisationId]);
    return rows.length > 0;
  }

  /** Whether any of the people is an active member of one of the organisations. */
  async anyActiveMemberOf(manager: EntityManager, userId: string, organisationIds: readonly string[]): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      'SELECT 1 FROM memberships WHERE user_id = $1 AND organisation_id = ANY($2::uuid[]) AND suspended_at IS NULL LIMIT 1',
      [userId, [...organisationIds]]);
    return rows.length > 0;
  }

  async isSuspended(manager: EntityManager, userId: string): Promise<boolean> {
    const rows: { suspended: boolean }[] = await manager.query('SELECT suspended_at IS NOT NULL AS suspended FROM users WHERE id = $1', [userId]);
    return rows[0]?.suspended ?? true;
  }

  /** The networks an organisation belongs to (as member or partner). */
  async networksOf(manager: EntityManager, organisationId: string): Promise<string[]> {
    const rows: { network_id: string }[] = await manager.query(
      'SELECT network_id FROM network_organisations WHERE organisation_id = $1 ORDER BY network_id', [organisationId]);
    return rows.map((r) => r.network_id);
  }

  /** Organisations of the networks: members only, or members and partners. */
  async organisationsOfNetworks(manager: EntityManager, networks: readonly { networkId: string; includePartners: boolean }[]): Promise<string[]> {
    if (networks.length === 0) return [];
    const rows: { organisation_id: string }[] = await manager.query(
      `SELECT DISTINCT no.organisation_id FROM network_organisations no
       JOIN unnest($1::uuid[], $2::boolean[]) AS n(network_id, partners) ON n.network_id = no.network_id
       WHERE n.partners OR no.standing = 'MEMBER'`,
      [networks.map((n) => n.networkId), networks.map((n) => n.includePartners)]);
    return rows.map((r) => r.organisation_id);
  }

  /** Whether `organisationId` is `from` itself or shares a network with it. */
  async organisationReachable(manager: EntityManager, from: string, organisationId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM organisations o WHERE o.id = $2 AND (o.id = $1 OR EXISTS (
         SELECT 1 FROM network_organisations a JOIN network_organisations b ON b.network_id = a.network_id
         WHERE a.organisation_id = $1 AND b.organisation_id = o.id))`,
      [from, organisationId]);
    return rows.length > 0;
  }

  /** Whether an active person belongs to `from` or to an organisation sharing a network with it. */
  async personReachable(manager: EntityManager, from: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM users u JOIN memberships m ON m.user_id = u.id AND m.suspended_at IS NULL
       WHERE u.id = $2 AND u.suspended_at IS NULL AND (m.organisation_id = $1 OR EXISTS (
         SELECT 1 FROM network_organisations a JOIN network_organisations b ON b.network_id = a.network_id
         WHERE a.organisation_id = $1 AND b.organisation_id = m.organisation_id))
       LIMIT 1`,
      [from, userId]);
    return rows.length > 0;
  }

  /**
   * Recent re-authentication (SECURITY.md 30): the caller's password again, under the same
   * per-account limit as identity's own re-authentication.
   */
  async reauthenticate(manager: EntityManager, userId: string, password: string): Promise<void> {
    const wait = await this.limiter.hit({ key: `reauth:user:${userId}`, limit: 10, windowSeconds: 900 });
    if (wait > 0) throw rateLimited(wait);
    const rows: { password_hash: string }[] = await manager.query('SELECT password_hash FROM users WHERE id = $1 AND suspended_at IS NULL', [userId]);
    const ok = rows.length > 0 && (await this.passwords.verify(rows[0]!.password_hash, password));
    if (!ok) throw new AppError('UNAUTHENTICATED', 'password: the password is wrong', { field: 'password' });
  }
}
