import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { newId, returning } from '@sw/database';
import { Outbox } from '@sw/events';
import { badInput } from '@sw/graphql';
import type { StatementAccess } from './statement-access.js';
import { StatementEntity, StatementRevisionEntity, type StatementTexts } from './statement.entity.js';
import { RevisionConflict } from './statement.errors.js';
import { canTransition, STATUS_ALLOWS, type StatementStatus, type Transition, TRANSITIONS, wrongStatus } from './statement-state.js';
import { contentHash } from './statement-text.js';
import { StatementThreadSubject } from './statement-thread-subject.js';

export interface NewRevision {
  title: string;
  texts: StatementTexts;
  authorUserId: string;
  organisationId: string;
  suggestionId?: string | null;
}

/** SQL SET clauses a transition adds to the status change (fixed strings, values as parameters $3…). */
export interface TransitionChange {
  set?: string[];
  params?: unknown[];
}

/** The writes several use cases share: status changes and new revisions. */
@Injectable()
export class StatementStore {
  constructor(
    private readonly outbox: Outbox,
    private readonly threads: StatementThreadSubject,
  ) {}

  /**
   * Moves the statement along the state machine: one UPDATE guarded by the allowed "from"
   * statuses, so of two racing callers one wins and the other gets CONFLICT.
   */
  async transition(manager: EntityManager, statement: StatementEntity, transition: Transition, change: TransitionChange = {}): Promise<StatementEntity> {
    const { from, to } = TRANSITIONS[transition];
    if (!canTransition(transition, statement.status)) throw wrongStatus(transition, statement.status);
    const set = ['status = $2', 'updated_at = now()', ...(change.set ?? [])].join(', ');
    const rows = await returning<{ id: string }>(
      manager,
      `UPDATE statements SET ${set} WHERE id = $1 AND status = ANY($${3 + (change.params?.length ?? 0)}::text[]) RETURNING id`,
      [statement.id, to, ...(change.params ?? []), from],
    );
    if (rows.length === 0) {
      const now = await manager.findOneByOrFail(StatementEntity, { id: statement.id });
      throw wrongStatus(transition, now.status);
    }
    // Every status change may change who takes part in the statement's threads.
    await this.threads.changed(manager, statement.id);
    return manager.findOneByOrFail(StatementEntity, { id: statement.id });
  }

  /**
   * Saves a revision based on `base`: `UPDATE statements … WHERE version = <base number>` and a
   * row count check decide who saved first (SECURITY.md 35). The loser gets CONFLICT with both
   * texts and a diff. Signatures on the previous text now need reconfirming; each of those
   * organisations, and everyone following the text, hears of it after commit.
   */
  async commitRevision(manager: EntityManager, statement: StatementEntity, base: StatementRevisionEntity, revision: NewRevision): Promise<StatementRevisionEntity> {
    const id = newId();
    const hash = contentHash(revision.title, revision.texts);
    const updated = await returning<{ version: number }>(
      manager,
      `UPDATE statements SET current_revision_id = $3, version = version + 1, title = $4, updated_at = now()
       WHERE id = $1 AND version = $2 AND status = ANY($5::text[]) RETURNING version`,
      [statement.id, base.number, id, revision.title, STATUS_ALLOWS.editing],
    );
    if (updated.length !== 1) {
      const now = await manager.findOneByOrFail(StatementEntity, { id: statement.id });
      if (!(STATUS_ALLOWS.editing as readonly StatementStatus[]).includes(now.status)) throw wrongStatus('change the text', now.status);
      const current = await manager.findOneByOrFail(StatementRevisionEntity, { id: now.currentRevisionId });
      // A retry of a save that went through (its answer was lost): the same answer, not a conflict.
      if (current.number === base.number + 1 && current.contentHash === hash && current.authorUserId === revision.authorUserId) return current;
      throw new RevisionConflict(statement.languages, base.number, current, revision);
    }
    await manager.insert(StatementRevisionEntity, {
      id,
      statementId: statement.id,
      number: base.number + 1,
      title: revision.title,
      texts: revision.texts,
      contentHash: hash,
      authorUserId: revision.authorUserId,
      authorOrganisationId: revision.organisationId,
      suggestionId: revision.suggestionId ?? null,
    });
    const flipped = await returning<{ organisation_id: string }>(
      manager,
      `UPDATE statement_organisations SET sign_on_status = 'NEEDS_RECONFIRMATION', status_changed_at = now()
       WHERE statement_id = $1 AND sign_on_status = 'APPROVED' AND signed_content_hash <> $2
       RETURNING organisation_id`,
      [statement.id, hash],
    );
    await this.outbox.add(manager, 'statement.text_changed', { statementId: statement.id, revisionId: id });
    for (const { organisation_id } of flipped.sort((a, b) => a.organisation_id.localeCompare(b.organisation_id))) {
      await this.outbox.add(manager, 'signature.needs_reconfirmation', { statementId: statement.id, organisationId: organisation_id, revisionId: id });
    }
    return manager.findOneByOrFail(StatementRevisionEntity, { id });
  }

  /**
   * A revision of the statement the caller's tier may see: invited organisations see the text from
   * the revision that was current when the statement opened; readers of a published statement see
   * the published revision. Any other id is the same "not a revision of this statement".
   */
  async visibleRevision(manager: EntityManager, access: StatementAccess, revisionId: string, field: string): Promise<StatementRevisionEntity> {
    const revision = await manager.findOneBy(StatementRevisionEntity, { id: revisionId, statementId: access.statement.id });
    if (!revision || !revisionVisible(access, revision)) throw badInput(field, 'is not a revision of this statement');
    return revision;
  }

  /** The lead organisation that speaks for the statement when no person does (scheduled jobs). */
  async firstLead(manager: EntityManager, statementId: string): Promise<string | null> {
    const [row] = (await manager.query(
      `SELECT organisation_id FROM statement_organisations WHERE statement_id = $1 AND role = 'LEAD' ORDER BY created_at, organisation_id LIMIT 1`,
      [statementId],
    )) as { organisation_id: string }[];
    return row?.organisation_id ?? null;
  }
}

export function revisionVisible(access: StatementAccess, revision: Pick<StatementRevisionEntity, 'id' | 'number'>): boolean {
  const { statement } = access;
  switch (access.tier) {
    case 'drafter':
      return true;
    case 'participant':
      return statement.openedRevisionNumber !== null && revision.number >= statement.openedRevisionNumber;
    case 'reader':
      return revision.id === statement.publicationRevisionId;
  }
}

/** The SQL condition on revision numbers (`column`) a tier may see, with its parameters from $<first>. */
export function visibleRevisionNumbers(access: StatementAccess): { minimum: number; onlyId: string | null } {
  switch (access.tier) {
    case 'drafter':
      return { minimum: 1, onlyId: null };
    case 'participant':
      return { minimum: access.statement.openedRevisionNumber ?? Number.MAX_SAFE_INTEGER, onlyId: null };
    case 'reader':
      return { minimum: 1, onlyId: access.statement.publicationRevisionId ?? '00000000-0000-0000-0000-000000000000' };
  }
}
