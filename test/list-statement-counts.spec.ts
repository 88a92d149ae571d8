// The main lists cost a fixed number of SQL statements, whatever the page size: a page of 50 sends
// exactly as many statements as a page of 5 (no statement per item: no N+1, no per-item
// @ResolveField query). Counted by wrapping the in-process app's TypeORM logger, as in
// briefings-authorization.spec.ts; the outbox relay's timer, the coarse session touch and
// transaction control are not the list's work. Performance itself is measured by `npm run bench`.
import type { Logger, QueryRunner } from 'typeorm';
import { type Client, ROLES, startTestApp, type TestApp } from './support/test-app.js';
import { data, openThread } from './support/discussions.js';
import { castOf, makeStatement } from './support/statements-fixture.js';
import { makeWorkshop } from './support/workshops-fixture.js';

const ITEMS = 55;
let t: TestApp;
let deniz: Client; // admin of lantern-lawyers, coordinator of kestrel-network: source of everything below
let selin: Client; // member of open-press-desk (a kestrel member): a recipient
const id = { org: {} as Record<string, string>, net: {} as Record<string, string> };
let busyThread: string;

beforeAll(async () => {
  t = await startTestApp();
  for (const r of await t.dataSource.query('SELECT id, slug FROM organisations')) id.org[r.slug] = r.id;
  for (const r of await t.dataSource.query('SELECT id, slug FROM networks')) id.net[r.slug] = r.id;
  const cast = await castOf(t);
  deniz = cast.as.lead;
  selin = cast.as.drafter;
  expect(ROLES.adminAndCoordinator).toBe('deniz@demo.invalid');

  // Through the API, a few at a time (the pool is the app's own).
  const batches = async (make: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < ITEMS; i += 5) await Promise.all(Array.from({ length: Math.min(5, ITEMS - i) }, (_, k) => make(i + k)));
  };
  await batches(async (i) => {
    const created = data(await deniz.gql<{ createBriefing: { id: string } }>(
      'mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { id } }',
      { input: {
        organisationId: id.org['lantern-lawyers'], title: `Briefing ${i}`, summary: 'A summary', body: `Body **${i}**`, language: 'en', tlp: 'GREEN', tags: ['courts'],
        audience: { userIds: [], organisationIds: [id.org['open-press-desk']], networks: [{ networkId: id.net['kestrel-network'], includePartners: false }] },
      } },
    ));
    data(await deniz.gql('mutation($id: ID!) { publishBriefing(id: $id) { id } }', { id: created.createBriefing.id }));
  });
  await batches((i) => openThread(deniz, 'NETWORK', id.net['kestrel-network']!, `Thread ${i}`));
  busyThread = await openThread(deniz, 'NETWORK', id.net['kestrel-network']!, 'Busy');
  await t.dataSource.query(
    `INSERT INTO messages (id, thread_id, seq, author_id, client_id, client_digest, body)
     SELECT gen_random_uuid(), $1, g, (SELECT id FROM users WHERE email = $2), gen_random_uuid(), '\\x00', 'message **' || g || '**'
     FROM generate_series(1, $3::int) g`, [busyThread, ROLES.member, ITEMS]);
  await t.dataSource.query('UPDATE threads SET last_seq = $2 WHERE id = $1', [busyThread, ITEMS]);
  await batches((i) => makeStatement(cast, { title: `Statement ${i}` }));
  await batches(() => makeWorkshop(t, deniz));
}, 120_000);

afterAll(() => t.close());

interface Statement { sql: string }

/** Every statement the app sends through its DataSource while `work` runs, less what is no list's work. */
async function statementsDuring(work: () => Promise<unknown>): Promise<Statement[]> {
  const logger: Logger = t.dataSource.logger;
  const original = logger.logQuery;
  const seen: Statement[] = [];
  logger.logQuery = function (this: Logger, query: string, parameters?: unknown[], queryRunner?: QueryRunner) {
    seen.push({ sql: query });
    return original.call(this, query, parameters, queryRunner);
  };
  try {
    await work();
  } finally {
    logger.logQuery = original;
  }
  return seen.filter((s) =>
    !/\boutbox_events\b/.test(s.sql) && !/^\s*UPDATE sessions SET last_seen_at/.test(s.sql) && !/^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)\b/i.test(s.sql));
}

