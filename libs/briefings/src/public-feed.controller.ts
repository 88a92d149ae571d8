import { Controller, Get, Header } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CurrentAuth, Public, type RequestAuth } from '@sw/authz';
import { renderMarkdown } from '@sw/content';
import { IdentityDirectory } from '@sw/identity';
import { BriefingAccess } from './briefing-access.js';
import { BriefingEntity } from './briefing.entity.js';

const FEED_SIZE = 50;

const escapeXml = (value: string) =>
  value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

interface FeedEntry {
  id: string;
  title: string;
  summary: string;
  contentHtml: string;
  organisation: string;
  publishedAt: string;
  updatedAt: string;
}

/** The unauthenticated feed of TLP:CLEAR briefings, as JSON Feed and Atom. Public fields only. */
@Controller('public')
export class PublicFeedController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: BriefingAccess,
  ) {}

  @Get('briefings.json')
  @Public()
  @Header('Content-Type', 'application/feed+json; charset=utf-8')
  async json(@CurrentAuth() auth: RequestAuth): Promise<object> {
    const entries = await this.entries(auth);
    return {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Solidarity Workspace — public briefings',
      items: entries.map((e) => ({
        id: e.id, title: e.title, summary: e.summary, content_html: e.contentHtml, date_published: e.publishedAt, date_modified: e.updatedAt,
        authors: [{ name: e.organisation }],
      })),
    };
  }

  @Get('briefings.atom')
  @Public()
  @Header('Content-Type', 'application/atom+xml; charset=utf-8')
  async atom(@CurrentAuth() auth: RequestAuth): Promise<string> {
    const entries = await this.entries(auth);
    const updated = entries[0]?.updatedAt ?? new Date(0).toISOString();
    return [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<feed xmlns="http://www.w3.org/2005/Atom">',
      '<title>Solidarity Workspace — public briefings</title>',
      '<id>urn:solidarity-workspace:public-briefings</id>',
      `<updated>${updated}</updated>`,
      ...entries.map((e) => [
        '<entry>',
        `<id>urn:uuid:${e.id}</id>`,
        `<title>${escapeXml(e.title)}</title>`,
        `<author><name>${escapeXml(e.organisation)}</name></author>`,
        `<published>${e.publishedAt}</published>`,
        `<updated>${e.updatedAt}</updated>`,
        `<summary>${escapeXml(e.summary)}</summary>`,
        `<content type="html">${escapeXml(e.contentHtml)}</content>`,
        '</entry>',
      ].join('')),
      '</feed>',
    ].join('\n');
  }

  private async entries(auth: RequestAuth): Promise<FeedEntry[]> {
    const qb = this.dataSource.getRepository(BriefingEntity).createQueryBuilder('b')
      .addSelect(IdentityDirectory.organisationNameSql('b.publisher_organisation_id'), 'organisation_name')
      .where("b.status = 'PUBLISHED'");
    this.access.allowed(qb, auth.ability, 'readPublic');
    const { entities, raw } = await qb.orderBy('b.listed_at', 'DESC').addOrderBy('b.id', 'DESC').limit(FEED_SIZE).getRawAndEntities();
    return entities.map((b, i) => ({
      id: b.id,
      title: b.title,
      summary: b.summary,
      // CLEAR bodies are never encrypted (only RED ones are).
      contentHtml: renderMarkdown(b.body),
      organisation: (raw[i] as { organisation_name: string }).organisation_name,
      publishedAt: b.publishedAt!.toISOString(),
      updatedAt: b.updatedAt.toISOString(),
    }));
  }
}
