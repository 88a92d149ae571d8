import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RequestAuth } from '@sw/authz';
import { renderMarkdown } from '@sw/content';
import { IdentityDirectory } from '@sw/identity';
import { type Grant, recipientGrantsOf } from './briefing-audience.js';
import type { BriefingEntity, BriefingRevisionEntity } from './briefing.entity.js';
import { BriefingReading } from './briefing-reading.service.js';
import { BriefingText } from './briefing-text.js';
import {
  type BriefingAudienceModel, BriefingLanguageEnum, type BriefingModel, type BriefingRevisionModel, type BriefingSourceModel, BriefingStatusEnum, TlpEnum,
} from './briefing.model.js';
import { HANDLING } from './tlp.js';

/**
 * The body is decrypted and rendered only when a field asks for it, once: lists seldom ask for it,
 * and rendering Markdown and sanitising it was most of a list's CPU time (bench S1).
 */
function withLazyBody(model: Omit<BriefingModel, 'bodyMarkdown' | 'bodyHtml'>, open: () => string): BriefingModel {
  let markdown: string | undefined;
  let html: string | undefined;
  const body = () => (markdown ??= open());
  return Object.defineProperties(model as BriefingModel, {
    bodyMarkdown: { get: body, enumerable: true },
    bodyHtml: { get: () => (html ??= renderMarkdown(body())), enumerable: true },
  });
}

/** `audience` read (and so fetched) only when GraphQL resolves it: the field's value is a promise, once. */
function withLazyAudience(source: Omit<BriefingSourceModel, 'audience'>, load: () => Promise<BriefingAudienceModel>): BriefingSourceModel {
  let audience: Promise<BriefingAudienceModel> | undefined;
  return Object.defineProperty(source as BriefingSourceModel, 'audience', { get: () => (audience ??= load()), enumerable: true });
}

/**
 * Entities → what the caller may see, for a whole page at once (a fixed number of queries per
 * page). Recipients see the publishing organisation only; the author, the originating
 * organisation and the audience are shown to the source alone.
 */
@Injectable()
export class BriefingPresenter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reading: BriefingReading,
    private readonly text: BriefingText,
    private readonly directory: IdentityDirectory,
  ) {}

  async present(auth: RequestAuth, briefings: BriefingEntity[]): Promise<BriefingModel[]> {
    const ids = briefings.map((b) => b.id);
    // Names of every organisation the page may show, fetched beside the checks (one round trip, not two):
    // an originating organisation's name is used only where the caller is a source.
    const orgIds = new Set<string>();
    for (const b of briefings) {
      orgIds.add(b.publisherOrganisationId);
      if (b.originOrganisationId) orgIds.add(b.originOrganisationId);
    }
    const [sources, read, names] = await Promise.all([
      this.reading.sourceOf(auth, ids),
      this.reading.readByViewer(auth, ids),
      this.directory.organisationNames(this.dataSource.manager, [...orgIds]),
    ]);
    // The audiences of the briefings the caller is a source of, and the names of the people in them:
    // two statements for the page, run only when a query asks for an audience (lists seldom do).
    let audiences: Promise<{ grants: Map<string, Grant[]>; names: Map<string, string> }> | undefined;
    const loadAudiences = async () => {
      const grants = await recipientGrantsOf(this.dataSource.manager, ids.filter((i) => sources.has(i)));
      const people = [...grants.values()].flat().filter((g) => g.kind === 'USER').map((g) => g.principalId);
      return { grants, names: await this.directory.displayNames(this.dataSource.manager, people) };
    };
    const audienceOf = async (id: string): Promise<BriefingAudienceModel> => {
      audiences ??= loadAudiences();
      const { grants: all, names: nameOf } = await audiences;
      const grants = all.get(id) ?? [];
      const of = (kind: string) => grants.filter((g) => g.kind === kind).map((g) => g.principalId);
      return {
        userIds: of('USER'),
        people: of('USER').map((userId) => ({ id: userId, displayName: nameOf.get(userId) ?? '' })),
        organisationIds: of('ORGANISATION'),
        networkIds: of('NETWORK_MEMBERS'),
        networkWithPartnersIds: of('NETWORK_ALL'),
      };
    };
    const models: BriefingModel[] = [];
    for (const b of briefings) {
      let source: BriefingModel['source'] = null;
      if (sources.has(b.id)) {
        source = withLazyAudience({
          authorUserId: b.authorUserId,
          originOrganisation: b.originOrganisationId ? { id: b.originOrganisationId, name: names.get(b.originOrganisationId) ?? '' } : null,
        }, () => audienceOf(b.id));
      }
      models.push(withLazyBody({
        id: b.id,
        title: b.title,
        summary: b.summary,
        language: BriefingLanguageEnum[b.language],
        tags: b.tags,
        tlp: TlpEnum[b.tlp],
        handling: HANDLING[b.tlp],
        status: BriefingStatusEnum[b.status],
        publishedAt: b.publishedAt,
        revision: b.revision,
        organisation: { id: b.publisherOrganisationId, name: names.get(b.publisherOrganisationId) ?? '' },
        viewerHasRead: read.has(b.id),
        source,
      }, () => this.text.open('briefings', b)));
    }
    return models;
  }

  revision(r: BriefingRevisionEntity): BriefingRevisionModel {
    const body = this.text.open('briefing_revisions', r);
    return { revision: r.revision, title: r.title, summary: r.summary, bodyMarkdown: body, bodyHtml: renderMarkdown(body), tlp: TlpEnum[r.tlp], createdAt: r.createdAt };
  }
}
