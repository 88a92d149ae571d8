import { Injectable } from '@nestjs/common';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { abilityToSql, type FieldColumns, type SqlCondition } from '@sw/authz';
import { type Caller, ThreadSubjects } from './thread-subjects.js';

export type ThreadAction = 'read' | 'moderate';

const threadColumns = (alias: string): FieldColumns => ({
  spaceNetworkId: `${alias}.space_network_id`,
  spaceOrganisationId: `${alias}.space_organisation_id`,
  createdBy: `${alias}.created_by`,
});

let conditionsMade = 0;

/**
 * Which threads a caller may read or moderate, as SQL for the statement that reads them: the
 * caller's Thread rules (network and organisation spaces) OR, per registered subject kind, "attached
 * to an item the provider says the caller may read". A kind without a provider adds nothing (deny
 * by default). Null means nothing at all: the caller must get no row, never an unfiltered query.
 */
@Injectable()
export class ThreadAccess {
  constructor(private readonly subjects: ThreadSubjects) {}

  condition(caller: Caller, action: ThreadAction, alias = 't'): SqlCondition | null {
    const parts: string[] = [];
    const params: Record<string, unknown> = {};
    const rules = abilityToSql(caller.ability, action, 'Thread', threadColumns(alias));
    if (rules) {
      parts.push(rules.sql);
      Object.assign(params, rules.params);
    }
    for (const [kind, provider] of this.subjects.registered()) {
      const prefix = `thread_subject${conditionsMade++}`;
      const select = action === 'read' ? provider.readableIds(caller, prefix) : (provider.moderatedIds?.(caller, prefix) ?? null);
      if (!select) continue;
      const kindParam = `${prefix}_kind`;
      parts.push(`(${alias}.space_kind = :${kindParam} AND ${alias}.subject_id IN (${select.sql}))`);
      Object.assign(params, select.params, { [kindParam]: kind });
    }
    if (parts.length === 0) return null;
    return { sql: parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`, params };
  }

  /** Like whereAllowed: call after the query's own conditions; AND FALSE when the caller may do nothing. */
  where<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, caller: Caller, action: ThreadAction, alias = 't'): SelectQueryBuilder<T> {
    const { wheres } = qb.expressionMap;
    if (wheres.length > 0) qb.expressionMap.wheres = [{ type: 'and', condition: { operator: 'brackets', condition: wheres } }];
    const condition = this.condition(caller, action, alias);
    return condition ? qb.andWhere(condition.sql, condition.params) : qb.andWhere('FALSE');
  }

  /** The condition as a boolean expression for a select list. */
  flag(caller: Caller, action: ThreadAction, alias = 't'): SqlCondition {
    return this.condition(caller, action, alias) ?? { sql: 'FALSE', params: {} };
  }
}
