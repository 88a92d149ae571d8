import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { RequestAuth } from '@sw/authz';
import { newId } from '@sw/database';
import { Transactions } from '@sw/events';
import { badInput, conflict, type ConnectionShape, forbidden, notFound, paginate, type PageArgs } from '@sw/graphql';
import { type StatementAccess, StatementAccessLoader, whereStatementAllowed } from './statement-access.js';
import { StatementCommentEntity, StatementRevisionEntity, StatementSuggestionEntity } from './statement.entity.js';
import type { CommentInput, SaveRevisionInput, SuggestEditInput } from './statement.inputs.js';
import { textsFrom } from './statement.service.js';
import { statusAllows, wrongStatus } from './statement-state.js';
import { earlierRequest, onceMore, requestDigest } from './statement-idempotency.js';
import { StatementStore, visibleRevisionNumbers } from './statement-store.js';
import { type DiffLine, lineDiff, normaliseText, occurrences, textsDiff } from './statement-text.js';

const KEYSET = (alias: string) => ({ createdAt: `${alias}.created_at`, id: `${alias}.id` });

/** Revisions, comments and suggested edits: the text as it is being written. */
@Injectable()
export class StatementDraftingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly loader: StatementAccessLoader,
    private readonly store: StatementStore,
  ) {}

  /** A new revision based on `baseRevisionId`; CONFLICT (with both texts and a diff) when someone saved in between. */
  save(auth: RequestAuth, input: SaveRevisionInput): Promise<StatementRevisionEntity> {
    return this.tx.run(async (manager) => {
      const access = await this.loader.load(manager, auth, input.statementId);
      const organisationId = access.actingFor('revise', 'edit the text of', input.organisationId);
      const { statement } = access;
      if (!statusAllows('editing', statement.status)) throw wrongStatus('change the text', statement.status);
      const base = await this.store.visibleRevision(manager, access, input.baseRevisionId, 'baseRevisionId');
      const texts = textsFrom(input.texts, statement.languages, statement.referenceLanguage, base.texts);
      const title = input.title ? normaliseText(input.title) : base.title;
      if (title === base.title && statement.languages.every((l) => texts[l] === base.texts[l])) {
        throw badInput('texts', `nothing changed since revision ${base.number}`);
      }
      return this.store.commitRevision(manager, statement, base, { title, texts, authorUserId: auth.actor!.userId, organisationId });
    });
  }

  revisions(access: StatementAccess, page: PageArgs): Promise<ConnectionShape<StatementRevisionEntity>> {
    const { minimum, onlyId } = visibleRevisionNumbers(access);
    const qb = this.dataSource.getRepository(StatementRevisionEntity).createQueryBuilder('r')
      .where('r.statement_id = :statementId AND r.number >= :minimum', { statementId: access.statement.id, minimum });
    if (onlyId) qb.andWhere('r.id = :onlyId', { onlyId });
    return paginate(qb, page, { ...KEYSET('r'), direction: 'DESC' }, (r) => r);
  }

  async diff(auth: RequestAuth, statementId: string, fromId: string, toId: string): Promise<{ title: DiffLine[]; texts: { language: string; lines: DiffLine[] }[] }> {
    const manager = this.dataSource.manager;
    const access = await this.loader.load(manager, auth, statementId);
    const from = await this.store.visibleRevision(manager, access, fromId, 'fromRevisionId');
    const to = await this.store.visibleRevision(manager, access, toId, 'toRevisionId');
    return { title: lineDiff(from.title, to.title), texts: textsDiff(access.statement.languages, from.texts, to.texts) };
  }

  comment(auth: RequestAuth, input: CommentInput): Promise<StatementCommentEntity> {
    const digest = requestDigest(input);
    return onceMore(() => this.tx.run(async (manager) => {
      const access = await this.loader.load(manager, auth, input.statementId);
      const organisationId = access.actingFor('comment', 'comment on', input.organisationId);
      const earlier = input.clientId ? await earlierRequest(manager, 'statement_comments', auth.actor!.userId, input.clientId, digest) : null;
      if (earlier) return manager.findOneByOrFail(StatementCommentEntity, { id: earlier });
      if (!statusAllows('commenting', access.statement.status)) throw wrongStatus('comment', access.statement.status);
      const revision = await this.store.visibleRevision(manager, access, input.revisionId, 'revisionId');
      let language: string | null = null;
      let quote: string | null = null;
      if (input.quote) {
        language = this.language(access, input.language);
        quote = normaliseText(input.quote);
        if (occurrences(revision.texts[language] ?? '', quote) === 0) throw badInput('quote', `does not occur in revision ${revision.number} (${language})`);
      }
      const id = newId();
      await manager.insert(StatementCommentEntity, {
        id, statementId: input.statementId, revisionId: revision.id, organisationId, authorUserId: auth.actor!.userId,
        language, quote, body: normaliseText(input.body), clientId: input.clientId ?? null, clientDigest: input.clientId ? digest : null,
      });
      return manager.findOneByOrFail(StatementCommentEntity, { id });
    }));
  }

  /** Leads and drafters resolve any comment; others their own. */
  resolveComment(auth: RequestAuth, id: string, resolved: boolean): Promise<StatementCommentEntity> {
    return this.tx.run(async (manager) => {
      const { access, comment } = await this.visible(manager, auth, StatementCommentEntity, 'Comment', id);
      if (access.tier !== 'drafter' && comment.authorUserId !== auth.actor!.userId) {
        throw forbidden('Only the lead and drafting organisations, or its author, can resolve a comment');
      }
      if (!statusAllows('commenting', access.statement.status)) throw wrongStatus('resolve comments', access.statement.status);
      await manager.update(StatementCommentEntity, { id }, { resolvedAt: resolved ? new Date() : null, resolvedBy: resolved ? auth.actor!.userId : null });
      return manager.findOneByOrFail(StatementCommentEntity, { id });
    });
  }

  comments(access: StatementAccess, page: PageArgs): Promise<ConnectionShape<StatementCommentEntity>> {
    const qb = this.dataSource.getRepository(StatementCommentEntity).createQueryBuilder('c').where('c.statement_id = :statementId', { statementId: access.statement.id });
    this.audienceOf('c', access, (sql, params) => qb.andWhere(sql, params));
    return paginate(qb, page, KEYSET('c'), (c) => c);
  }

  suggest(auth: RequestAuth, input: SuggestEditInput): Promise<StatementSuggestionEntity> {
    const digest = requestDigest(input);
    return onceMore(() => this.tx.run(async (manager) => {
      const access = await this.loader.load(manager, auth, input.statementId);
      const organisationId = access.actingFor('suggest', 'suggest edits to', input.organisationId);
      const earlier = input.clientId ? await earlierRequest(manager, 'statement_suggestions', auth.actor!.userId, input.clientId, digest) : null;
      if (earlier) return manager.findOneByOrFail(StatementSuggestionEntity, { id: earlier });
      if (!statusAllows('editing', access.statement.status)) throw wrongStatus('suggest edits', access.statement.status);
      const revision = await this.store.visibleRevision(manager, access, input.revisionId, 'revisionId');
      const language = this.language(access, input.language);
      const quote = normaliseText(input.quote);
      const replacement = normaliseText(input.replacement);
      if (occurrences(revision.texts[language] ?? '', quote) === 0) throw badInput('quote', `does not occur in revision ${revision.number} (${language})`);
      if (quote === replacement) throw badInput('replacement', 'is the same as the passage');
      const id = newId();
      await manager.insert(StatementSuggestionEntity, {
        id, statementId: input.statementId, revisionId: revision.id, organisationId, authorUserId: auth.actor!.userId,
        language, quote, replacement, note: input.note ? normaliseText(input.note) : null, status: 'PENDING',
        clientId: input.clientId ?? null, clientDigest: input.clientId ? digest : null,
      });
      return manager.findOneByOrFail(StatementSuggestionEntity, { id });
    }));
  }

  suggestions(access: StatementAccess, page: PageArgs): Promise<ConnectionShape<StatementSuggestionEntity>> {
    const qb = this.dataSource.getRepository(StatementSuggestionEntity).createQueryBuilder('g').where('g.statement_id = :statementId', { statementId: access.statement.id });
    this.audienceOf('g', access, (sql, params) => qb.andWhere(sql, params));
    return paginate(qb, page, KEYSET('g'), (g) => g);
  }

  /** A lead applies the suggestion to the current text: a new revision, or CONFLICT when the passage is no longer there exactly once. */
  accept(auth: RequestAuth, id: string, organisationId?: string | null): Promise<StatementRevisionEntity> {
    return this.tx.run(async (manager) => {
      const { access, comment: suggestion } = await this.visible(manager, auth, StatementSuggestionEntity, 'Suggestion', id, true);
      const actingFor = access.actingFor('lead', 'accept suggested edits to', organisationId);
      const { statement } = access;
      if (!statusAllows('editing', statement.status)) throw wrongStatus('accept suggested edits', statement.status);
      if (suggestion.status !== 'PENDING') throw conflict(`id: the suggestion is already ${suggestion.status}`, 'id');
      const current = await manager.findOneByOrFail(StatementRevisionEntity, { id: statement.currentRevisionId });
      const text = current.texts[suggestion.language] ?? '';
      if (occurrences(text, suggestion.quote) !== 1) {
        throw conflict(`quote: the passage no longer occurs exactly once in revision ${current.number} (${suggestion.language}); edit the text by hand`, 'quote');
      }
      const texts = { ...current.texts, [suggestion.language]: text.replace(suggestion.quote, () => suggestion.replacement) };
      if (!texts[statement.referenceLanguage]?.trim()) throw conflict('replacement: would leave the reference text empty', 'replacement');
      const revision = await this.store.commitRevision(manager, statement, current, {
        title: current.title, texts, authorUserId: auth.actor!.userId, organisationId: actingFor, suggestionId: id,
      });
      await manager.update(StatementSuggestionEntity, { id }, { status: 'ACCEPTED', decidedBy: auth.actor!.userId, decidedAt: new Date(), appliedRevisionId: revision.id });
      return revision;
    });
  }

  reject(auth: RequestAuth, id: string): Promise<StatementSuggestionEntity> {
    return this.tx.run(async (manager) => {
      const { access, comment: suggestion } = await this.visible(manager, auth, StatementSuggestionEntity, 'Suggestion', id, true);
      access.actingFor('lead', 'reject suggested edits to');
      if (!statusAllows('editing', access.statement.status)) throw wrongStatus('reject suggested edits', access.statement.status);
      if (suggestion.status !== 'PENDING') throw conflict(`id: the suggestion is already ${suggestion.status}`, 'id');
      await manager.update(StatementSuggestionEntity, { id }, { status: 'REJECTED', decidedBy: auth.actor!.userId, decidedAt: new Date() });
      return manager.findOneByOrFail(StatementSuggestionEntity, { id });
    });
  }

  private language(access: StatementAccess, language?: string | null): string {
    const chosen = language ?? access.statement.referenceLanguage;
    if (!access.statement.languages.includes(chosen)) throw badInput('language', `is not one of this statement's languages (${access.statement.languages.join(', ')})`);
    return chosen;
  }

  /**
   * Which comments or suggestions (table alias `alias`) a tier sees: lead and drafting
   * organisations all of them; invited ones those written since opening, on revisions they can
   * see, by a lead or drafting organisation or by one of their own; readers of a published
   * statement none.
   */
  private audienceOf(alias: string, access: StatementAccess, where: (sql: string, params: Record<string, unknown>) => void): void {
    if (access.tier === 'drafter') return;
    if (access.tier === 'reader') return where('FALSE', {});
    const { minimum } = visibleRevisionNumbers(access);
    where(
      `EXISTS (SELECT 1 FROM statement_revisions ar WHERE ar.id = ${alias}.revision_id AND ar.number >= :audienceMinimum)
       AND ${alias}.created_at >= (SELECT date_trunc('milliseconds', ast.opened_at) FROM statements ast WHERE ast.id = ${alias}.statement_id)
       AND (${alias}.organisation_id = ANY(:audienceMine) OR ${alias}.organisation_id IN (
         SELECT ao.organisation_id FROM statement_organisations ao WHERE ao.statement_id = ${alias}.statement_id AND ao.role IN ('LEAD', 'DRAFTER')))`,
      { audienceMinimum: minimum, audienceMine: access.mine.map((p) => p.organisationId) },
    );
  }

  /** A comment or suggestion, through its statement's read rule and the caller's audience. */
  private async visible<T extends StatementCommentEntity | StatementSuggestionEntity>(
    manager: EntityManager,
    auth: RequestAuth,
    entity: new () => T,
    what: string,
    id: string,
    lock = false,
  ): Promise<{ access: StatementAccess; comment: T }> {
    // The id and the statement's read rule in one statement: an unreadable one does not exist.
    const readable = manager.getRepository(entity).createQueryBuilder('x').innerJoin('statements', 's', 's.id = x.statement_id').where('x.id = :id', { id });
    const row = await whereStatementAllowed(readable, auth.ability, 'read').getOne();
    if (!row) throw notFound(what);
    const access = await this.loader.load(manager, auth, row.statementId, lock ? 'pessimistic_write' : undefined);
    const qb = manager.getRepository(entity).createQueryBuilder('x').where('x.id = :id', { id });
    this.audienceOf('x', access, (sql, params) => qb.andWhere(sql, params));
    const found = await qb.getOne();
    if (!found) throw notFound(what);
    return { access, comment: found };
  }
}
