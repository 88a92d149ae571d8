import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@sw/testing';
import { DEMO_PASSWORD } from '@sw/identity';
import { type BuiltApp, freePort, gql, startBuiltApp } from '../support/built-app.js';

const KEY = `e2e:${Buffer.alloc(32, 3).toString('base64')}`;

describe('the built app on a database given by DATABASE_URL', () => {
  let db: TestDatabase;
  let app: BuiltApp;
  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startBuiltApp({ DATABASE_URL: db.url, DATA_ENCRYPTION_KEY: KEY, SEED_DEMO: 'true' });
  });
  afterAll(async () => {
    app.process.kill('SIGTERM');
    await app.exited;
    await db.drop();
  });

  it('answers /health once the database answers', async () => {
    const response = await fetch(`${app.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('signs in over HTTP, sets a hardened cookie, and refuses the old token after revoke-all', async () => {
    const { response, body } = await gql(
      app.url,
      'mutation($input: SignInInput!) { signIn(input: $input) { token viewer { email } } }',
      undefined,
      { input: { email: 'kerem@demo.invalid', password: DEMO_PASSWORD } },
    );
    expect(body.data.signIn.viewer.email).toBe('kerem@demo.invalid');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-sw_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const token: string = body.data.signIn.token;

    expect((await gql(app.url, '{ me { email } }', token)).body.data).toEqual({ me: { email: 'kerem@demo.invalid' } });
    // The cookie alone also authenticates.
    const viaCookie = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookie.split(';')[0]! },
      body: JSON.stringify({ query: '{ me { email } }' }),
    });
    expect(((await viaCookie.json()) as { data: unknown }).data).toEqual({ me: { email: 'kerem@demo.invalid' } });

    expect((await gql(app.url, 'mutation { revokeAllSessions }', token)).body.data).toEqual({ revokeAllSessions: 1 });
    const after = await gql(app.url, '{ me { email } }', token);
    expect(after.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(after.body.data).toBeNull();
  });

  it('keeps tokens and passwords out of its log, and does not log client errors as failures', () => {
    const logLines = app.output().split('\n').filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(DEMO_PASSWORD);
    expect(logLines.join('\n')).not.toMatch(/Bearer [A-Za-z0-9_-]{20,}/);
    expect(logLines.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });
});

describe('starting', () => {
  it('gives one clear line and a non-zero exit when the database is unreachable', async () => {
    const port = await freePort();
    const app = await startBuiltApp({ DATABASE_URL: `postgres://nobody:nothing@127.0.0.1:${port}/none`, DATA_ENCRYPTION_KEY: KEY });
    expect(await app.exited).toBe(1);
    expect(app.output().trim()).toMatch(/^Cannot connect to the database \(ECONNREFUSED\): check DATABASE_URL/);
    expect(app.output()).not.toContain('nothing'); // the password in the URL
    expect(app.output()).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('names each invalid variable', async () => {
    const app = await startBuiltApp({ PORT: '3000', NODE_ENV: 'production', DATA_ENCRYPTION_KEY: 'short' });
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain('DATABASE_URL: is required when NODE_ENV=production');
    expect(app.output()).toContain('DATA_ENCRYPTION_KEY:');
  });
});

describe('the embedded PostgreSQL default', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sw-e2e-data-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts on an empty folder, refuses a second start on it, keeps data across restarts and stops cleanly on SIGINT', async () => {
    const env = async () => ({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), SEED_DEMO: 'true' });
    const first = await startBuiltApp(await env(), 120_000);
    expect(first.output()).toContain('Seeded a fictional demo network');
    expect(existsSync(path.join(dataDir, 'data-encryption.key'))).toBe(true);
    const signIn = await gql(first.url, `mutation { signIn(input: { email: "ece@demo.invalid", password: "${DEMO_PASSWORD}" }) { token } }`);
    expect(signIn.body.data.signIn.token).toBeTruthy();

    const second = await startBuiltApp(await env());
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/already in use by a running PostgreSQL/);

    first.process.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const again = await startBuiltApp(await env(), 120_000);
    expect(again.output()).not.toContain('Seeded'); // the data survived
    const me = await gql(again.url, '{ me { email } }', signIn.body.data.signIn.token);
    expect(me.body.data).toEqual({ me: { email: 'ece@demo.invalid' } });
    again.process.kill('SIGINT');
    expect(await again.exited).toBe(0);
  });
});
