import { Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { Checks, CurrentAuth, type RequestAuth } from '@sw/authz';
import { badInput } from '@sw/graphql';
import { Attachments, tooLarge } from './attachments.service.js';
import type { AttachmentModel } from './briefing.model.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface RawRequest extends Readable {
  headers: Record<string, string | string[] | undefined>;
}
interface FileResponse {
  setHeader(name: string, value: string | number): void;
  end(body: Buffer): void;
}

async function readBody(req: RawRequest, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Attachments over plain HTTP (bytes do not belong in GraphQL). Uploads must be
 * `application/octet-stream`, which a cross-site form cannot send without a CORS preflight.
 */
@Controller()
export class BriefingFilesController {
  constructor(private readonly attachments: Attachments) {}

  @Post('briefings/:id/attachments')
  @HttpCode(201)
  @Checks('attach', 'BriefingGrant')
  async upload(@CurrentAuth() auth: RequestAuth, @Param('id') id: string, @Query('filename') filename: string | undefined, @Req() req: RawRequest): Promise<AttachmentModel> {
    if (!UUID.test(id)) throw badInput('id', 'must be an id');
    if (String(req.headers['content-type'] ?? '').split(';')[0]!.trim() !== 'application/octet-stream') {
      throw badInput('content-type', 'must be application/octet-stream');
    }
    if (!filename) throw badInput('filename', 'is required');
    const bytes = await readBody(req, this.attachments.maxBytes);
    return this.attachments.upload(auth, id, filename, bytes);
  }

  @Get('briefing-attachments/:id')
  @Checks('read', 'BriefingGrant')
  @Header('Cache-Control', 'no-store')
  async download(@CurrentAuth() auth: RequestAuth, @Param('id') id: string, @Res() res: FileResponse): Promise<void> {
    if (!UUID.test(id)) throw badInput('id', 'must be an id');
    const { attachment, bytes } = await this.attachments.download(auth, id);
    res.setHeader('Content-Type', attachment.contentType);
    res.setHeader('Content-Length', bytes.length);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cache-Control', 'no-store');
    res.end(bytes);
  }
}
