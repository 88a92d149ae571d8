import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '@sw/audit';
import type { AppAbility, RequestAuth } from '@sw/authz';
import { returning } from '@sw/database';
import { Outbox, Transactions } from '@sw/events';
import { AppError, badInput, conflict } from '@sw/graphql';
import { IdentityDirectory } from '@sw/identity';
import { type StatementAccess, StatementAccessLoader, whereStatementAllowed } from './statement-access.js';
import { StatementEntity, StatementRevisionEntity } from './statement.entity.js';
import { canTransition, type SignatoryOrder, wrongStatus } from './statement-state.js';
import { StatementStore } from './statement-store.js';
import { StatementThreadSubject } from './statement-thread-subject.js';
import { requireFuture } from './statement.service.js';

export interface Signatory {
  organisationId: string;
  organisationName: string;
  signedAt: Date;
  individuals: string[];
}

/** The revision whose signatories a statement lists: the published (or scheduled) one, else the current one. */
export const listedRevisionId = (s: StatementEntity): string => s.publicationRevisionId ?? s.currentRevisionId;

/** Confirmed on the revision: approved, and bound to that revision's content hash. */
const CONFIRMED = `so.sign_on_status = 'APPROVED' AND so.signed_revision_id = r.id AND so.signed_content_hash = r.content_hash`;

/**
 * Publication (now or at an embargo time), the scheduled steps, and the signatory list: only
 * organisations whose signature is confirmed on the published revision, in a stable order.
 */
