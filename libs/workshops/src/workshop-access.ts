import { abilityToSql, type AppAbility, type SqlCondition } from '@sw/authz';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** Rule fields of `Workshop`, for a query with the workshop as `w` and the grant as `ga`. */
export const WORKSHOP_COLUMNS = {
  kind: 'ga.kind',
  organisationId: 'ga.organisation_id',
  networkId: 'ga.network_id',
  userId: 'ga.user_id',
  participantState: 'ga.state',
  status: 'w.status',
  published: 'w.published',
};

/** Rule fields of `Participant`, for a query with the participant as `p` and the grant as `ga`. */
export const PARTICIPANT_COLUMNS = {
  userId: 'p.user_id',
  state: 'p.state',
  shareIdentity: 'p.share_identity',
  accessKind: 'ga.kind',
  accessUserId: 'ga.user_id',
  accessOrganisationId: 'ga.organisation_id',
  accessState: 'ga.state',
};

type Subject = 'Workshop' | 'Participant';
const SETTINGS: Record<Subject, { columns: Record<string, string>; workshopId: string; from: string }> = {
  Workshop: { columns: WORKSHOP_COLUMNS, workshopId: 'w.id', from: 'workshops' },
  Participant: { columns: PARTICIPANT_COLUMNS, workshopId: 'p.workshop_id', from: 'workshop_participants' },
};

export interface GrantedOptions {
  /** Prefix of the named parameters (for a condition that goes into another domain's statement). */
  paramPrefix?: string;
  /** SQL on the grant `ga`: only grants for which it holds count. */
  grants?: string;
}

/**
 * The ability's rules for (action, subject) as one SQL condition on the row (`w` or `p`): TRUE
 * when some grant of the row's workshop satisfies a rule. Null means no access at all.
 */
export function grantedCondition(ability: AppAbility, action: string, subject: Subject, options: GrantedOptions = {}): SqlCondition | null {
  const { columns, workshopId } = SETTINGS[subject];
  const condition = abilityToSql(ability, action, subject, columns, options.paramPrefix);
  if (!condition) return null;
  const only = options.grants ? ` AND (${options.grants})` : '';
  return { sql: `EXISTS (SELECT 1 FROM workshop_access ga WHERE ga.workshop_id = ${workshopId} AND ${condition.sql}${only})`, params: condition.params };
}

/**
 * Adds the condition to a query over `w` (Workshop) or `p` (Participant); with no access it adds
 * FALSE, so the query returns nothing (never the unfiltered rows). Call after the query's own
 * where clauses; they are bracketed first so an OR in them cannot escape the condition.
 */
export function whereGranted<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, ability: AppAbility, action: string, subject: Subject): SelectQueryBuilder<T> {
  const { wheres } = qb.expressionMap;
  if (wheres.length > 0) qb.expressionMap.wheres = [{ type: 'and', condition: { operator: 'brackets', condition: wheres } }];
  const condition = grantedCondition(ability, action, subject);
  return condition ? qb.andWhere(condition.sql, condition.params) : qb.andWhere('FALSE');
}

/** Of these rows, the ids for which the ability allows the action: one query, for field rules on a page. */
export async function allowedIds(manager: EntityManager, ability: AppAbility, action: string, subject: Subject, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const alias = subject === 'Workshop' ? 'w' : 'p';
  const qb = manager.createQueryBuilder().select(`${alias}.id`, 'id').from(SETTINGS[subject].from, alias).where(`${alias}.id = ANY(:ids)`, { ids: [...ids] });
  const rows: { id: string }[] = await whereGranted(qb, ability, action, subject).getRawMany();
  return new Set(rows.map((r) => r.id));
}
