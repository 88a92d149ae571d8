import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConnectionShape } from '@sw/graphql';
import { IdentityDirectory } from '@sw/identity';
import type { StatementAccess } from './statement-access.js';
import type {
  StatementCommentEntity, StatementOrganisationEntity, StatementRevisionEntity, StatementSuggestionEntity,
} from './statement.entity.js';
import {
  ParticipantRoleEnum, SignatoryOrderEnum, SignOnStatusEnum, type StatementCommentModel, type StatementModel,
  type StatementParticipantModel, type StatementRevisionModel, StatementStatusEnum, type StatementSuggestionModel, StatementTierEnum,
  SuggestionStatusEnum,
} from './statement.model.js';

export const mapEdges = <A, B>(c: ConnectionShape<A>, f: (a: A) => B): ConnectionShape<B> => ({
  pageInfo: c.pageInfo,
  edges: c.edges.map((e) => ({ cursor: e.cursor, node: f(e.node) })),
});

export function toStatement(access: StatementAccess): StatementModel {
  const s = access.statement;
  return {
    id: s.id,
    title: s.title,
    status: StatementStatusEnum[s.status],
    referenceLanguage: s.referenceLanguage,
    languages: s.languages,
    deadline: s.deadline,
    allowIndividualSignatories: s.allowIndividualSignatories,
    signatoryOrder: SignatoryOrderEnum[s.signatoryOrder],
    version: s.version,
    createdAt: s.createdAt,
    openedAt: s.openedAt,
    publishedAt: s.publishedAt,
    embargoUntil: s.embargoUntil,
    viewer: {
      tier: StatementTierEnum[access.tier],
      lead: access.isLead,
      canRevise: access.can('revise'),
      canComment: access.can('comment'),
      canExport: access.can('export'),
      organisationIds: access.mine.map((p) => p.organisationId),
    },
    access,
  };
}

export const toSuggestion = (g: StatementSuggestionEntity): StatementSuggestionModel => ({
  id: g.id,
  revisionId: g.revisionId,
  organisationId: g.organisationId,
  language: g.language,
  quote: g.quote,
  replacement: g.replacement,
  note: g.note,
  status: SuggestionStatusEnum[g.status],
  appliedRevisionId: g.appliedRevisionId,
  createdAt: g.createdAt,
});

/**
 * Entities → models with the names they show. Field rules live here: authors' names go to lead
 * and drafting organisations only, a decline reason to the leads and the organisation itself.
 */
@Injectable()
export class StatementMapper {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: IdentityDirectory,
  ) {}

  async revisions(rows: StatementRevisionEntity[], showAuthors: boolean): Promise<StatementRevisionModel[]> {
    const db = this.dataSource.manager;
    const orgs = await this.directory.organisationNames(db, ids(rows.map((r) => r.authorOrganisationId)));
    const people = showAuthors ? await this.directory.displayNames(db, ids(rows.map((r) => r.authorUserId))) : new Map<string, string>();
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      texts: Object.keys(r.texts).sort().map((language) => ({ language, body: r.texts[language]! })),
      contentHash: r.contentHash,
      organisationId: r.authorOrganisationId,
      organisationName: r.authorOrganisationId ? (orgs.get(r.authorOrganisationId) ?? null) : null,
      authorName: showAuthors && r.authorUserId ? (people.get(r.authorUserId) ?? null) : null,
      createdAt: r.createdAt,
    }));
  }

  async participants(rows: StatementOrganisationEntity[], access: StatementAccess | { isLead: boolean; own: string[] }): Promise<StatementParticipantModel[]> {
    const db = this.dataSource.manager;
    const orgs = await this.directory.organisationNames(db, ids(rows.map((p) => p.organisationId)));
    const revisionIds = ids(rows.map((p) => p.signedRevisionId));
    const numbers = new Map<string, number>(
      revisionIds.length === 0
        ? []
        : ((await db.query('SELECT id, number FROM statement_revisions WHERE id = ANY($1::uuid[])', [revisionIds])) as { id: string; number: number }[]).map(
            (r) => [r.id, r.number],
          ),
    );
    const isLead = access.isLead;
    const own = 'own' in access ? access.own : access.mine.map((p) => p.organisationId);
    return rows.map((p) => ({
      organisationId: p.organisationId,
      organisationName: orgs.get(p.organisationId) ?? '',
      role: ParticipantRoleEnum[p.role],
      signOnStatus: SignOnStatusEnum[p.signOnStatus],
      signedRevisionNumber: p.signedRevisionId ? (numbers.get(p.signedRevisionId) ?? null) : null,
      signedContentHash: p.signedContentHash,
      signedAt: p.signedAt,
      declineReason: isLead || own.includes(p.organisationId) ? p.declineReason : null,
    }));
  }

  async comments(rows: StatementCommentEntity[], showAuthors: boolean): Promise<StatementCommentModel[]> {
    const people = showAuthors ? await this.directory.displayNames(this.dataSource.manager, ids(rows.map((c) => c.authorUserId))) : new Map<string, string>();
    return rows.map((c) => ({
      id: c.id,
      revisionId: c.revisionId,
      organisationId: c.organisationId,
      language: c.language,
      quote: c.quote,
      body: c.body,
      authorName: showAuthors && c.authorUserId ? (people.get(c.authorUserId) ?? null) : null,
      resolved: c.resolvedAt !== null,
      createdAt: c.createdAt,
    }));
  }
}

const ids = (values: (string | null)[]): string[] => [...new Set(values.filter((v): v is string => v !== null))];
