import { Controller, Get, Header, HttpException, HttpStatus, Param, Res } from '@nestjs/common';
import { CurrentAuth, Public, type RequestAuth, SignedIn } from '@sw/authz';
import { DOWNLOAD_PATH, ExportService, FEED_PATH } from './export.service.js';

interface HttpResponse {
  setHeader(name: string, value: string): void;
  send(body: string | Buffer): void;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const gone = () => new HttpException({ message: 'This link is not valid: it may have been used or have expired' }, HttpStatus.NOT_FOUND);

/** The two workshop files served over plain HTTP: single-use downloads and calendar feeds. */
@Controller()
export class WorkshopsController {
  constructor(private readonly exports: ExportService) {}

  /** Needs the session of the user who made the link, as well as the link (a leaked link alone is useless). */
  @Get(`${DOWNLOAD_PATH.slice(1)}/:token`)
  @SignedIn()
  async download(@Param('token') token: string, @CurrentAuth() auth: RequestAuth, @Res() res: HttpResponse): Promise<void> {
    if (!TOKEN.test(token)) throw gone();
    let file;
    try {
      file = await this.exports.consumeDownload(auth.ability, auth.actor!, token);
    } catch (error) {
      const code = (error as { extensions?: { code?: string } }).extensions?.code;
      if (code === 'NOT_FOUND') throw gone();
      if (code === 'FORBIDDEN') throw new HttpException({ message: 'Only the organisers of this workshop can download this' }, HttpStatus.FORBIDDEN);
      throw error;
    }
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(file.body);
  }

  /** For calendar apps, which cannot sign in: the secret in the path is the credential. */
  @Get(`${FEED_PATH.slice(1)}/:file`)
  @Public()
  @Header('Cache-Control', 'no-store')
  async feed(@Param('file') file: string, @Res() res: HttpResponse): Promise<void> {
    const token = file.endsWith('.ics') ? file.slice(0, -4) : '';
    const body = TOKEN.test(token) ? await this.exports.feed(token) : null;
    if (body === null) throw gone();
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.send(body);
  }
}
