import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SqlCondition } from '@sw/authz';
import { type AudienceMember, type Caller, type ThreadSubjectProvider, ThreadSubjects } from '@sw/discussions';
import { IdentityDirectory } from '@sw/identity';
import { statementAllowed, statementSubject } from './statement-access.js';
import { StatementEntity, StatementOrganisationEntity } from './statement.entity.js';

/**
 * Who reads a statement's threads: whoever may `comment` on the statement, i.e. the organisations
 * taking part in it as the statement policy says (lead and drafting organisations throughout;
 * invited ones from OPEN_FOR_SIGNATURE on, and during an embargo only those that signed).
 *
 * Not `read`: once published, `read` is every signed-in user, and a thread is where the
 * organisations argued over the text before they signed it. Publication makes the text public,
 * not that discussion.
 */
const THREAD_READ = 'comment';
/** The lead organisations moderate (the `lead` rule: their members). */
const THREAD_MODERATE = 'lead';

/** Threads on joint statements (kind STATEMENT), through the statement rules (statementAllowed). */
@Injectable()
export class StatementThreadSubject implements ThreadSubjectProvider {
  constructor(
    private readonly directory: IdentityDirectory,
    private readonly subjects: ThreadSubjects,
  ) {}

  readableIds(caller: Caller, paramPrefix: string): SqlCondition | null {
    return ids(statementAllowed(caller.ability, THREAD_READ, paramPrefix));
  }

  moderatedIds(caller: Caller, paramPrefix: string): SqlCondition | null {
    return ids(statementAllowed(caller.ability, THREAD_MODERATE, paramPrefix));
  }

  /**
   * The members of each organisation taking part whom the rule lets comment, as identity counts
   * members; and everyone, should the rule ever let a caller with no organisation in it comment
   * (the rows are checked as StatementAccess.can checks them: each organisation's, and none).
   */
  async audience(db: EntityManager, id: string, among?: readonly string[]): Promise<AudienceMember[]> {
    const statement = await db.findOneBy(StatementEntity, { id });
    if (!statement) return [];
    const rows = await db.findBy(StatementOrganisationEntity, { statementId: id });
    return this.directory.peopleWhoCan(db, THREAD_READ, [
      ...rows.map((row) => ({ principal: { kind: 'ORGANISATION' as const, organisationId: row.organisationId }, subject: statementSubject(statement, row) })),
      { principal: { kind: 'EVERYONE' as const }, subject: statementSubject(statement, null) },
    ], among);
  }

  /** Call in a transaction that may narrow who comments: a status change, an embargo, a sign-on step. */
  changed(manager: EntityManager, statementId: string): Promise<void> {
    return this.subjects.audienceChanged(manager, 'STATEMENT', statementId);
  }
}

const ids = (allowed: SqlCondition | null): SqlCondition | null =>
  allowed && { sql: `SELECT s.id FROM statements s WHERE ${allowed.sql}`, params: allowed.params };