@Injectable()
export class StatementPublicationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly loader: StatementAccessLoader,
    private readonly directory: IdentityDirectory,
    private readonly store: StatementStore,
    private readonly threads: StatementThreadSubject,
  ) {}

  async publish(auth: RequestAuth, statementId: string, revisionId: string, embargoUntil?: Date | null): Promise<StatementAccess> {
    await this.tx.run(async (manager) => {
      const access = await this.loader.load(manager, auth, statementId, 'pessimistic_write');
      const actingFor = access.actingFor('lead', 'publish');
      const { statement } = access;
      if (!canTransition('publish', statement.status)) throw wrongStatus('publish', statement.status);
      const revision = await manager.findOneByOrFail(StatementRevisionEntity, { id: statement.currentRevisionId });
      if (revisionId !== revision.id) throw conflict(`revisionId: is not the current revision; revision ${revision.number} is`, 'revisionId');
      if (embargoUntil) requireFuture('embargoUntil', embargoUntil);
      const [{ confirmed }] = (await manager.query(
        `SELECT count(*)::int AS confirmed FROM statement_organisations so JOIN statement_revisions r ON r.id = $2
         WHERE so.statement_id = $1 AND ${CONFIRMED}`,
        [statementId, revision.id],
      )) as { confirmed: number }[];
      if (confirmed === 0) {
        throw conflict(`signatures: no organisation has a confirmed signature on revision ${revision.number}; nothing to publish`, 'signatures');
      }
      const common = { actorUserId: auth.actor!.userId, organisationId: actingFor, subjectType: 'Statement', subjectId: statementId } as const;
      if (embargoUntil) {
        await manager.query(
          'UPDATE statements SET embargo_until = $2, publication_revision_id = $3, updated_at = now() WHERE id = $1',
          [statementId, embargoUntil, revision.id],
        );
        // During an embargo only the organisations that signed take part.
        await this.threads.changed(manager, statementId);
        await this.audit.record(manager, { ...common, action: 'statement.publication_scheduled', metadata: { revisionNumber: revision.number, signatures: confirmed } });
        return;
      }
      await this.store.transition(manager, statement, 'publish', {
        set: ['published_at = now()', 'publication_revision_id = $3', 'embargo_until = NULL'],
        params: [revision.id],
      });
      await this.audit.record(manager, { ...common, action: 'statement.published', metadata: { revisionNumber: revision.number, signatures: confirmed } });
      await this.outbox.add(manager, 'statement.published', { statementId, revisionId: revision.id });
    });
    return this.loader.load(this.dataSource.manager, auth, statementId);
  }

  /**
   * Publishes every statement whose embargo has passed at `asOf`; one whose signatures were all
   * withdrawn meanwhile is not published and its schedule is cancelled. Safe with several
   * instances: each statement changes in one guarded UPDATE.
   */
  async publishDue(asOf: Date = new Date()): Promise<{ published: string[]; cancelled: string[] }> {
    return this.tx.run(async (manager) => {
      const published = await returning<{ id: string; publication_revision_id: string }>(
        manager,
        `UPDATE statements s SET status = 'PUBLISHED', published_at = now(), embargo_until = NULL, updated_at = now()
         WHERE s.status = 'CLOSED' AND s.embargo_until <= $1
           AND EXISTS (SELECT 1 FROM statement_organisations so JOIN statement_revisions r ON r.id = s.publication_revision_id
                       WHERE so.statement_id = s.id AND ${CONFIRMED})
         RETURNING s.id, s.publication_revision_id`,
        [asOf],
      );
      for (const row of published.sort((a, b) => a.id.localeCompare(b.id))) {
        await this.audit.record(manager, {
          actorUserId: null, action: 'statement.published', organisationId: await this.store.firstLead(manager, row.id),
          subjectType: 'Statement', subjectId: row.id, metadata: { scheduled: true },
        });
        await this.outbox.add(manager, 'statement.published', { statementId: row.id, revisionId: row.publication_revision_id });
      }
      const cancelled = await returning<{ id: string }>(
        manager,
        `UPDATE statements SET embargo_until = NULL, publication_revision_id = NULL, updated_at = now()
         WHERE status = 'CLOSED' AND embargo_until <= $1 RETURNING id`,
        [asOf],
      );
      for (const row of cancelled) {
        await this.audit.record(manager, {
          actorUserId: null, action: 'statement.publication_cancelled', organisationId: await this.store.firstLead(manager, row.id),
          subjectType: 'Statement', subjectId: row.id, metadata: { reason: 'no_confirmed_signatures' },
        });
        await this.outbox.add(manager, 'statement.publication_cancelled', { statementId: row.id });
      }
      return { published: published.map((r) => r.id), cancelled: cancelled.map((r) => r.id) };
    });
  }

  /** Once per deadline: statements open for signature whose deadline falls within 24 hours of `asOf`. */
  async remindDeadlines(asOf: Date = new Date()): Promise<string[]> {
    return this.tx.run(async (manager) => {
      const due = await returning<{ id: string }>(
        manager,
        `UPDATE statements SET deadline_reminded_at = now()
         WHERE status = 'OPEN_FOR_SIGNATURE' AND deadline_reminded_at IS NULL
           AND deadline > $1 AND deadline <= $1::timestamptz + interval '24 hours'
         RETURNING id`,
        [asOf],
      );
      for (const { id } of due) await this.outbox.add(manager, 'statement.deadline_soon', { statementId: id });
      return due.map((r) => r.id);
    });
  }

  /**
   * The signatories of each statement on the given revision: organisations confirmed on it, with
   * the people who added their names on the same revision, in the statement's order (names by
   * the collation of its reference language, so Turkish names sort as Turkish readers expect;
   * ties by id so the order never changes between two exports).
   */
  async signatories(db: EntityManager, items: { statement: StatementEntity; revisionId: string }[]): Promise<Map<string, Signatory[]>> {
    const result = new Map<string, Signatory[]>(items.map((i) => [i.statement.id, []]));
    if (items.length === 0) return result;
    const keys = [items.map((i) => i.statement.id), items.map((i) => i.revisionId)];
    const organisations: { statement_id: string; organisation_id: string; signed_at: Date }[] = await db.query(
      `SELECT so.statement_id, so.organisation_id, so.signed_at
       FROM unnest($1::uuid[], $2::uuid[]) AS k(statement_id, revision_id)
       JOIN statement_revisions r ON r.id = k.revision_id AND r.statement_id = k.statement_id
       JOIN statement_organisations so ON so.statement_id = k.statement_id
       WHERE ${CONFIRMED}`,
      keys,
    );
    const individuals: { statement_id: string; organisation_id: string; user_id: string }[] = await db.query(
      `SELECT i.statement_id, i.organisation_id, i.user_id
       FROM unnest($1::uuid[], $2::uuid[]) AS k(statement_id, revision_id)
       JOIN statement_revisions r ON r.id = k.revision_id AND r.statement_id = k.statement_id
       JOIN statement_individual_signatures i ON i.statement_id = k.statement_id AND i.revision_id = r.id AND i.content_hash = r.content_hash`,
      keys,
    );
    const orgNames = await this.directory.organisationNames(db, [...new Set(organisations.map((o) => o.organisation_id))]);
    const people = await this.directory.displayNames(db, [...new Set(individuals.map((i) => i.user_id))]);
    for (const { statement } of items) {
      const compare = new Intl.Collator(statement.referenceLanguage, { sensitivity: 'variant' }).compare;
      const byName = (a: { name: string; id: string }, b: { name: string; id: string }) => compare(a.name, b.name) || a.id.localeCompare(b.id);
      const list = organisations
        .filter((o) => o.statement_id === statement.id)
        .map((o) => ({
          organisationId: o.organisation_id,
          organisationName: orgNames.get(o.organisation_id) ?? '',
          signedAt: o.signed_at,
          individuals: individuals
            .filter((i) => i.statement_id === statement.id && i.organisation_id === o.organisation_id)
            .map((i) => ({ name: people.get(i.user_id) ?? '', id: i.user_id }))
            .sort(byName)
            .map((p) => p.name),
        }));
      result.set(statement.id, sortSignatories(list, statement.signatoryOrder, byName));
    }
    return result;
  }

  async signatoriesOf(db: EntityManager, statement: StatementEntity): Promise<Signatory[]> {
    return (await this.signatories(db, [{ statement, revisionId: listedRevisionId(statement) }])).get(statement.id)!;
  }

  /** Statements for the unauthenticated feed (the `readPublic` rule: published ones), newest first. */
  async published(ability: AppAbility, limit: number, id?: string): Promise<{ statement: StatementEntity; revision: StatementRevisionEntity; signatories: Signatory[] }[]> {
    const qb = this.dataSource.getRepository(StatementEntity).createQueryBuilder('s');
    if (id) qb.where('s.id = :id', { id });
    whereStatementAllowed(qb, ability, 'readPublic');
    const statements = await qb.orderBy('s.published_at', 'DESC').addOrderBy('s.id', 'DESC').limit(limit).getMany();
    if (statements.length === 0) return [];
    const revisions = await this.dataSource.getRepository(StatementRevisionEntity).findBy(statements.map((s) => ({ id: s.publicationRevisionId! })));
    const signatories = await this.signatories(this.dataSource.manager, statements.map((s) => ({ statement: s, revisionId: s.publicationRevisionId! })));
    return statements.map((statement) => ({
      statement,
      revision: revisions.find((r) => r.id === statement.publicationRevisionId)!,
      signatories: signatories.get(statement.id)!,
    }));
  }

  /** An export needs the `export` right; a draft export is audited (it is how drafts leak). */
  async exportable(auth: RequestAuth, statementId: string, language?: string | null): Promise<{ statement: StatementEntity; revision: StatementRevisionEntity; signatories: Signatory[]; language: string }> {
    return this.tx.run(async (manager) => {
      const access = await this.loader.load(manager, auth, statementId);
      const { statement } = access;
      if (!access.can('export')) throw new AppError('FORBIDDEN', 'Only the lead and drafting organisations can export a statement before it is published');
      const chosen = language ?? statement.referenceLanguage;
      if (!statement.languages.includes(chosen)) throw badInput('language', `is not one of this statement's languages (${statement.languages.join(', ')})`);
      const revisionId = statement.status === 'PUBLISHED' ? statement.publicationRevisionId! : statement.currentRevisionId;
      const revision = await manager.findOneByOrFail(StatementRevisionEntity, { id: revisionId });
      if (statement.status !== 'PUBLISHED') {
        const actingFor = access.actingFor('export', 'export');
        await this.audit.record(manager, {
          actorUserId: auth.actor!.userId, action: 'statement.draft_exported', organisationId: actingFor, subjectType: 'Statement', subjectId: statementId,
          metadata: { revisionNumber: revision.number },
        });
      }
      const signatories = (await this.signatories(manager, [{ statement, revisionId }])).get(statementId)!;
      return { statement, revision, signatories, language: chosen };
    });
  }
}

export function sortSignatories<T extends { organisationId: string; organisationName: string; signedAt: Date }>(
  list: T[],
  order: SignatoryOrder,
  byName: (a: { name: string; id: string }, b: { name: string; id: string }) => number,
): T[] {
  const named = (s: T) => ({ name: s.organisationName, id: s.organisationId });
  return [...list].sort((a, b) =>
    order === 'SIGNING_TIME'
      ? a.signedAt.getTime() - b.signedAt.getTime() || a.organisationId.localeCompare(b.organisationId)
      : byName(named(a), named(b)),
  );
}
