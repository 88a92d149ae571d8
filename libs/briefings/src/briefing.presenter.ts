import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RequestAuth } from '@sw/authz';
import { renderMarkdown } from '@sw/content';
import { IdentityDirectory } from '@sw/identity';
import { recipientGrantsOf } from './briefing-audience.js';
import type { BriefingEntity, BriefingRevisionEntity } from './briefing.entity.js';
import { BriefingReading } from './briefing-reading.service.js';
import { BriefingText } from './briefing-text.js';
import {
  BriefingLanguageEnum, type BriefingModel, type BriefingRevisionModel, BriefingStatusEnum, TlpEnum,
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
    const [sources, read] = await Promise.all([this.reading.sourceOf(auth, ids), this.reading.readByViewer(auth, ids)]);
    const orgIds = new Set(briefings.map((b) => b.publisherOrganisationId));
    for (const b of briefings) if (sources.has(b.id) && b.originOrganisationId) orgIds.add(b.originOrganisationId);
    const names = await this.directory.organisationNames(this.dataSource.manager, [...orgIds]);
    const audiences = await recipientGrantsOf(this.dataSource.manager, ids.filter((id) => sources.has(id)));
    const models: BriefingModel[] = [];
    for (const b of briefings) {
      let source: BriefingModel['source'] = null;
      if (sources.has(b.id)) {
        const grants = audiences.get(b.id) ?? [];
        const of = (kind: string) => grants.filter((g) => g.kind === kind).map((g) => g.principalId);
        source = {
          authorUserId: b.authorUserId,
          originOrganisation: b.originOrganisationId ? { id: b.originOrganisationId, name: names.get(b.originOrganisationId) ?? '' } : null,
          audience: { userIds: of('USER'), organisationIds: of('ORGANISATION'), networkIds: of('NETWORK_MEMBERS'), networkWithPartnersIds: of('NETWORK_ALL') },
        };
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
