import { Injectable } from '@nestjs/common';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { AuditLog } from '@sw/audit';
import { type RequestAuth } from '@sw/authz';
import { Transactions } from '@sw/events';
import { IdentityDirectory } from '@sw/identity';
import { badInput, type ConnectionShape, forbidden, notFound, paginate, type PageArgs } from '@sw/graphql';
import { BriefingAccess } from './briefing-access.js';
import { BriefingEntity, type BriefingRevisionEntity, type BriefingStatus } from './briefing.entity.js';
import type { Tlp } from './tlp.js';

export interface BriefingFilter {
  tlp?: Tlp | null;
  tag?: string | null;
  organisationId?: string | null;
  networkId?: string | null;
  unreadOnly?: boolean | null;
  text?: string | null;
  status?: BriefingStatus | null;
}

export interface OrganisationReceipt {
  organisationId: string;
  organisationName: string;
  members: number;
  readers: { userId: string; displayName: string; readAt: Date }[];
  acknowledgedAt: Date | null;
  acknowledgedBy: { userId: string; displayName: string } | null;
}

const ACTIVE_MEMBERSHIPS = IdentityDirectory.activeMembershipsSql();
const NETWORK_ORGANISATIONS = IdentityDirectory.networkOrganisationsSql();

/** Lists, look-ups, search, counts, reads and acknowledgements — every one filtered by the rules in SQL. */
@Injectable()
export class BriefingReading {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: BriefingAccess,
    private readonly tx: Transactions,
    private readonly audit: AuditLog,
    private readonly directory: IdentityDirectory,
  ) {}

  list(auth: RequestAuth, filter: BriefingFilter, page: PageArgs): Promise<ConnectionShape<BriefingEntity>> {
    const qb = this.filtered(auth, filter);
    return paginate(qb, page, { createdAt: 'b.listed_at', id: 'b.id', direction: 'DESC' }, (b) => ({ createdAt: b.listedAt, id: b.id }));
  }

  async count(auth: RequestAuth, filter: BriefingFilter): Promise<number> {
    return this.filtered(auth, filter).getCount();
  }

  async get(auth: RequestAuth, id: string): Promise<BriefingEntity> {
    return this.access.require(this.dataSource.manager, auth.ability, id, 'read');
  }

  /** Of the given briefings, those the caller is a source of (sees author, origin and receipts). */
  async sourceOf(auth: RequestAuth, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const qb = this.dataSource.getRepository(BriefingEntity).createQueryBuilder('b').select('b.id', 'id').where('b.id = ANY(:ids)', { ids });
    const rows: { id: string }[] = await this.access.allowed(qb, auth.ability, 'viewReceipts').getRawMany();
    return new Set(rows.map((r) => r.id));
  }

  async readByViewer(auth: RequestAuth, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0 || !auth.actor) return new Set();
    const rows: { briefing_id: string }[] = await this.dataSource.query(
      'SELECT briefing_id FROM briefing_reads WHERE user_id = $1 AND briefing_id = ANY($2::uuid[])', [auth.actor.userId, ids]);
    return new Set(rows.map((r) => r.briefing_id));
  }

  async revisions(auth: RequestAuth, id: string): Promise<BriefingRevisionEntity[]> {
    await this.get(auth, id);
    return this.dataSource.query(
      `SELECT id, briefing_id AS "briefingId", revision, title, summary, body, body_encrypted AS "bodyEncrypted", tlp, created_at AS "createdAt"
       FROM briefing_revisions WHERE briefing_id = $1 ORDER BY revision DESC`, [id]);
  }

  /** Records that the caller opened it (once). Reads of RED and AMBER+STRICT go to the source's audit log. */
  async markRead(auth: RequestAuth, id: string): Promise<BriefingEntity> {
    return this.tx.run(async (manager) => {
      const briefing = await this.access.require(manager, auth.ability, id, 'read');
      const inserted: unknown[] = await manager.query(
        'INSERT INTO briefing_reads (briefing_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING briefing_id', [id, auth.actor!.userId]);
      if (inserted.length > 0 && (briefing.tlp === 'RED' || briefing.tlp === 'AMBER_STRICT') && briefing.status === 'PUBLISHED') {
        await this.audit.record(manager, {
          actorUserId: auth.actor!.userId, action: 'briefing.read', organisationId: briefing.publisherOrganisationId,
          subjectType: 'Briefing', subjectId: id, metadata: { tlp: briefing.tlp },
        });
      }
      return briefing;
    });
  }

  /** Acknowledges for one of the caller's organisations that the briefing reaches. */
  async acknowledge(auth: RequestAuth, id: string, organisationId: string): Promise<BriefingEntity> {
    return this.tx.run(async (manager) => {
      const briefing = await this.access.require(manager, auth.ability, id, 'acknowledge');
      if (briefing.status !== 'PUBLISHED') throw notFound('Briefing');
      if (!auth.actor!.memberships.some((m) => m.organisationId === organisationId)) {
        throw badInput('organisationId', 'you can acknowledge only for an organisation you belong to');
      }
      // Only for an organisation the briefing reaches: named, in a named network, a named person's, or everyone.
      const grants = await manager.query(
        `SELECT kind, principal_id FROM briefing_audience WHERE briefing_id = $1 AND status = 'PUBLISHED'`, [id]) as { kind: string; principal_id: string }[];
      const networks = grants
        .filter((g) => g.kind === 'NETWORK_MEMBERS' || g.kind === 'NETWORK_ALL')
        .map((g) => ({ networkId: g.principal_id, includePartners: g.kind === 'NETWORK_ALL' }));
      const reached =
        grants.some((g) => g.kind === 'EVERYONE' || (g.kind === 'ORGANISATION' && g.principal_id === organisationId)
          || (g.kind === 'USER' && g.principal_id === auth.actor!.userId))
        || (await this.directory.organisationsOfNetworks(manager, networks)).includes(organisationId);
      if (!reached) throw forbidden('This briefing does not reach that organisation');
      await manager.query(
        `INSERT INTO briefing_acknowledgements (briefing_id, organisation_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [id, organisationId, auth.actor!.userId]);
      await manager.query('INSERT INTO briefing_reads (briefing_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, auth.actor!.userId]);
      return briefing;
    });
  }

  /**
   * For the source: every organisation the briefing reaches, with who of it has read and whether
   * it acknowledged (and who did).
   */
  async receipts(auth: RequestAuth, id: string): Promise<OrganisationReceipt[]> {
    const briefing = await this.access.require(this.dataSource.manager, auth.ability, id, 'viewReceipts');
    if (briefing.status === 'DRAFT') return [];
    const rows: {
      organisation_id: string; name: string; members: number; readers: { userId: string; displayName: string; readAt: string }[];
      acknowledged_at: Date | null; ack_user_id: string | null; ack_name: string | null;
    }[] = await this.dataSource.query(
      // One statement; identity's facts (standings, active memberships, names) through its SQL builders.
      `WITH reached AS (
         SELECT g.principal_id AS organisation_id FROM briefing_audience g WHERE g.briefing_id = $1 AND g.kind IN ('ORGANISATION', 'PUBLISHER')
         UNION SELECT no.organisation_id FROM briefing_audience g JOIN ${NETWORK_ORGANISATIONS} no ON no.network_id = g.principal_id
           WHERE g.briefing_id = $1 AND (g.kind = 'NETWORK_ALL' OR (g.kind = 'NETWORK_MEMBERS' AND no.standing = 'MEMBER'))
         UNION SELECT m.organisation_id FROM briefing_audience g JOIN ${ACTIVE_MEMBERSHIPS} m ON m.user_id = g.principal_id
           WHERE g.briefing_id = $1 AND g.kind = 'USER'),
       named AS (SELECT organisation_id, ${IdentityDirectory.organisationNameSql('organisation_id')} AS name FROM reached)
       SELECT o.organisation_id, o.name,
         (SELECT count(*)::int FROM ${ACTIVE_MEMBERSHIPS} m WHERE m.organisation_id = o.organisation_id) AS members,
         coalesce((SELECT json_agg(json_build_object('userId', r.user_id, 'displayName', ${IdentityDirectory.displayNameSql('r.user_id')}, 'readAt', r.read_at)
                     ORDER BY r.read_at)
                   FROM briefing_reads r JOIN ${ACTIVE_MEMBERSHIPS} m ON m.user_id = r.user_id AND m.organisation_id = o.organisation_id
                   WHERE r.briefing_id = $1), '[]') AS readers,
         a.acknowledged_at, a.user_id AS ack_user_id, ${IdentityDirectory.displayNameSql('a.user_id')} AS ack_name
       FROM named o
       LEFT JOIN briefing_acknowledgements a ON a.briefing_id = $1 AND a.organisation_id = o.organisation_id
       WHERE o.name IS NOT NULL
       ORDER BY o.name`,
      [id]);
    return rows.map((r) => ({
      organisationId: r.organisation_id,
      organisationName: r.name,
      members: r.members,
      readers: r.readers.map((x) => ({ ...x, readAt: new Date(x.readAt) })),
      acknowledgedAt: r.acknowledged_at,
      acknowledgedBy: r.ack_user_id ? { userId: r.ack_user_id, displayName: r.ack_name! } : null,
    }));
  }

  /** The list query: the rule, then the filters, in one statement. */
  private filtered(auth: RequestAuth, filter: BriefingFilter): SelectQueryBuilder<BriefingEntity> {
    const qb = this.dataSource.getRepository(BriefingEntity).createQueryBuilder('b');
    qb.where('b.status = :status', { status: filter.status ?? 'PUBLISHED' });
    if (filter.tlp) qb.andWhere('b.tlp = :tlp', { tlp: filter.tlp });
    if (filter.tag) qb.andWhere(':tag = ANY(b.tags)', { tag: filter.tag.trim().toLocaleLowerCase('tr') });
    if (filter.organisationId) qb.andWhere('b.publisher_organisation_id = :org', { org: filter.organisationId });
    if (filter.networkId) {
      qb.andWhere(`EXISTS (SELECT 1 FROM briefing_audience n WHERE n.briefing_id = b.id AND n.kind IN ('NETWORK_MEMBERS', 'NETWORK_ALL') AND n.principal_id = :net)`, { net: filter.networkId });
    }
    if (filter.unreadOnly && auth.actor) {
      qb.andWhere('NOT EXISTS (SELECT 1 FROM briefing_reads r WHERE r.briefing_id = b.id AND r.user_id = :reader)', { reader: auth.actor.userId });
    }
    if (filter.text) {
      const text = filter.text.trim();
      if (text.length === 0 || text.length > 200) throw badInput('filter.text', 'must be 1 to 200 characters');
      qb.andWhere(`(b.search_en @@ websearch_to_tsquery('english', :q) OR b.search_tr @@ websearch_to_tsquery('turkish', :q))`, { q: text });
    }
    return this.access.allowed(qb, auth.ability, 'read');
  }
}
