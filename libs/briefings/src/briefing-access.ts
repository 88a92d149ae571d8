import { Injectable } from '@nestjs/common';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { abilityToSql, type AppAbility, type SqlCondition } from '@sw/authz';
import { forbidden, notFound } from '@sw/graphql';
import { BriefingEntity } from './briefing.entity.js';

const GRANT_COLUMNS = { kind: 'g.kind', principalId: 'g.principal_id', status: 'g.status' };

export interface GrantConditionOptions {
  /** Prefix of the named parameters (for a condition that goes into another domain's statement). */
  paramPrefix?: string;
  /** SQL on the grant `g` (and the briefing `<alias>`): only grants for which it holds count. */
  grants?: string;
}

/**
 * The one place briefing permissions meet SQL: a briefing allows `action` when one of its grant
 * rows matches the caller's rules for that action (see briefing.policy.ts).
 */
@Injectable()
export class BriefingAccess {
  /** `EXISTS (…)` over the grants of `<alias>.id`, or FALSE when the rules grant nothing. */
  condition(ability: AppAbility, action: string, alias = 'b', options: GrantConditionOptions = {}): SqlCondition {
    return this.conditionOrNull(ability, action, alias, options) ?? { sql: 'FALSE', params: {} };
  }

  /** The same, or null when the rules grant nothing at all. */
  conditionOrNull(ability: AppAbility, action: string, alias = 'b', options: GrantConditionOptions = {}): SqlCondition | null {
    const rule = abilityToSql(ability, action, 'BriefingGrant', GRANT_COLUMNS, options.paramPrefix);
    if (!rule) return null;
    const only = options.grants ? ` AND (${options.grants})` : '';
    return {
      sql: `EXISTS (SELECT 1 FROM briefing_audience g WHERE g.briefing_id = ${alias}.id AND (${rule.sql})${only})`,
      params: rule.params,
    };
  }

  allowed<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, ability: AppAbility, action: string, alias = 'b'): SelectQueryBuilder<T> {
    const { sql, params } = this.condition(ability, action, alias);
    return qb.andWhere(sql, params);
  }

  /**
   * The briefing, locked for update when asked, if the caller may `action` it. NOT_FOUND when
   * they may not even read it; FORBIDDEN when they may read but not do this.
   */
  async require(manager: EntityManager, ability: AppAbility, id: string, action: string, lock = false): Promise<BriefingEntity> {
    const base = () => {
      const qb = manager.getRepository(BriefingEntity).createQueryBuilder('b').where('b.id = :id', { id });
      return lock ? qb.setLock('pessimistic_write') : qb;
    };
    const readable = await this.allowed(base(), ability, 'read').getOne();
    if (!readable) throw notFound('Briefing');
    if (action === 'read') return readable;
    const permitted = await this.allowed(base(), ability, action).getOne();
    if (!permitted) throw forbidden(`You may not ${ACTION_WORDS[action] ?? action} this briefing`);
    return permitted;
  }
}

const ACTION_WORDS: Record<string, string> = {
  edit: 'edit',
  classify: 'change the classification or audience of',
  retract: 'retract',
  decideShareRequest: 'decide requests to share',
  viewReceipts: 'see the read receipts of',
  attach: 'add attachments to',
  acknowledge: 'acknowledge',
  approvePublication: 'approve the publication of',
};
