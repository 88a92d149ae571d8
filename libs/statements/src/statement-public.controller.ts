import { Controller, Get, Header, NotFoundException, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentAuth, Public, type RequestAuth } from '@sw/authz';
import { type ExportSource, toAtom, toHtmlPage, toMarkdown, toPublicJson } from './statement-export.js';
import { StatementPublicationService } from './statement-publication.service.js';

const FEED_SIZE = 50;
const FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(md|html)$/;
const LANGUAGE = /^[a-z]{2}$/;
const CACHE = 'public, max-age=60';

/**
 * The unauthenticated public face of joint statements: what the `readPublic` rule allows (published
 * ones), with their public fields (published text, signatories, publication time, content hash).
 * Anything else, including a statement that exists but is not published, is the same 404.
 */
@Controller('public')
export class StatementPublicController {
  constructor(private readonly publication: StatementPublicationService) {}

  @Get('statements.json')
  @Public()
  @Header('Cache-Control', CACHE)
  async json(@CurrentAuth() auth: RequestAuth): Promise<{ statements: ReturnType<typeof toPublicJson>[] }> {
    const list = await this.publication.published(auth.ability, FEED_SIZE);
    return { statements: list.map((p) => toPublicJson({ ...p, language: p.statement.referenceLanguage })) };
  }

  @Get('statements.atom')
  @Public()
  @Header('Content-Type', 'application/atom+xml; charset=utf-8')
  @Header('Cache-Control', CACHE)
  async atom(@CurrentAuth() auth: RequestAuth): Promise<string> {
    const list = await this.publication.published(auth.ability, FEED_SIZE);
    return toAtom(list.map((p): ExportSource => ({ ...p, language: p.statement.referenceLanguage })), new Date());
  }

  @Get('statements/:file')
  @Public()
  @Header('Cache-Control', CACHE)
  async one(@CurrentAuth() auth: RequestAuth, @Param('file') file: string, @Res({ passthrough: true }) res: Response, @Query('language') language?: string): Promise<string> {
    const match = FILE.exec(file);
    if (!match) throw new NotFoundException();
    const [found] = await this.publication.published(auth.ability, 1, match[1]);
    if (!found) throw new NotFoundException();
    const chosen = language && LANGUAGE.test(language) && found.statement.languages.includes(language) ? language : found.statement.referenceLanguage;
    const source: ExportSource = { ...found, language: chosen };
    res.type(match[2] === 'md' ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8');
    return match[2] === 'md' ? toMarkdown(source) : toHtmlPage(source);
  }
}