const LISTS: { name: string; who: () => Client; query: (first: number) => string; items: (d: any) => unknown[] }[] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
  {
    name: 'briefings (the source: audiences shown)',
    who: () => deniz,
    query: (n) => `{ briefings(first: ${n}) { edges { node { id title bodyHtml organisation { name } viewerHasRead source { authorUserId audience { organisationIds networkIds } } } } } }`,
    items: (d) => d.briefings.edges,
  },
  {
    name: 'briefings (a recipient)',
    who: () => selin,
    query: (n) => `{ briefings(first: ${n}) { edges { node { id title tlp organisation { name } viewerHasRead source { authorUserId } } } } }`,
    items: (d) => d.briefings.edges,
  },
  {
    name: 'threads',
    who: () => selin,
    query: (n) => `{ threads(spaceKind: NETWORK, spaceId: "${id.net['kestrel-network']}", first: ${n}) { edges { node { id title createdBy { displayName } unreadCount mentionCount lastReadSeq viewerCanModerate } } } }`,
    items: (d) => d.threads.edges,
  },
  {
    name: 'thread messages',
    who: () => selin,
    query: (n) => `{ threadMessages(threadId: "${busyThread}", first: ${n}) { edges { node { id seq bodyHtml author { displayName } reactions { emoji count } edits { body } mentioned { displayName } acknowledgedByMe } } } }`,
    items: (d) => d.threadMessages.edges,
  },
  {
    name: 'statements',
    who: () => deniz,
    query: (n) => `{ statements(first: ${n}) { edges { node { id title status version deadline viewer { tier canRevise organisationIds } } } } }`,
    items: (d) => d.statements.edges,
  },
  {
    name: 'workshops',
    who: () => selin,
    query: (n) => `{ workshops(first: ${n}) { edges { node { id title confirmedCount organisers { displayName } myParticipation { id } viewerIsOrganiser agenda { id } } } } }`,
    items: (d) => d.workshops.edges,
  },
];

/** The statements a page of 5 and a page of 50 send. */
async function pages(list: (typeof LISTS)[number]): Promise<{ small: Statement[]; large: Statement[] }> {
  const client = list.who();
  data(await client.gql(list.query(5))); // warm: a session's first request may do more
  let five: unknown;
  let fifty: unknown;
  const small = await statementsDuring(async () => (five = data(await client.gql(list.query(5)))));
  const large = await statementsDuring(async () => (fifty = data(await client.gql(list.query(50)))));
  expect([list.items(five).length, list.items(fifty).length]).toEqual([5, 50]);
  return { small, large };
}

describe('the SQL statements of a list do not grow with the number of items returned', () => {
  it.each(LISTS.map((l) => [l.name, l] as const))('%s: first 50 costs what first 5 costs', async (_name, list) => {
    const { small, large } = await pages(list);
    // The same statements (a list of ids as parameters may be longer), as many of them.
    const shapes = (s: Statement[]) => s.map((x) => x.sql.replace(/\s+/g, ' ').replace(/\$\d+(\s*,\s*\$\d+)*/g, '$n').slice(0, 160)).sort();
    expect({ count: large.length, shapes: shapes(large) }).toEqual({ count: small.length, shapes: shapes(small) });
  });

  // BUG (libs/statements, left to its owners): three fields of a statement load per statement —
  // participants (4 statements each), signatories (1 each) and currentRevision (2 each: the
  // revision mapper looks up author and organisation names whether asked or not) — so 50
  // statements with all three cost ~315 statements more than 5.
  // Proposed fix: DataLoaders over the page's statement ids and revision ids (one query for the
  // participants with their organisations' names, one for signatories, one each for the names), as
  // currentRevision itself already does. Remove `.failing` once fixed.
  it.failing.each([
    ['participants', 'participants { organisationName role signOnStatus }'],
    ['signatories', 'signatories { organisationName }'],
    ['currentRevision', 'currentRevision { number }'],
  ])('statements { %s }: first 50 costs what first 5 costs (known N+1)', async (_name, fields) => {
    const { small, large } = await pages({
      name: 'statements', who: () => deniz, items: (d) => d.statements.edges,
      query: (n) => `{ statements(first: ${n}) { edges { node { id ${fields} } } } }`,
    });
    expect(large.length).toBe(small.length);
  });
});
