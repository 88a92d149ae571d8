import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Actor, type AppAbility, type NetworkStanding, type OrganisationRole, PolicyRegistry } from '@sw/authz';
import { RateLimiter } from '@sw/database';
import { AppError, rateLimited } from '@sw/graphql';
import { ACTIVE_MEMBERSHIPS, displayNameSql, organisationNameSql } from './identity-sql.js';
import { PasswordService } from './password.service.js';

export interface PersonFacts {
  id: string;
  displayName: string;
  email: string;
}

/**
 * Who a grant of another domain names, in identity's terms. What holding it means is identity's
 * to say: an active account (PERSON, EVERYONE), a membership that grants something now
 * (MEMBER, ORGANISATION, NETWORK through the organisation's standing), a coordinator's seat.
 */
export type Principal =
  | { kind: 'PERSON'; userId: string }
  /** One person, through one organisation they are an active member of. */
  | { kind: 'MEMBER'; userId: string; organisationId: string }
  | { kind: 'ORGANISATION'; organisationId: string }
  /** The members of the network's organisations (members and partners alike: the rule decides). */
  | { kind: 'NETWORK'; networkId: string }
  | { kind: 'COORDINATORS'; networkId: string }
  | { kind: 'EVERYONE' };

/** One principal and the subject (a CASL `subject(...)`) its holders would act on. */
export interface AudienceCandidate {
  principal: Principal;
  subject: object;
}

/** Someone who may act, and the organisation through which (null when not through one). */
export interface ReachedPerson {
  userId: string;
  organisationId: string | null;
}

/** Never a user id: the user id of a probe that stands for "any holder of the principal". */
const ANYONE = 'probe:anyone';
const PROBE_ORGANISATION = 'probe:organisation';
const ROLES: readonly OrganisationRole[] = ['ADMIN', 'MEMBER'];
const STANDINGS: readonly NetworkStanding[] = ['MEMBER', 'PARTNER'];

const probe = (facts: Partial<Pick<Actor, 'userId' | 'memberships' | 'networkStandings' | 'coordinatedNetworkIds'>>): Actor => ({
  userId: ANYONE, sessionId: 'probe', isOperator: false, memberships: [], networkStandings: [], coordinatedNetworkIds: [], ...facts,
});

/**
 * What other domains may ask of identity: names, memberships, who shares a network with whom,
 * who may act on something, and a fresh re-authentication. They never read identity's tables
 * themselves. Each method takes the caller's EntityManager so it runs inside the caller's
 * transaction; the static `...Sql` builders are for the few statements that must name an identity
 * fact inside the caller's own SQL (a name in a select list, a count in a report), so that those
 * too stay one statement without the caller knowing identity's tables.
 */
