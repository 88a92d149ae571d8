import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor, AppAbility, SqlCondition } from '@sw/authz';
import { Outbox } from '@sw/events';
import type { ThreadSubjectKind } from './thread.entity.js';

/** Who is asking: the same facts for a GraphQL request and a socket event. */
export interface Caller {
  actor: Actor;
  ability: AppAbility;
}

/** Someone who may read an item now, and the organisation through which (null when not through one). */
export interface AudienceMember {
  userId: string;
  organisationId: string | null;
}

/**
 * What a domain implements so that threads can be attached to its items (briefings, statements,
 * workshops). A thread on an item is readable by exactly whoever may read the item, and follows
 * it when that changes. Until a kind has a provider, its threads are readable by nobody.
 */
export interface ThreadSubjectProvider {
  /**
   * A SELECT of one uuid column: the ids of this kind's items `caller` may read now. It is put in
   * the same statement as the query it filters (`threads.subject_id IN (<select>)`), so it uses
   * named parameters (`:name`) whose names start with `paramPrefix`. Null: none at all.
   * `abilityToSql(caller.ability, 'read', 'Briefing', columns, paramPrefix)` makes the WHERE.
   */
  readableIds(caller: Caller, paramPrefix: string): SqlCondition | null;
  /** The same for the items whose threads `caller` moderates (lock, delete others' messages, retention). Absent: nobody. */
  moderatedIds?(caller: Caller, paramPrefix: string): SqlCondition | null;
  /**
   * Everyone who may read item `id` now (mentions, `@thread`, "seen by", and who may stay in its
   * threads' rooms), each with the organisation through which they read it (null: on their own).
   * `among`, when given: only these users are asked about (one person subscribing, the people in a
   * room); a provider may ignore it, the answer is filtered anyway.
   */
  audience(db: EntityManager, id: string, among?: readonly string[]): Promise<AudienceMember[]>;
}

/** The outbox event `audienceChanged` writes. */
export const AUDIENCE_CHANGED = 'discussions.audience_changed';

/**
 * The registry of thread subjects: each domain registers its provider from its module (briefings,
 * statements and workshops do). A kind without a provider grants nothing (deny by default).
 */
@Injectable()
export class ThreadSubjects {
  private readonly providers = new Map<ThreadSubjectKind, ThreadSubjectProvider>();

  constructor(private readonly outbox: Outbox) {}

  register(kind: ThreadSubjectKind, provider: ThreadSubjectProvider): void {
    if (this.providers.has(kind)) throw new Error(`thread subject ${kind} registered twice`);
    this.providers.set(kind, provider);
  }

  provider(kind: ThreadSubjectKind): ThreadSubjectProvider | undefined {
    return this.providers.get(kind);
  }

  registered(): [ThreadSubjectKind, ThreadSubjectProvider][] {
    return [...this.providers];
  }

  /**
   * Call in the transaction that changes who may read item `id` of `kind`. Once it commits, the
   * sockets of everyone no longer in its audience leave the rooms of the item's threads on every
   * instance, and no later event of those threads reaches them.
   */
  async audienceChanged(manager: EntityManager, kind: ThreadSubjectKind, id: string): Promise<void> {
    await this.outbox.add(manager, AUDIENCE_CHANGED, { kind, subjectId: id });
  }
}
