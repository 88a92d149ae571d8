import { Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '@sw/audit';
import { organisationIdsOf, type RequestAuth } from '@sw/authz';
import { newId } from '@sw/database';
import { Outbox, Transactions } from '@sw/events';
import { AppError, badInput, type ConnectionShape, paginate, type PageArgs } from '@sw/graphql';
import { IdentityDirectory } from '@sw/identity';
import { StatementAccess, StatementAccessLoader, whereStatementAllowed } from './statement-access.js';
import { StatementEntity, StatementOrganisationEntity, StatementRevisionEntity, type StatementTexts } from './statement.entity.js';
import type { CreateStatementInput, InviteToStatementInput, StatementTextInput } from './statement.inputs.js';
import { canTransition, type ParticipantRole, type StatementStatus, statusAllows, wrongStatus } from './statement-state.js';
import { earlierRequest, onceMore, requestDigest } from './statement-idempotency.js';
import { StatementStore } from './statement-store.js';
import { contentHash, normaliseText } from './statement-text.js';

interface Invitee {
  organisationId: string;
  role: ParticipantRole;
  viaNetworkId: string | null;
}

/** Texts of an input checked against the statement's languages: unknown or repeated languages and an empty reference text are refused. */
export function textsFrom(input: StatementTextInput[], languages: string[], reference: string, base: StatementTexts = {}): StatementTexts {
  const texts: StatementTexts = { ...base };
  const seen = new Set<string>();
  for (const { language, body } of input) {
    if (!languages.includes(language)) throw badInput('texts', `language ${language} is not one of this statement's languages (${languages.join(', ')})`);
    if (seen.has(language)) throw badInput('texts', `holds language ${language} twice`);
    seen.add(language);
    texts[language] = normaliseText(body);
  }
  if (!texts[reference]?.trim()) throw badInput('texts', `the text in the reference language (${reference}) cannot be empty`);
  return texts;
}

export const requireFuture = (field: string, at: Date, now = new Date()) => {
  if (at.getTime() <= now.getTime()) throw badInput(field, 'must be in the future');
};

/** Creating statements, reading them, inviting organisations, and the leads' status changes. */
@Injectable()
export class StatementService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly loader: StatementAccessLoader,
    private readonly directory: IdentityDirectory,
    private readonly store: StatementStore,
  ) {}

  /** Statements the caller may read, newest first; each with the caller's access. */
  async list(auth: RequestAuth, page: PageArgs, filter: { status?: StatementStatus | null; awaitingMyOrganisation?: boolean | null } = {}): Promise<ConnectionShape<StatementAccess>> {
    const qb = this.dataSource.getRepository(StatementEntity).createQueryBuilder('s');
    if (filter.status) qb.andWhere('s.status = :status', { status: filter.status });
    if (filter.awaitingMyOrganisation) {
      qb.andWhere(
        `s.status = 'OPEN_FOR_SIGNATURE' AND EXISTS (SELECT 1 FROM statement_organisations waiting WHERE waiting.statement_id = s.id AND waiting.organisation_id = ANY(:mine::uuid[])
           AND waiting.sign_on_status IN ('INVITED', 'REVIEWING', 'NEEDS_RECONFIRMATION'))`,
        { mine: auth.actor ? organisationIdsOf(auth.actor) : [] });
    }
    whereStatementAllowed(qb, auth.ability, 'read');
    const result = await paginate(qb, page, { createdAt: 's.created_at', id: 's.id', direction: 'DESC' }, (s) => s);
    const mine = await this.loader.mine(this.dataSource.manager, auth, result.edges.map((e) => e.node.id));
    return {
      pageInfo: result.pageInfo,
      edges: result.edges.map(({ cursor, node }) => ({
        cursor,
        node: new StatementAccess(node, mine.filter((p) => p.statementId === node.id), auth.ability),
      })),
    };
  }

  get(auth: RequestAuth, id: string): Promise<StatementAccess> {
    return this.loader.load(this.dataSource.manager, auth, id);
  }

  /** The organisations a tier sees: all for lead and drafting ones; for invited ones the leads, drafters and themselves. */
  async participants(access: StatementAccess): Promise<StatementOrganisationEntity[]> {
    if (access.tier === 'reader') return [];
    const qb = this.dataSource.getRepository(StatementOrganisationEntity).createQueryBuilder('p').where('p.statement_id = :statementId', { statementId: access.statement.id });
    if (access.tier === 'participant') {
      qb.andWhere(`(p.role IN ('LEAD', 'DRAFTER') OR p.organisation_id = ANY(:mine))`, { mine: access.mine.map((p) => p.organisationId) });
    }
    const rows = await qb.orderBy('p.created_at').addOrderBy('p.organisation_id').getMany();
    const rank = { LEAD: 0, DRAFTER: 1, INVITED: 2 } as const;
    return rows.sort((a, b) => rank[a.role] - rank[b.role]);
  }

  create(auth: RequestAuth, input: CreateStatementInput): Promise<StatementAccess> {
    return onceMore(() => this.createOnce(auth, input));
  }

  private async createOnce(auth: RequestAuth, input: CreateStatementInput): Promise<StatementAccess> {
    const actor = auth.actor!;
    const digest = input.clientId ? requestDigest(input) : null;
    if (input.clientId) {
      const earlier = await earlierRequest(this.dataSource.manager, 'statements', actor.userId, input.clientId, digest!);
      if (earlier) return this.loader.load(this.dataSource.manager, auth, earlier);
    }
    const lead = input.leadOrganisationId;
    if (!auth.ability.can('create', subject('Statement', { leadOrganisationId: lead }))) {
      throw new AppError('FORBIDDEN', 'leadOrganisationId: you can start a statement only for an organisation you belong to', { field: 'leadOrganisationId' });
    }
    const languages = [...new Set(input.texts.map((t) => t.language))];
    if (!languages.includes(input.referenceLanguage)) throw badInput('referenceLanguage', 'must be the language of one of the texts');
    const texts = textsFrom(input.texts, languages, input.referenceLanguage);
    const title = normaliseText(input.title);
    if (input.deadline) requireFuture('deadline', input.deadline);

    const id = await this.tx.run(async (manager) => {
      const invitees = await this.resolveInvitees(manager, [lead], {
        coLeadOrganisationIds: ['LEAD', input.coLeadOrganisationIds ?? []],
        draftingOrganisationIds: ['DRAFTER', input.draftingOrganisationIds ?? []],
        invitedOrganisationIds: ['INVITED', input.invitedOrganisationIds ?? []],
      }, ['invitedNetworkIds', input.invitedNetworkIds ?? []], new Set([lead]));
      const statementId = newId();
      const revisionId = newId();
      await manager.insert(StatementEntity, {
        id: statementId, title, status: 'DRAFTING', referenceLanguage: input.referenceLanguage, languages,
        deadline: input.deadline ?? null, allowIndividualSignatories: input.allowIndividualSignatories,
        signatoryOrder: input.signatoryOrder, currentRevisionId: revisionId, version: 1, createdBy: actor.userId,
        clientId: input.clientId ?? null, clientDigest: digest,
      });
      await manager.insert(StatementRevisionEntity, {
        id: revisionId, statementId, number: 1, title, texts, contentHash: contentHash(title, texts),
        authorUserId: actor.userId, authorOrganisationId: lead,
      });
      await manager.insert(StatementOrganisationEntity, { statementId, organisationId: lead, role: 'LEAD', signOnStatus: 'INVITED' });
      await this.audit.record(manager, {
        actorUserId: actor.userId, action: 'statement.created', organisationId: lead, subjectType: 'Statement', subjectId: statementId,
      });
      await this.addParticipants(manager, actor.userId, lead, statementId, invitees, 'DRAFTING');
      return statementId;
    });
    return this.loader.load(this.dataSource.manager, auth, id);
  }

  async invite(auth: RequestAuth, input: InviteToStatementInput): Promise<StatementAccess> {
    const actor = auth.actor!;
    await this.tx.run(async (manager) => {
      const access = await this.loader.load(manager, auth, input.statementId, 'pessimistic_write');
      const actingFor = access.actingFor('lead', 'invite organisations to');
      if (!statusAllows('editing', access.statement.status)) throw wrongStatus('invite organisations', access.statement.status);
      if (!input.organisationIds?.length && !input.networkIds?.length) throw badInput('organisationIds', 'name at least one organisation or network');
      const present: { organisation_id: string; role: ParticipantRole }[] = await manager.query(
        'SELECT organisation_id, role FROM statement_organisations WHERE statement_id = $1',
        [input.statementId],
      );
      const already = new Map(present.map((p) => [p.organisation_id, p.role]));
      for (const organisationId of input.organisationIds ?? []) {
        const role = already.get(organisationId);
        if (role) throw badInput('organisationIds', `organisation ${organisationId} already takes part (${role})`);
      }
      const leads = present.filter((p) => p.role === 'LEAD').map((p) => p.organisation_id);
      const invitees = await this.resolveInvitees(
        manager, leads, { organisationIds: [input.role, input.organisationIds ?? []] }, ['networkIds', input.networkIds ?? []], new Set(already.keys()),
      );
      await this.addParticipants(manager, actor.userId, actingFor, input.statementId, invitees, access.statement.status);
    });
    return this.loader.load(this.dataSource.manager, auth, input.statementId);
  }

  /** Opens for signature: invited organisations see the text from now on and are told so. */
  async open(auth: RequestAuth, statementId: string, deadline?: Date | null): Promise<StatementAccess> {
    await this.tx.run(async (manager) => {
      const access = await this.loader.load(manager, auth, statementId, 'pessimistic_write');
      const actingFor = access.actingFor('lead', 'open');
      const { statement } = access;
      if (!canTransition('open', statement.status)) throw wrongStatus('open', statement.status);
      const until = deadline ?? statement.deadline;
      if (!until) throw badInput('deadline', 'is required to open the statement for signature');
      requireFuture('deadline', until);
      await this.store.transition(manager, statement, 'open', {
        set: ['opened_at = now()', 'opened_revision_number = version', 'deadline = $3', 'deadline_reminded_at = NULL'],
        params: [until],
      });
      await this.audit.record(manager, {
        actorUserId: auth.actor!.userId, action: 'statement.opened', organisationId: actingFor, subjectType: 'Statement', subjectId: statementId,
      });
      const invited: { organisation_id: string }[] = await manager.query(
        `SELECT organisation_id FROM statement_organisations WHERE statement_id = $1 AND role = 'INVITED' ORDER BY organisation_id`,
        [statementId],
      );
      for (const { organisation_id } of invited) {
        await this.outbox.add(manager, 'statement.invited', { statementId, organisationId: organisation_id });
      }
    });
    return this.loader.load(this.dataSource.manager, auth, statementId);
  }

  async close(auth: RequestAuth, statementId: string): Promise<StatementAccess> {
    await this.tx.run(async (manager) => {
      const access = await this.loader.load(manager, auth, statementId, 'pessimistic_write');
      const actingFor = access.actingFor('lead', 'close');
      await this.store.transition(manager, access.statement, 'close', { set: ['closed_at = now()'] });
      await this.audit.record(manager, {
        actorUserId: auth.actor!.userId, action: 'statement.closed', organisationId: actingFor, subjectType: 'Statement', subjectId: statementId,
      });
    });
    return this.loader.load(this.dataSource.manager, auth, statementId);
  }

  /** From any status but WITHDRAWN; a scheduled publication is cancelled, a published statement leaves the public feed. */
  async withdraw(auth: RequestAuth, statementId: string): Promise<StatementAccess> {
    await this.tx.run(async (manager) => {
      const access = await this.loader.load(manager, auth, statementId, 'pessimistic_write');
      const actingFor = access.actingFor('lead', 'withdraw');
      const from = access.statement.status;
      await this.store.transition(manager, access.statement, 'withdraw', {
        set: [
          'withdrawn_at = now()',
          'embargo_until = NULL',
          "publication_revision_id = CASE WHEN status = 'PUBLISHED' THEN publication_revision_id END",
        ],
      });
      await this.audit.record(manager, {
        actorUserId: auth.actor!.userId, action: 'statement.withdrawn', organisationId: actingFor, subjectType: 'Statement', subjectId: statementId,
        metadata: { from },
      });
      await this.outbox.add(manager, 'statement.withdrawn', { statementId });
    });
    return this.loader.load(this.dataSource.manager, auth, statementId);
  }

  async setDeadline(auth: RequestAuth, statementId: string, deadline: Date): Promise<StatementAccess> {
    await this.tx.run(async (manager) => {
      const access = await this.loader.load(manager, auth, statementId, 'pessimistic_write');
      access.actingFor('lead', 'change the deadline of');
      if (!statusAllows('editing', access.statement.status)) throw wrongStatus('change the deadline', access.statement.status);
      requireFuture('deadline', deadline);
      await manager.query('UPDATE statements SET deadline = $2, deadline_reminded_at = NULL, updated_at = now() WHERE id = $1', [statementId, deadline]);
    });
    return this.loader.load(this.dataSource.manager, auth, statementId);
  }

  /**
   * The organisations named in each input list, all reachable from the leads (else BAD_USER_INPUT
   * naming the list), and the organisations of each network, skipping those already taking part.
   */
  private async resolveInvitees(
    manager: EntityManager,
    leads: string[],
    lists: Record<string, [ParticipantRole, string[]]>,
    [networkField, networkIds]: [string, string[]],
    taken: Set<string>,
  ): Promise<Invitee[]> {
    const invitees: Invitee[] = [];
    const named = Object.values(lists).flatMap(([, ids]) => ids);
    const reachable = await this.directory.organisationsReachableFrom(manager, leads, named);
    for (const [field, [role, ids]] of Object.entries(lists)) {
      for (const organisationId of ids) {
        if (taken.has(organisationId)) throw badInput(field, `organisation ${organisationId} is named twice`);
        if (!reachable.has(organisationId)) {
          throw badInput(field, `organisation ${organisationId} is unknown or not in a network where a lead organisation is a member`);
        }
        taken.add(organisationId);
        invitees.push({ organisationId, role, viaNetworkId: null });
      }
    }
    const networks = await this.directory.organisationsOfMemberNetworks(manager, leads, networkIds);
    for (const networkId of networkIds) {
      const members = networks.get(networkId);
      if (!members) throw badInput(networkField, `network ${networkId} is unknown or not one a lead organisation is a member of`);
      for (const organisationId of members.filter((o) => !taken.has(o))) {
        taken.add(organisationId);
        invitees.push({ organisationId, role: 'INVITED', viaNetworkId: networkId });
      }
    }
    return invitees;
  }

  /**
   * Adds organisations; who can see the statement changes, so each addition is audited. Lead and
   * drafting organisations hear of it at once, invited ones when they can read the text.
   */
  private async addParticipants(manager: EntityManager, actorId: string, actingFor: string, statementId: string, invitees: Invitee[], status: StatementStatus) {
    for (const invitee of invitees) {
      await manager.insert(StatementOrganisationEntity, {
        statementId, organisationId: invitee.organisationId, role: invitee.role, viaNetworkId: invitee.viaNetworkId, signOnStatus: 'INVITED',
      });
      await this.audit.record(manager, {
        actorUserId: actorId, action: 'statement.organisation_added', organisationId: actingFor, subjectType: 'Statement', subjectId: statementId,
        metadata: { addedOrganisationId: invitee.organisationId, role: invitee.role, viaNetworkId: invitee.viaNetworkId },
      });
      if (invitee.role !== 'INVITED' || status !== 'DRAFTING') {
        await this.outbox.add(manager, 'statement.invited', { statementId, organisationId: invitee.organisationId });
      }
    }
  }
}