@Injectable()
export class IdentityDirectory {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly passwords: PasswordService,
    private readonly policies: PolicyRegistry,
  ) {}

  /** SQL expression: the display name of the user whose id is the SQL expression `userId`. */
  static displayNameSql(userId: string): string {
    return displayNameSql(userId);
  }

  /** SQL expression: the name of the organisation whose id is the SQL expression `organisationId`. */
  static organisationNameSql(organisationId: string): string {
    return organisationNameSql(organisationId);
  }

  /**
   * SQL derived table `(user_id, organisation_id, role)`: the memberships that grant something now
   * (not suspended, account not suspended, the organisation's second-factor rule met), exactly as
   * a request's actor is built. Join it as `JOIN ${IdentityDirectory.activeMembershipsSql()} m ON ...`.
   */
  static activeMembershipsSql(): string {
    return ACTIVE_MEMBERSHIPS;
  }

  /** SQL derived table `(network_id, organisation_id, standing)`: which organisations belong to which networks, as what. */
  static networkOrganisationsSql(): string {
    return '(SELECT network_id, organisation_id, standing FROM network_organisations)';
  }

  async people(manager: EntityManager, ids: readonly string[]): Promise<Map<string, PersonFacts>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; display_name: string; email: string }[] = await manager.query(
      'SELECT id, display_name, email FROM users WHERE id = ANY($1::uuid[])', [[...new Set(ids)]]);
    return new Map(rows.map((r) => [r.id, { id: r.id, displayName: r.display_name, email: r.email }]));
  }

  async displayNames(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; display_name: string }[] = await manager.query(
      'SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])', [[...new Set(ids)]]);
    return new Map(rows.map((r) => [r.id, r.display_name]));
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

  /** Whether the user's membership of the organisation grants something now (the rule of `activeMembershipsSql`). */
  async isActiveMember(manager: EntityManager, userId: string, organisationId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM ${ACTIVE_MEMBERSHIPS} m WHERE m.user_id = $1 AND m.organisation_id = $2`, [userId, organisationId]);
    return rows.length > 0;
  }

  /** Whether the user is an active member (the rule of `activeMembershipsSql`) of one of the organisations. */
  async anyActiveMemberOf(manager: EntityManager, userId: string, organisationIds: readonly string[]): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM ${ACTIVE_MEMBERSHIPS} m WHERE m.user_id = $1 AND m.organisation_id = ANY($2::uuid[]) LIMIT 1`,
      [userId, [...organisationIds]]);
    return rows.length > 0;
  }

  /** Of `userIds`, those whose membership of the organisation grants something now (the rule of `activeMembershipsSql`). */
  async activeMembersAmong(manager: EntityManager, organisationId: string, userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows: { user_id: string }[] = await manager.query(
      `SELECT m.user_id FROM ${ACTIVE_MEMBERSHIPS} m WHERE m.organisation_id = $1 AND m.user_id = ANY($2::uuid[])`,
      [organisationId, [...new Set(userIds)]]);
    return new Set(rows.map((r) => r.user_id));
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
   * Of `candidates`, the organisations that `from` reach as members of a network: those among
   * `from` themselves, and every organisation (member or partner) of a network in which one of
   * `from` has MEMBER standing. Anything else, an id that does not exist included, is left out.
   */
  async organisationsReachableFrom(manager: EntityManager, from: readonly string[], candidates: readonly string[]): Promise<Set<string>> {
    if (candidates.length === 0) return new Set();
    const rows: { id: string }[] = await manager.query(
      `SELECT o.id FROM organisations o
       WHERE o.id = ANY($2::uuid[])
         AND (o.id = ANY($1::uuid[]) OR EXISTS (
           SELECT 1 FROM network_organisations lead
           JOIN network_organisations other ON other.network_id = lead.network_id
           WHERE lead.organisation_id = ANY($1::uuid[]) AND lead.standing = 'MEMBER' AND other.organisation_id = o.id))`,
      [[...from], [...new Set(candidates)]],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Of `networkIds`, those in which one of `from` has MEMBER standing, each with all its
   * organisations (members and partners, sorted by id). Others are left out.
   */
  async organisationsOfMemberNetworks(manager: EntityManager, from: readonly string[], networkIds: readonly string[]): Promise<Map<string, string[]>> {
    if (networkIds.length === 0) return new Map();
    const rows: { network_id: string; organisations: string[] }[] = await manager.query(
      `SELECT n.network_id, array_agg(n.organisation_id ORDER BY n.organisation_id) AS organisations
       FROM network_organisations n
       WHERE n.network_id = ANY($2::uuid[])
         AND EXISTS (SELECT 1 FROM network_organisations lead
                     WHERE lead.network_id = n.network_id AND lead.organisation_id = ANY($1::uuid[]) AND lead.standing = 'MEMBER')
       GROUP BY n.network_id`,
      [[...from], [...new Set(networkIds)]],
    );
    return new Map(rows.map((r) => [r.network_id, r.organisations]));
  }

  /**
   * What an organisation may share with, by name, for a picker: the networks it belongs to, itself
   * and every organisation sharing a network with it, and its own members. People of other
   * organisations are not listed (who belongs where is itself sensitive): they are named one at a
   * time by e-mail address through `reachablePersonByEmail`.
   */
  async shareableFrom(manager: EntityManager, organisationId: string): Promise<{
    networks: { id: string; name: string }[];
    organisations: { id: string; name: string }[];
    people: { id: string; displayName: string; organisationId: string }[];
  }> {
    const networks: { id: string; name: string }[] = await manager.query(
      `SELECT n.id, n.name FROM networks n JOIN network_organisations no ON no.network_id = n.id
       WHERE no.organisation_id = $1 ORDER BY n.name, n.id`, [organisationId]);
    const organisations: { id: string; name: string }[] = await manager.query(
      `SELECT o.id, o.name FROM organisations o WHERE o.id = $1 OR EXISTS (
         SELECT 1 FROM network_organisations a JOIN network_organisations b ON b.network_id = a.network_id
         WHERE a.organisation_id = $1 AND b.organisation_id = o.id)
       ORDER BY o.name, o.id`, [organisationId]);
    const people: { id: string; display_name: string }[] = await manager.query(
      `SELECT u.id, u.display_name FROM users u JOIN memberships m ON m.user_id = u.id AND m.suspended_at IS NULL
       WHERE u.suspended_at IS NULL AND m.organisation_id = $1 ORDER BY u.display_name, u.id`, [organisationId]);
    return {
      networks,
      organisations,
      people: people.map((p) => ({ id: p.id, displayName: p.display_name, organisationId })),
    };
  }

  /**
   * The person with this e-mail address, when `from` can reach them (`personReachable`), with the
   * organisation they are reached through (their membership in `from` first); otherwise null, the
   * same for an address that belongs to nobody.
   */
  async reachablePersonByEmail(manager: EntityManager, from: string, email: string): Promise<{ id: string; displayName: string; organisationId: string; organisationName: string } | null> {
    const rows: { id: string; display_name: string; organisation_id: string; organisation_name: string }[] = await manager.query(
      `SELECT u.id, u.display_name, o.id AS organisation_id, o.name AS organisation_name
       FROM users u JOIN memberships m ON m.user_id = u.id AND m.suspended_at IS NULL
       JOIN organisations o ON o.id = m.organisation_id
       WHERE u.email = $2 AND u.suspended_at IS NULL AND (m.organisation_id = $1 OR EXISTS (
         SELECT 1 FROM network_organisations a JOIN network_organisations b ON b.network_id = a.network_id
         WHERE a.organisation_id = $1 AND b.organisation_id = m.organisation_id))
       ORDER BY (m.organisation_id = $1) DESC, o.name, o.id LIMIT 1`,
      [from, email.trim().toLowerCase()]);
    const row = rows[0];
    return row ? { id: row.id, displayName: row.display_name, organisationId: row.organisation_id, organisationName: row.organisation_name } : null;
  }

  /**
   * Everyone who may `action` a candidate's subject by holding its principal: for each candidate,
   * identity asks the registered policies about an actor that holds the principal (and nothing
   * else) in each way it can be held (as ADMIN or MEMBER; through a MEMBER or PARTNER standing),
   * and answers with the people who hold it in a way that passed. So an audience is derived from
   * the same rules as every request, never restated; this assumes, as every policy here is written,
   * that holding more never takes a permission away and that no rule on content looks at
   * `isOperator`. One statement for the people, whatever the number of candidates.
   *
   * `among`: only these users (to ask about one person, or the people in a room).
   */
  async peopleWhoCan(manager: EntityManager, action: string, candidates: readonly AudienceCandidate[], among?: readonly string[]): Promise<ReachedPerson[]> {
    const abilities = new Map<string, AppAbility>();
    const can = (actor: Actor, subject: object): boolean => {
      const key = JSON.stringify(actor);
      let ability = abilities.get(key);
      if (!ability) {
        ability = this.policies.abilityFor(actor);
        abilities.set(key, ability);
      }
      return ability.can(action, subject);
    };
    const persons: string[] = [];
    const members: { userId: string; organisationId: string; role: OrganisationRole }[] = [];
    const organisations: { organisationId: string; role: OrganisationRole }[] = [];
    const networks: { networkId: string; standing: NetworkStanding; role: OrganisationRole }[] = [];
    const coordinated: string[] = [];
    let everyone = false;
    for (const { principal: p, subject } of candidates) {
      switch (p.kind) {
        case 'PERSON':
          if (can(probe({ userId: p.userId }), subject)) persons.push(p.userId);
          break;
        case 'MEMBER':
          for (const role of ROLES) {
            if (can(probe({ userId: p.userId, memberships: [{ organisationId: p.organisationId, role }] }), subject)) members.push({ userId: p.userId, organisationId: p.organisationId, role });
          }
          break;
        case 'ORGANISATION':
          for (const role of ROLES) {
            if (can(probe({ memberships: [{ organisationId: p.organisationId, role }] }), subject)) organisations.push({ organisationId: p.organisationId, role });
          }
          break;
        case 'NETWORK':
          for (const standing of STANDINGS) {
            for (const role of ROLES) {
              const holder = probe({
                memberships: [{ organisationId: PROBE_ORGANISATION, role }],
                networkStandings: [{ networkId: p.networkId, organisationId: PROBE_ORGANISATION, standing }],
              });
              if (can(holder, subject)) networks.push({ networkId: p.networkId, standing, role });
            }
          }
          break;
        case 'COORDINATORS':
          if (can(probe({ coordinatedNetworkIds: [p.networkId] }), subject)) coordinated.push(p.networkId);
          break;
        case 'EVERYONE':
          everyone ||= can(probe({}), subject);
          break;
      }
    }
    if (!everyone && persons.length + members.length + organisations.length + networks.length + coordinated.length === 0) return [];
    const rows: { user_id: string; organisation_id: string | null }[] = await manager.query(
      `SELECT DISTINCT r.user_id, r.organisation_id FROM (
         SELECT u.id AS user_id, NULL::uuid AS organisation_id FROM users u
         WHERE u.suspended_at IS NULL AND ($1::boolean OR u.id = ANY($2::uuid[]))
         UNION ALL
         SELECT m.user_id, m.organisation_id FROM ${ACTIVE_MEMBERSHIPS} m
         JOIN unnest($3::uuid[], $4::uuid[], $5::text[]) AS x(user_id, organisation_id, role)
           ON m.user_id = x.user_id AND m.organisation_id = x.organisation_id AND m.role = x.role
         UNION ALL
         SELECT m.user_id, m.organisation_id FROM ${ACTIVE_MEMBERSHIPS} m
         JOIN unnest($6::uuid[], $7::text[]) AS x(organisation_id, role) ON m.organisation_id = x.organisation_id AND m.role = x.role
         UNION ALL
         SELECT m.user_id, m.organisation_id FROM ${ACTIVE_MEMBERSHIPS} m
         JOIN network_organisations no ON no.organisation_id = m.organisation_id
         JOIN unnest($8::uuid[], $9::text[], $10::text[]) AS x(network_id, standing, role)
           ON no.network_id = x.network_id AND no.standing = x.standing AND m.role = x.role
         UNION ALL
         SELECT nc.user_id, NULL FROM network_coordinators nc JOIN users u ON u.id = nc.user_id
         WHERE nc.network_id = ANY($11::uuid[]) AND u.suspended_at IS NULL
       ) r
       WHERE $12::uuid[] IS NULL OR r.user_id = ANY($12::uuid[])
       ORDER BY r.user_id, r.organisation_id`,
      [
        everyone, persons,
        members.map((m) => m.userId), members.map((m) => m.organisationId), members.map((m) => m.role),
        organisations.map((o) => o.organisationId), organisations.map((o) => o.role),
        networks.map((n) => n.networkId), networks.map((n) => n.standing), networks.map((n) => n.role),
        coordinated, among ? [...among] : null,
      ],
    );
    return rows.map((r) => ({ userId: r.user_id, organisationId: r.organisation_id }));
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
