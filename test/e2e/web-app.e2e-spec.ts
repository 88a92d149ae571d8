import { createTestDatabase, type TestDatabase } from '@sw/testing';
import { type BuiltApp, startBuiltApp } from '../support/built-app.js';

const KEY = `e2e:${Buffer.alloc(32, 5).toString('base64')}`;

/** The web app as the built API serves it at `/`: its addresses, its caching, and the policy it runs under. */
describe('the web app served by the built API', () => {
  let db: TestDatabase;
  let app: BuiltApp;
  const html = (path: string, init: RequestInit = {}) =>
    fetch(`${app.url}${path}`, { ...init, headers: { accept: 'text/html,application/xhtml+xml', ...(init.headers ?? {}) } });

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startBuiltApp({ DATABASE_URL: db.url, DATA_ENCRYPTION_KEY: KEY });
  });
  afterAll(async () => {
    app.process.kill('SIGTERM');
    await app.exited;
    await db.drop();
  });

  it.each(['/', '/sign-in', '/invitation', '/briefings', '/briefings/0190f7c2-1111-7000-8000-000000000000', '/statements/x', '/workshops/y', '/discussions', '/admin', '/account'])(
    'answers the navigation %s with the app, never cached',
    async (path) => {
      const response = await html(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const body = await response.text();
      expect(body).toContain('<div id="root"></div>');
      expect(body).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
    },
  );

  it('serves the app under a policy that allows only its own origin', async () => {
    const response = await html('/');
    const policy = response.headers.get('content-security-policy') ?? '';
    const directives = new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(' ')]));
    expect(directives.get('default-src')).toBe("'self'");
    for (const name of ['script-src', 'style-src', 'img-src', 'font-src', 'connect-src']) expect(directives.get(name)).toBe("'self'");
    expect(directives.get('script-src-attr')).toBe("'none'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|https:|data:|\*/);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('loads nothing from another host: every script and stylesheet of the page is on its own origin', async () => {
    const body = await (await html('/')).text();
    const references = [...body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(references.length).toBeGreaterThan(1);
    for (const reference of references) expect(reference).toMatch(/^\/(?!\/)/);
    for (const reference of references.filter((r) => r.startsWith('/assets/'))) {
      const asset = await fetch(`${app.url}${reference}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toContain('immutable');
      const text = await asset.text();
      expect(text).not.toMatch(/https?:\/\/(?!localhost|127\.0\.0\.1|www\.w3\.org)[a-z0-9.-]+\.(?:com|net|org|io|dev)\/[^\s"'`]*\.(?:js|css|woff2?|ttf)/i);
    }
  });

  it('leaves the API and its plain-HTTP addresses to the API', async () => {
    expect((await html('/health')).headers.get('content-type')).toMatch(/^application\/json/);
    const download = await html('/workshops/downloads/not-a-real-token');
    expect(download.headers.get('content-type') ?? '').not.toMatch(/^text\/html/);
    expect(download.status).toBeGreaterThanOrEqual(400);
    const feed = await html('/workshops/calendar/unknown.ics');
    expect(feed.status).toBeGreaterThanOrEqual(400);
    expect(await feed.text()).not.toContain('<div id="root">');
    const attachment = await html('/briefing-attachments/0190f7c2-1111-7000-8000-000000000000');
    expect(attachment.status).toBe(401);
    const graphql = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(await graphql.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers an unknown address or a missing asset with 404, not with the app', async () => {
    expect((await html('/no-such-page')).status).toBe(404);
    expect((await fetch(`${app.url}/assets/missing.js`)).status).toBe(404);
    // Only navigations get the app: a script asking for a client address gets no HTML.
    const api = await fetch(`${app.url}/briefings`, { headers: { accept: 'application/json' } });
    expect(api.status).toBe(404);
  });
});
