import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, type AppAbility, type SessionAuthenticator, whereAllowed } from '@sw/authz';
import { AppConfig } from '@sw/config';
import { newId, returning } from '@sw/database';
import { Outbox } from '@sw/events';
import { type ConnectionShape, paginate, type PageArgs } from '@sw/graphql';
import { ACTIVE_MEMBERSHIPS } from './identity-sql.js';
import { digest, newToken } from './secrets.js';
import { SessionEntity } from './session.entity.js';

// last_seen_at is coarse on purpose (data minimisation) and cheap: written at most once a minute.
const TOUCH_AFTER_MS = 60_000;
const SESSION_COLUMNS = { userId: 's.user_id' };

interface ActorRow {
  session_id: string;
  user_id: string;
  is_operator: boolean;
  last_seen_at: Date;
  memberships: { organisationId: string; role: 'ADMIN' | 'MEMBER' }[];
  standings: { networkId: string; organisationId: string; standing: 'MEMBER' | 'PARTNER' }[];
  coordinated: string[];
}

/** Opaque session tokens: created at sign-in, stored as a digest, expired when idle or old, revocable. */
@Injectable()
export class SessionService implements SessionAuthenticator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly outbox: Outbox,
  ) {}

  /** A new session; the token is returned once and never stored. */
  async create(manager: EntityManager, userId: string, clientLabel: string): Promise<{ session: SessionEntity; token: string }> {
    const token = newToken();
    const now = Date.now();
    const session = manager.create(SessionEntity, {
      id: newId(),
      userId,
      tokenHash: digest(token),
      clientLabel,
      lastSeenAt: new Date(now),
      idleExpiresAt: new Date(now + this.config.env.SESSION_IDLE_MINUTES * 60_000),
      absoluteExpiresAt: new Date(now + this.config.env.SESSION_ABSOLUTE_HOURS * 3_600_000),
      revokedAt: null,
    });
    await manager.insert(SessionEntity, session);
    const [{ created_at }] = await manager.query('SELECT created_at FROM sessions WHERE id = $1', [session.id]);
    session.createdAt = created_at as Date;
    return { session, token };
  }

  /**
   * The actor behind a token, in one statement: a valid session of an unsuspended user, with the
   * memberships that grant something now (ACTIVE_MEMBERSHIPS: not suspended; second factor set up where required).
   */
  async authenticate(token: string): Promise<Actor | null> {
    const rows: ActorRow[] = await this.dataSource.query(
      `WITH s AS (
         SELECT s.id, s.user_id, s.last_seen_at, u.is_operator
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.idle_expires_at > now()
           AND s.absolute_expires_at > now() AND u.suspended_at IS NULL),
       m AS (SELECT am.organisation_id, am.role FROM ${ACTIVE_MEMBERSHIPS} am, s WHERE am.user_id = s.user_id)
       SELECT s.id AS session_id, s.user_id, s.is_operator, s.last_seen_at,
         coalesce((SELECT json_agg(json_build_object('organisationId', organisation_id, 'role', role)) FROM m), '[]') AS memberships,
         coalesce((SELECT json_agg(json_build_object('networkId', no.network_id, 'organisationId', no.organisation_id, 'standing', no.standing))
                   FROM network_organisations no WHERE no.organisation_id IN (SELECT organisation_id FROM m)), '[]') AS standings,
         coalesce((SELECT json_agg(nc.network_id) FROM network_coordinators nc WHERE nc.user_id = s.user_id), '[]') AS coordinated
       FROM s`,
      [digest(token)],
    );
    const row = rows[0];
    if (!row) return null;
    if (Date.now() - row.last_seen_at.getTime() > TOUCH_AFTER_MS) {
      await this.dataSource.query(
        `UPDATE sessions SET last_seen_at = now(),
           idle_expires_at = least(now() + make_interval(mins => $2), absolute_expires_at)
         WHERE id = $1`,
        [row.session_id, this.config.env.SESSION_IDLE_MINUTES],
      );
    }
    return {
      userId: row.user_id,
      sessionId: row.session_id,
      isOperator: row.is_operator,
      memberships: row.memberships,
      networkStandings: row.standings,
      coordinatedNetworkIds: row.coordinated,
    };
  }

  async liveSessions(sessionIds: readonly string[]): Promise<Set<string>> {
    if (sessionIds.length === 0) return new Set();
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = ANY($1::uuid[]) AND s.revoked_at IS NULL AND s.idle_expires_at > now()
         AND s.absolute_expires_at > now() AND u.suspended_at IS NULL`,
      [sessionIds]);
    return new Set(rows.map((r) => r.id));
  }

  /** Sessions the caller may see (their own) that are still valid, newest first. */
  listActive(ability: AppAbility, page: PageArgs): Promise<ConnectionShape<SessionEntity>> {
    const qb = this.dataSource
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .where('s.revoked_at IS NULL AND s.idle_expires_at > now() AND s.absolute_expires_at > now()');
    whereAllowed(qb, ability, 'read', 'Session', SESSION_COLUMNS);
    return paginate(qb, page, { createdAt: 's.created_at', id: 's.id', direction: 'DESC' }, (s) => s);
  }

  /** The ids among `ids` of live sessions the caller may revoke (their own). */
  async revocable(manager: EntityManager, ability: AppAbility, ids: string[]): Promise<SessionEntity[]> {
    const qb = manager.getRepository(SessionEntity).createQueryBuilder('s').where('s.id = ANY(:ids)', { ids }).andWhere('s.revoked_at IS NULL');
    return whereAllowed(qb, ability, 'revoke', 'Session', SESSION_COLUMNS).getMany();
  }

  /**
   * Revokes sessions of one user (all, or those listed) and tells the real-time layer to drop
   * their sockets. Returns the ids revoked.
   */
  async revoke(manager: EntityManager, userId: string, sessionIds?: string[], reason = 'revoked'): Promise<string[]> {
    const rows = await returning<{ id: string }>(
      manager,
      `UPDATE sessions SET revoked_at = now()
       WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
       RETURNING id`,
      [userId, sessionIds ?? null],
    );
    const ids = rows.map((r) => r.id);
    if (ids.length > 0) await this.outbox.add(manager, 'session.revoked', { userId, sessionIds: ids, reason });
    return ids;
  }
}
