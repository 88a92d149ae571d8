// Issue 8, "GraphQL abuse", against the built app in production mode (NODE_ENV=production, a child
// process on its own database; nothing mocked): reconnaissance, automatic persisted queries used
// to slip past CSRF prevention, the armor limits or introspection, and documents built to be
// expensive. test/graphql-hardening.spec.ts proves in-process that the refused documents run no
// resolver and no SQL; this file proves the shipped build refuses them with the right code.
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@sw/testing';
import { seedDemoData } from '@sw/identity';
import { type Client, codeOf, startTarget, type Target } from './support/target.js';

let t: Target;
let member: Client;
beforeAll(async () => {
  // Production never seeds the demo network: it is put in before the server starts.
  const database = await createTestDatabase();
  const seeding = new DataSource({ type: 'postgres', url: database.url });
  await seeding.initialize();
  await seedDemoData(seeding);
  await seeding.destroy();
  t = await startTarget({ NODE_ENV: 'production', SEED_DEMO: 'false' }, database);
  member = await t.signIn('ece@demo.invalid');
}, 60_000);
afterAll(() => t.stop());

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (query: string, hash = sha256(query)) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${member.token}`, ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: (() => { try { return JSON.parse(text) as { data?: unknown; errors?: { extensions?: { code?: string } }[] }; } catch { return null; } })() };
}
async function get(params: Record<string, unknown>, headers: Record<string, string> = {}) {
  const search = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  const response = await fetch(`${t.url}/graphql?${search}`, { headers: { authorization: `Bearer ${member.token}`, ...headers } });
  return { status: response.status, text: await response.text() };
}
const deep = (levels: number) => `{ me { memberships { ${Array.from({ length: levels }, () => 'a {').join(' ')} id ${'}'.repeat(levels)} } } }`;

describe('reconnaissance of the production build', () => {
  it('refuses introspection and field suggestions, and serves no landing page', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Mutation") { fields { name } } }']) {
      const result = await member.gql(query);
      expect(codeOf(result)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(result)).not.toMatch(/signIn|Briefing|Workshop/);
    }
    const misspelled = await member.gql('{ workshp(id: "x") { id } briefngs { edges { node { id } } } }');
    expect(JSON.stringify(misspelled)).not.toMatch(/did you mean|workshop|briefings/i);
    const page = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/<html|<!doctype|embeddable-sandbox|landing/i);
  });

  it('answers a syntax error and an unknown id with a code, no stack trace, no SQL', async () => {
    const broken = await member.gql('{ me { id ');
    expect(codeOf(broken)).toMatch(/^GRAPHQL_(PARSE|VALIDATION)_FAILED$/);
    const missing = await member.gql('{ workshop(id: "0190a5e4-0000-7000-8000-000000000000") { id } }');
    expect(codeOf(missing)).toBe('NOT_FOUND');
    expect(JSON.stringify([broken, missing])).not.toMatch(/stacktrace|\bat \w+ \(|SELECT|workshops\b/i);
  });
});

describe('automatic persisted queries', () => {
  it('do not open a way around CSRF prevention: a GET by hash without the preflight header is refused', async () => {
    const query = '{ me { email } }';
    expect((await post({ query, extensions: persisted(query) })).json!.data).toEqual({ me: { email: 'ece@demo.invalid' } });
    // The hash alone, as a cross-site <img src> or link would send it, carrying the cookie.
    const simple = await get({ extensions: persisted(query) }, { cookie: `__Host-sw_session=${member.token}` });
    expect(simple.status).toBe(400);
    expect(simple.text).not.toContain('ece@demo.invalid');
    const preflighted = await get({ extensions: persisted(query) }, { 'apollo-require-preflight': 'true' });
    expect(preflighted.status).toBe(200);
  });

  it('never run a mutation over GET, stored or not', async () => {
    const mutation = 'mutation { revokeAllSessions }';
    const asText = await get({ query: mutation }, { 'apollo-require-preflight': 'true' });
    expect(asText.status).toBeGreaterThanOrEqual(400);
    await post({ query: mutation, extensions: persisted(mutation) }, { authorization: 'Bearer ' + 'x'.repeat(43) }); // registered by a stranger (refused, but the document is known)
    const byHash = await get({ extensions: persisted(mutation) }, { 'apollo-require-preflight': 'true' });
    expect(byHash.status).toBeGreaterThanOrEqual(400);
    expect((await member.gql('{ me { email } }')).data).toEqual({ me: { email: 'ece@demo.invalid' } });
  });

  it('refuse a document whose hash does not match it (no cache poisoning)', async () => {
    const innocent = '{ me { id } }';
    const swapped = await post({ query: '{ me { email displayName } }', extensions: persisted(innocent, sha256(innocent)) });
    expect(swapped.status).toBe(400);
    expect(swapped.text).not.toContain('ece@demo.invalid');
    const byHash = await post({ extensions: persisted(innocent) });
    expect(JSON.stringify(byHash.json)).not.toContain('ece@demo.invalid');
  });

  it('still pass every stored document through the armor and the introspection switch', async () => {
    for (const query of [deep(12), '{ __schema { types { name } } }', `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: me { id }`).join(' ')} }`]) {
      const registered = await post({ query, extensions: persisted(query) });
      expect(registered.json?.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const byHash = await post({ extensions: persisted(query) });
      expect(['GRAPHQL_VALIDATION_FAILED', 'PERSISTED_QUERY_NOT_FOUND']).toContain(byHash.json?.errors?.[0]?.extensions?.code);
      expect(byHash.json?.data ?? null).toBeNull();
    }
  });
});

describe('documents built to be expensive', () => {
  it.each([
    ['too many tokens', `{ me { ${Array.from({ length: 2100 }, () => 'id').join(' ')} } }`],
    ['too many directives', `{ me { id ${Array.from({ length: 30 }, () => '@include(if: true)').join(' ')} } }`],
    ['too costly a page', `{ statements(first: 100) { edges { node { revisions(first: 100) { edges { node { texts { body } } } } comments(first: 100) { edges { node { body } } } } } } }`],
    ['too deep', deep(12)],
    ['too many aliases', `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ')} }`],
    ['a sign-in twice in one document', 'mutation { a: signIn(input: { email: "x@demo.invalid", password: "some passphrase here" }) { token } b: signIn(input: { email: "x@demo.invalid", password: "some passphrase there" }) { token } }'],
  ])('refuses %s', async (_what, query) => {
    const result = await member.gql(query);
    expect(codeOf(result)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.data ?? null).toBeNull();
  });

  it('refuses a batch and a body over the size limit before any of it runs', async () => {
    expect((await post([{ query: '{ me { id } }' }, { query: '{ me { id } }' }])).status).toBe(400);
    expect((await post({ query: `{ me { id } } #${' '.repeat(300 * 1024)}` })).status).toBe(413);
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });
});
