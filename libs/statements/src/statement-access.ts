import { Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import { type EntityManager, In, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { abilityToSql, type AppAbility, type FieldColumns, organisationIdsOf, type RequestAuth, type SqlCondition } from '@sw/authz';
import { AppError, badInput, notFound } from '@sw/graphql';
import { StatementEntity, StatementOrganisationEntity } from './statement.entity.js';

/** The fields of the `Statement` subject, as columns of `statement_organisations so` joined to `statements s`. */
export const ACCESS_COLUMNS: FieldColumns = {
  organisationId: 'so.organisation_id',
  role: 'so.role',
  signOnStatus: 'so.sign_on_status',
  status: 's.status',
  openedAt: 's.opened_at',
  embargoUntil: 's.embargo_until',
};

/**
 * The statements (as `statements s`) the caller may `action`, as one SQL condition: an EXISTS over
 * the statement's organisations with the rule in it. Null when the rules grant nothing at all.
 * `paramPrefix` names its parameters (for a condition that goes into another domain's statement).
 */
export function statementAllowed(ability: AppAbility, action: string, paramPrefix?: string): SqlCondition | null {
  const rule = abilityToSql(ability, action, 'Statement', ACCESS_COLUMNS, paramPrefix);
  if (!rule) return null;
  return { sql: `EXISTS (SELECT 1 FROM statement_organisations so WHERE so.statement_id = s.id AND (${rule.sql}))`, params: rule.params };
}

/**
 * Narrows a query over `statements s` to the statements the caller may `action`: the rule goes
 * into the same SQL statement as an EXISTS over the statement's organisations. Call it after the
 * query's own (AND-ed) conditions.
 */
export function whereStatementAllowed<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, ability: AppAbility, action: string): SelectQueryBuilder<T> {
  const allowed = statementAllowed(ability, action);
  return allowed ? qb.andWhere(allowed.sql, allowed.params) : qb.andWhere('FALSE');
}

/** The `Statement` subject for one organisation's row, or for a caller with no organisation in it. */
export function statementSubject(statement: StatementEntity, participant: StatementOrganisationEntity | null) {
  return subject('Statement', {
    organisationId: participant?.organisationId ?? null,
    role: participant?.role ?? null,
    signOnStatus: participant?.signOnStatus ?? null,
    status: statement.status,
    openedAt: statement.openedAt,
    embargoUntil: statement.embargoUntil,
  });
}

/**
 * How much of a statement a caller sees: `drafter` (lead and drafting organisations: everything),
 * `participant` (invited organisations: the text since opening, their own sign-on, what leads and
 * drafters wrote and what they wrote themselves), `reader` (a published statement: its published
 * text and signatories).
 */
export type StatementTier = 'drafter' | 'participant' | 'reader';

/** A statement the caller may read, with the caller's own organisations in it. */
export class StatementAccess {
  constructor(
    readonly statement: StatementEntity,
    /** The caller's organisations taking part, with their roles and sign-on. */
    readonly mine: StatementOrganisationEntity[],
    private readonly ability: AppAbility,
  ) {}

  can(action: string): boolean {
    return [...this.mine, null].some((p) => this.ability.can(action, statementSubject(this.statement, p)));
  }

  get tier(): StatementTier {
    if (this.can('revise')) return 'drafter';
    return this.can('comment') ? 'participant' : 'reader';
  }

  get isLead(): boolean {
    return this.can('lead');
  }

  /**
   * The organisation the caller acts for: the one named, when it allows `action`; otherwise the
   * only one that does. FORBIDDEN when none does (the caller may read the statement, so it exists
   * for them).
   */
  actingFor(action: string, what: string, organisationId?: string | null): string {
    const allowed = this.mine.filter((p) => this.ability.can(action, statementSubject(this.statement, p))).map((p) => p.organisationId);
    if (organisationId) {
      if (allowed.includes(organisationId)) return organisationId;
      throw new AppError('FORBIDDEN', `organisationId: this organisation cannot ${what} this statement, or you do not act for it`, { field: 'organisationId' });
    }
    if (allowed.length === 1) return allowed[0]!;
    if (allowed.length === 0) throw new AppError('FORBIDDEN', `Your organisations cannot ${what} this statement`);
    throw badInput('organisationId', 'you take part in this statement through several organisations: name the one you act for');
  }
}

export type StatementLock = 'pessimistic_write' | 'pessimistic_read';

/** Loads statements through the read rule: what the caller may not read does not exist for them. */
@Injectable()
export class StatementAccessLoader {
  async load(manager: EntityManager, auth: RequestAuth, statementId: string, lock?: StatementLock): Promise<StatementAccess> {
    const qb = manager.getRepository(StatementEntity).createQueryBuilder('s').where('s.id = :statementId', { statementId });
    whereStatementAllowed(qb, auth.ability, 'read');
    if (lock) qb.setLock(lock);
    const statement = await qb.getOne();
    if (!statement) throw notFound('Statement');
    return new StatementAccess(statement, await this.mine(manager, auth, [statementId]), auth.ability);
  }

  /** The caller's organisations in these statements (already known to be readable). */
  async mine(manager: EntityManager, auth: RequestAuth, statementIds: string[]): Promise<StatementOrganisationEntity[]> {
    const memberOf = auth.actor ? organisationIdsOf(auth.actor) : [];
    if (memberOf.length === 0 || statementIds.length === 0) return [];
    return manager.find(StatementOrganisationEntity, { where: { statementId: In(statementIds), organisationId: In(memberOf) } });
  }
}
