import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DOWNLOAD_PATH, FEED_PATH } from '@sw/workshops';

/** The browser app's addresses: a navigation to one of these gets index.html, and the app routes it. */
export const CLIENT_ROUTES = ['/sign-in', '/invitation', '/briefings', '/statements', '/workshops', '/discussions', '/admin', '/account'];

/** API addresses under the client's prefixes (or beside them) that must never be answered with the app. */
const API_PATHS = ['/graphql', '/socket.io', '/health', '/public/', '/briefing-attachments/', `${DOWNLOAD_PATH}/`, `${FEED_PATH}/`];

const isClientRoute = (pathname: string) =>
  pathname === '/' || CLIENT_ROUTES.some((route) => pathname === route || pathname.startsWith(`${route}/`));
const isApiPath = (pathname: string) =>
  API_PATHS.some((p) => pathname === p.replace(/\/$/, '') || pathname.startsWith(p.endsWith('/') ? p : `${p}/`)) ||
  /^\/briefings\/[^/]+\/attachments$/.test(pathname);

/** dist/apps/web beside the built API (dist/apps/api/src): present after `npm run build`. */
export function builtWebDir(): string | null {
  const dir = fileURLToPath(new URL('../../web/', import.meta.url));
  return existsSync(path.join(dir, 'index.html')) && existsSync(path.join(dir, 'assets')) ? dir : null;
}

/**
 * Serves the web app from the API's own origin: hashed assets cached for a year, index.html for
 * every client route and never cached. Returns false when the app was not built.
 */
export function serveWebApp(app: NestExpressApplication, dir = builtWebDir()): boolean {
  if (!dir) return false;
  const index = path.join(dir, 'index.html');
  app.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { index: false, fallthrough: false, immutable: true, maxAge: '365d' }),
  );
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (isApiPath(req.path)) return next();
    if (req.path === '/favicon.svg') return res.sendFile(path.join(dir, 'favicon.svg'), { maxAge: '1d' });
    if (!isClientRoute(req.path) || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
