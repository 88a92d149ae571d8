// Issue 3, "Done when": every TLP level × every kind of user × {list, get, search, count, download,
// forward, acknowledge}, through the API (GraphQL over HTTP; attachments over HTTP GET) against the
// real database. What each cell must answer is written below as data, in the issue's words — not
// derived from the production rules. A briefing the caller may not read is NOT_FOUND (HTTP 404) in
// every look-up and mutation and absent from every list, search and count; a signed-out caller is
// UNAUTHENTICATED (HTTP 401). Then: drafts and retracted briefings, the operator, the public feed,
// publishing on behalf, and listing 50 of 100,000 with one statement for the page on an index.
import type { Logger, QueryRunner } from 'typeorm';
import { downloadAttachment, TINY_PDF, uploadAttachment, writeBriefing } from './support/briefings.js';
import { type Client, codeOf, type GraphqlResult, ROLES, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
afterAll(() => t.close());

// ---- who ----------------------------------------------------------------------------------------
const KINDS = [
  'author',
  'authorColleague',
  'namedRecipient',
  'recipientOrgMember',
  'networkOrgMember',
  'partner',
  'otherNetwork',
  'operator',
  'anonymous',
] as const;
type Kind = (typeof KINDS)[number];

/** One demo person per kind, and the one organisation they belong to. */
const PEOPLE: Record<Kind, { email: string | null; organisation: string | null; what: string }> = {
  author: { email: ROLES.adminAndCoordinator, organisation: 'lantern-lawyers', what: 'admin of lantern-lawyers (kestrel member), writes every briefing' },
  authorColleague: { email: ROLES.member, organisation: 'lantern-lawyers', what: "member of the author's organisation, not named" },
  namedRecipient: { email: 'tomas@demo.invalid', organisation: 'rights-relay', what: 'named in every audience; rights-relay is a kestrel partner' },
  recipientOrgMember: { email: 'selin@demo.invalid', organisation: 'open-press-desk', what: 'member of open-press-desk, the recipient organisation' },
  networkOrgMember: { email: 'baran@demo.invalid', organisation: 'campus-voices', what: 'another kestrel member organisation, never named' },
  partner: { email: ROLES.partnerAdmin, organisation: 'workers-ledger', what: 'kestrel partner, never named' },
  otherNetwork: { email: ROLES.otherNetworkAdmin, organisation: 'quiet-harbour', what: 'harbour-group only' },
  operator: { email: ROLES.operator, organisation: null, what: 'platform operator' },
  anonymous: { email: null, organisation: null, what: 'no session' },
};

// ---- what: one published briefing per level -----------------------------------------------------
const LEVELS = ['RED', 'AMBER_STRICT', 'AMBER', 'GREEN', 'GREEN_PARTNERS', 'CLEAR'] as const;
type Level = (typeof LEVELS)[number];
const TLP_OF: Record<Level, string> = { RED: 'RED', AMBER_STRICT: 'AMBER_STRICT', AMBER: 'AMBER', GREEN: 'GREEN', GREEN_PARTNERS: 'GREEN', CLEAR: 'CLEAR' };

/** The audience of each level's briefing: the named person everywhere, plus what the level is about. */
const AUDIENCE: Record<Level, { organisations: string[]; networks: { slug: string; includePartners: boolean }[] }> = {
  RED: { organisations: [], networks: [] },
  AMBER_STRICT: { organisations: ['open-press-desk'], networks: [] },
  AMBER: { organisations: ['open-press-desk'], networks: [] },
  GREEN: { organisations: [], networks: [{ slug: 'kestrel-network', includePartners: false }] },
  GREEN_PARTNERS: { organisations: [], networks: [{ slug: 'kestrel-network', includePartners: true }] },
  CLEAR: { organisations: [], networks: [] },
};

// ---- the rules of the issue, as data ------------------------------------------------------------
const SIGNED_IN: readonly Kind[] = KINDS.filter((k) => k !== 'anonymous');
/** Who reads a published briefing of each level. */
const READERS: Record<Level, readonly Kind[]> = {
  // "only the named individual recipients (and the author)"
  RED: ['author', 'namedRecipient'],
  // "the members of the named recipient organisations" (and the source organisation, never for RED)
  AMBER_STRICT: ['author', 'authorColleague', 'namedRecipient', 'recipientOrgMember'],
  AMBER: ['author', 'authorColleague', 'namedRecipient', 'recipientOrgMember'],
  // "every member organisation (and partner, if the audience says so) of the named networks"
  GREEN: ['author', 'authorColleague', 'namedRecipient', 'recipientOrgMember', 'networkOrgMember'],
  GREEN_PARTNERS: ['author', 'authorColleague', 'namedRecipient', 'recipientOrgMember', 'networkOrgMember', 'partner'],
  // "every signed-in user"
  CLEAR: SIGNED_IN,
};
/** Readers who belong to an organisation the briefing reaches as a recipient: they may acknowledge for it. */
const ACKNOWLEDGERS: Record<Level, readonly Kind[]> = {
  RED: ['namedRecipient'],
  AMBER_STRICT: ['namedRecipient', 'recipientOrgMember'],
  AMBER: ['namedRecipient', 'recipientOrgMember'],
  GREEN: ['author', 'authorColleague', 'namedRecipient', 'recipientOrgMember', 'networkOrgMember'],
  GREEN_PARTNERS: ['author', 'authorColleague', 'namedRecipient', 'recipientOrgMember', 'networkOrgMember', 'partner'],
  CLEAR: SIGNED_IN.filter((k) => PEOPLE[k].organisation !== null),
};
/** Who sees the `source` block (author, audience): the source organisation only. */
const SEES_SOURCE: readonly Kind[] = ['author', 'authorColleague'];
/**
 * "never for RED or AMBER_STRICT; within the own organisation for AMBER; within the networks for GREEN"; CLEAR is not limited.
 * BUG (the CLEAR forward cells fail): forward() treats every level but AMBER like GREEN, so a CLEAR briefing can
 * only be forwarded within its networks — none when its audience names none — and the refusal says "TLP:GREEN".
 * Proposed fix (briefing-writing.service.ts, forward, after the RED/AMBER_STRICT check):
 * `if (briefing.tlp === 'CLEAR') return this.reload(manager, id);` — it already reaches every signed-in user.
 */
const FORWARDING: Record<Level, 'never' | 'own organisation' | 'networks' | 'anywhere'> = {
  RED: 'never', AMBER_STRICT: 'never', AMBER: 'own organisation', GREEN: 'networks', GREEN_PARTNERS: 'networks', CLEAR: 'anywhere',
};
/** Per level, an organisation inside what forwarding allows ('own': the forwarder's) and one outside it. */
const FORWARD_TARGETS: Record<Level, { inside: string; outside: string }> = {
  RED: { inside: 'own', outside: 'campus-voices' },
  AMBER_STRICT: { inside: 'own', outside: 'campus-voices' },
  AMBER: { inside: 'own', outside: 'campus-voices' }, // in the network, but not the forwarder's organisation
  GREEN: { inside: 'campus-voices', outside: 'workers-ledger' }, // a partner is outside a members-only audience
  GREEN_PARTNERS: { inside: 'north-bridge', outside: 'quiet-harbour' },
  CLEAR: { inside: 'campus-voices', outside: 'quiet-harbour' },
};

const OPS = ['list', 'get', 'search', 'count', 'download', 'acknowledge', 'forward (allowed target)', 'forward (refused target)'] as const;
type Op = (typeof OPS)[number];
type Code = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT';
/** listed/unlisted: in (or not in) lists and search results and counted (or not); ok: the object; a code: that error, nothing stored. */
type Expected = 'listed' | 'unlisted' | 'ok' | Code | { refused: Code[] };

function expectedPublished(level: Level, kind: Kind, op: Op): Expected {
  if (kind === 'anonymous') return 'UNAUTHENTICATED';
  const reads = READERS[level].includes(kind);
  switch (op) {
    case 'list':
    case 'search':
    case 'count':
      return reads ? 'listed' : 'unlisted';
    case 'get':
    case 'download':
      return reads ? 'ok' : 'NOT_FOUND';
    case 'acknowledge':
      if (!reads) return 'NOT_FOUND';
      if (PEOPLE[kind].organisation === null) return 'BAD_USER_INPUT';
      return ACKNOWLEDGERS[level].includes(kind) ? 'ok' : 'FORBIDDEN';
    case 'forward (allowed target)':
      if (!reads) return 'NOT_FOUND';
      return FORWARDING[level] === 'never' ? 'FORBIDDEN' : 'ok';
    case 'forward (refused target)':
      if (!reads) return 'NOT_FOUND';
      return FORWARDING[level] === 'anywhere' ? 'ok' : 'FORBIDDEN';
  }
}

/** Drafts and retracted briefings exist for their source (the author) alone; even the source cannot forward or acknowledge them. */
function expectedHidden(kind: Kind, op: Op): Expected {
  if (kind === 'anonymous') return 'UNAUTHENTICATED';
  const source = kind === 'author';
  switch (op) {
    case 'list':
    case 'search':
    case 'count':
      return source ? 'listed' : 'unlisted';
    case 'get':
    case 'download':
      return source ? 'ok' : 'NOT_FOUND';
    default:
      return source ? { refused: ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT'] } : 'NOT_FOUND';
  }
}

// ---- fixtures, filled in beforeAll ----------------------------------------------------------------
const clients = {} as Record<Kind, Client>;
const org: Record<string, string> = {};
const net: Record<string, string> = {};
const user: Record<string, string> = {};
interface Fixture {
  id: string;
  attachmentId: string;
  /** A word only this briefing's title has, for search and count. */
  word: string;
  status: 'PUBLISHED' | 'DRAFT' | 'RETRACTED';
}
const published = {} as Record<Level, Fixture>;
const HIDDEN_STATUSES = ['DRAFT', 'RETRACTED'] as const;
const hidden = {} as Record<`${(typeof HIDDEN_STATUSES)[number]} ${Level}`, Fixture>;

/** A row as the driver returns it; callers that need more say what they read. */
type Row = Record<string, string>;
const sql = <T = Row>(query: string, params: unknown[] = []): Promise<T[]> => t.dataSource.query(query, params);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked by value, as in the other specs
type Result = GraphqlResult<Record<string, any>>;
const wordFor = (level: Level, status: string) => `zq${level.replace('_', '').toLowerCase()}${status.toLowerCase()}`;

async function makeBriefing(level: Level, status: Fixture['status']): Promise<Fixture> {
  const author = clients.author;
  const word = wordFor(level, status);
  const id = await writeBriefing(author, {
    organisationId: org['lantern-lawyers']!,
    tlp: TLP_OF[level],
    title: `Hearing update ${word}`,
    body: `Fictional ${level} ${status} briefing.`,
    audience: {
      userIds: [user[PEOPLE.namedRecipient.email!]!],
      organisationIds: AUDIENCE[level].organisations.map((s) => org[s]!),
      networks: AUDIENCE[level].networks.map((n) => ({ networkId: net[n.slug]!, includePartners: n.includePartners })),
    },
    publish: false,
  });
  const uploaded = await uploadAttachment(t, author.token, id, TINY_PDF, `${word}.pdf`);
  if (uploaded.status !== 201) throw new Error(`upload for ${level} ${status}: ${uploaded.status} ${await uploaded.text()}`);
  const attachmentId = ((await uploaded.json()) as { id: string }).id;
  const step = async (mutation: string) => {
    const result = await author.gql(`mutation($id: ID!) { ${mutation}(id: $id) { id } }`, { id });
    if (result.errors) throw new Error(`${mutation} ${level}: ${JSON.stringify(result.errors)}`);
  };
  if (status !== 'DRAFT') await step('publishBriefing');
  if (status === 'RETRACTED') await step('retractBriefing');
  return { id, attachmentId, word, status };
}

beforeAll(async () => {
  t = await startTestApp();
  for (const r of await sql('SELECT id, slug FROM organisations')) org[r.slug] = r.id;
  for (const r of await sql('SELECT id, slug FROM networks')) net[r.slug] = r.id;
  for (const r of await sql('SELECT id, email FROM users')) user[r.email] = r.id;
  for (const kind of KINDS) {
    const { email } = PEOPLE[kind];
    clients[kind] = email ? await t.signIn(email) : t.client();
  }
  for (const level of LEVELS) published[level] = await makeBriefing(level, 'PUBLISHED');
  for (const status of HIDDEN_STATUSES) for (const level of LEVELS) hidden[`${status} ${level}`] = await makeBriefing(level, status);
});

// ---- operations ------------------------------------------------------------------------------------
type Edges = { edges: { node: { id: string } }[] };
/** The node ids of a connection; an error answer is never read as an empty list. */
const ids = (result: Result, field = 'briefings'): string[] => {
  if (result.errors || !result.data?.[field]) throw new Error(`expected a ${field} connection, got ${JSON.stringify(result.errors)}`);
  return (result.data[field] as Edges).edges.map((e) => e.node.id);
};

/** What a mutation could have changed, for the briefing and overall. */
async function footprint(briefingId: string) {
  const [row] = await sql(
    `SELECT (SELECT json_agg(g ORDER BY g.kind, g.principal_id) FROM (SELECT kind, principal_id, status FROM briefing_audience WHERE briefing_id = $1) g) AS grants,
            (SELECT json_agg(a ORDER BY a.organisation_id) FROM (SELECT organisation_id, user_id FROM briefing_acknowledgements WHERE briefing_id = $1) a) AS acknowledgements,
            (SELECT count(*)::int FROM briefing_reads WHERE briefing_id = $1) AS reads,
            (SELECT count(*)::int FROM audit_log) AS audit_entries,
            (SELECT count(*)::int FROM outbox_events) AS events`,
    [briefingId],
  );
  return row;
}

const ownOrganisationOr = (kind: Kind, fallback: string) => org[PEOPLE[kind].organisation ?? fallback]!;

interface Cell {
  label: string;
  kind: Kind;
  op: Op;
  fixture: () => Fixture;
  level: Level;
  expected: Expected;
}

async function runCell(cell: Cell): Promise<void> {
  const client = clients[cell.kind];
  const b = cell.fixture();
  const statusFilter = b.status === 'PUBLISHED' ? '' : `, status: ${b.status}`;
  const expectCode = (result: Result, field: string, allowed: Code[]) => {
    const code = codeOf(result);
    expect({ errors: result.errors?.length, code: allowed.includes(code as Code) ? 'as expected' : code }).toEqual({ errors: 1, code: 'as expected' });
    expect(result.data?.[field] ?? null).toBeNull();
  };
  const codes = (e: Expected): Code[] => (typeof e === 'object' ? e.refused : [e as Code]);

  switch (cell.op) {
    case 'list': {
      const result = await client.gql(`{ briefings(first: 100${statusFilter ? `, filter: { ${statusFilter.slice(2)} }` : ''}) { edges { node { id } } } }`);
      if (cell.expected === 'listed' || cell.expected === 'unlisted') {
        expect(result.errors).toBeUndefined();
        expect(ids(result).includes(b.id)).toBe(cell.expected === 'listed');
        if (b.status !== 'PUBLISHED') {
          // Without the status filter the list is of published briefings only, for everyone.
          expect(ids(await client.gql('{ briefings(first: 100) { edges { node { id } } } }'))).not.toContain(b.id);
        }
      } else expectCode(result, 'briefings', codes(cell.expected));
      return;
    }
    case 'search': {
      const result = await client.gql(`query($q: String!) { briefings(first: 100, filter: { text: $q${statusFilter} }) { edges { node { id } } } }`, { q: b.word });
      if (cell.expected === 'listed' || cell.expected === 'unlisted') {
        expect(result.errors).toBeUndefined();
        expect(ids(result)).toEqual(cell.expected === 'listed' ? [b.id] : []);
      } else expectCode(result, 'briefings', codes(cell.expected));
      return;
    }
    case 'count': {
      const result = await client.gql(`query($q: String!) { briefingCount(filter: { text: $q${statusFilter} }) }`, { q: b.word });
      if (cell.expected === 'listed' || cell.expected === 'unlisted') {
        expect(result.errors).toBeUndefined();
        expect(result.data!['briefingCount']).toBe(cell.expected === 'listed' ? 1 : 0);
      } else expectCode(result, 'briefingCount', codes(cell.expected));
      return;
    }
    case 'get': {
      const result = await client.gql('query($id: ID!) { briefing(id: $id) { id tlp status source { authorUserId } } }', { id: b.id });
      if (cell.expected === 'ok') {
        expect(result.errors).toBeUndefined();
        const got = result.data!['briefing'];
        expect({ id: got.id, tlp: got.tlp, status: got.status }).toEqual({ id: b.id, tlp: TLP_OF[cell.level], status: b.status });
        // Recipients never see the author or the audience.
        expect(got.source !== null).toBe(SEES_SOURCE.includes(cell.kind));
      } else expectCode(result, 'briefing', codes(cell.expected));
      return;
    }
    case 'download': {
      const response = await downloadAttachment(t, client.token, b.attachmentId);
      const status = { ok: 200, NOT_FOUND: 404, UNAUTHENTICATED: 401 }[cell.expected as string];
      expect(response.status).toBe(status);
      if (cell.expected === 'ok') {
        expect(response.headers.get('content-type')).toBe('application/pdf');
        expect(Buffer.from(await response.arrayBuffer())).toEqual(TINY_PDF);
      } else {
        const body = await response.text();
        expect(body).not.toContain('%PDF');
        expect(body).not.toContain(b.word);
      }
      return;
    }
    case 'acknowledge': {
      const organisationId = ownOrganisationOr(cell.kind, 'lantern-lawyers');
      const before = await footprint(b.id);
      const result = await client.gql('mutation($id: ID!, $o: ID!) { acknowledgeBriefing(id: $id, organisationId: $o) { id } }', { id: b.id, o: organisationId });
      if (cell.expected === 'ok') {
        expect(result.errors).toBeUndefined();
        expect(result.data!['acknowledgeBriefing'].id).toBe(b.id);
        expect(await sql('SELECT 1 FROM briefing_acknowledgements WHERE briefing_id = $1 AND organisation_id = $2', [b.id, organisationId])).toHaveLength(1);
      } else {
        expectCode(result, 'acknowledgeBriefing', codes(cell.expected));
        expect(await footprint(b.id)).toEqual(before);
      }
      return;
    }
    case 'forward (allowed target)':
    case 'forward (refused target)': {
      const targets = FORWARD_TARGETS[cell.level];
      const slug = cell.op === 'forward (allowed target)' ? targets.inside : targets.outside;
      const target = slug === 'own' ? ownOrganisationOr(cell.kind, 'lantern-lawyers') : org[slug]!;
      const before = await footprint(b.id);
      const result = await client.gql('mutation($id: ID!, $o: [ID!]!) { forwardBriefing(id: $id, input: { organisationIds: $o }) { id } }', { id: b.id, o: [target] });
      if (cell.expected === 'ok') {
        expect(result.errors).toBeUndefined();
        expect(result.data!['forwardBriefing'].id).toBe(b.id);
        if (cell.level !== 'CLEAR') {
          // The target now holds a grant (CLEAR already reaches everyone: adding one is not required).
          expect(await sql(`SELECT 1 FROM briefing_audience WHERE briefing_id = $1 AND kind = 'ORGANISATION' AND principal_id = $2`, [b.id, target])).toHaveLength(1);
        }
      } else {
        expectCode(result, 'forwardBriefing', codes(cell.expected));
        expect(await footprint(b.id)).toEqual(before);
      }
      return;
    }
  }
}

const label = (e: Expected) => (typeof e === 'object' ? `refused (${e.refused.join('|')})` : e);
/**
 * Reads first, then acknowledgements, then refused forwards, then allowed ones: an allowed forward
 * adds a grant, which must not make an earlier cell pass or fail for the wrong reason.
 */
const PHASE: Record<Op, number> = {
  list: 0, get: 0, search: 0, count: 0, download: 0, acknowledge: 1, 'forward (refused target)': 2, 'forward (allowed target)': 3,
};
const byPhase = (cells: Cell[]) => [...cells].sort((a, b) => PHASE[a.op] - PHASE[b.op]);

const PUBLISHED_TABLE: Cell[] = byPhase(
  LEVELS.flatMap((level) =>
    KINDS.flatMap((kind) =>
      OPS.map((op): Cell => {
        const expected = expectedPublished(level, kind, op);
        return { label: `${level} · ${kind} · ${op} → ${label(expected)}`, kind, op, level, expected, fixture: () => published[level] };
      }),
    ),
  ),
);

const HIDDEN_OPS: Op[] = ['list', 'get', 'search', 'count', 'download', 'acknowledge', 'forward (allowed target)'];
const HIDDEN_TABLE: Cell[] = byPhase(
  HIDDEN_STATUSES.flatMap((status) =>
    LEVELS.flatMap((level) =>
      KINDS.flatMap((kind) =>
        HIDDEN_OPS.map((op): Cell => {
          const expected = expectedHidden(kind, op);
          return {
            label: `${status} ${level} · ${kind} · ${op} → ${label(expected)}`, kind, op, level, expected,
            fixture: () => hidden[`${status} ${level}`],
          };
        }),
      ),
    ),
  ),
);

describe('published briefings: TLP level × kind of user × operation', () => {
  it.each(PUBLISHED_TABLE.map((cell) => [cell.label, cell] as const))('%s', async (_label, cell) => {
    await runCell(cell);
  });

  it('covers every level, kind and operation', () => {
    expect(PUBLISHED_TABLE).toHaveLength(LEVELS.length * KINDS.length * OPS.length);
    expect(new Set(PUBLISHED_TABLE.map((c) => c.label)).size).toBe(PUBLISHED_TABLE.length);
  });
});

describe('drafts and retracted briefings exist for their source alone', () => {
  it.each(HIDDEN_TABLE.map((cell) => [cell.label, cell] as const))('%s', async (_label, cell) => {
    await runCell(cell);
  });
});

describe('the operator', () => {
  it('sees, as a signed-in user, exactly the published CLEAR briefings and nothing of any other level', async () => {
    const clear = (await sql(`SELECT id FROM briefings WHERE tlp = 'CLEAR' AND status = 'PUBLISHED'`)).map((r) => r.id as string);
    expect(clear.length).toBeGreaterThan(0);
    const listed = ids(await clients.operator.gql('{ briefings(first: 100) { edges { node { id } } } }'));
    expect([...listed].sort()).toEqual([...clear].sort());
    for (const level of ['RED', 'AMBER_STRICT', 'AMBER', 'GREEN']) {
      const counted = await clients.operator.gql(`{ briefingCount(filter: { tlp: ${level} }) }`);
      expect({ level, count: counted.data!['briefingCount'] }).toEqual({ level, count: 0 });
      for (const status of ['PUBLISHED', 'DRAFT', 'RETRACTED']) {
        expect(ids(await clients.operator.gql(`{ briefings(first: 100, filter: { tlp: ${level}, status: ${status} }) { edges { node { id } } } }`))).toEqual([]);
      }
    }
    expect((await clients.operator.gql('{ briefingCount(filter: { tlp: CLEAR }) }')).data!['briefingCount']).toBe(clear.length);
  });
});

describe('the public feed', () => {
  it('carries exactly the published CLEAR briefings, as JSON Feed and Atom, without a session', async () => {
    // A CLEAR briefing tightened to GREEN must leave the feed.
    const tightened = await writeBriefing(clients.author, { organisationId: org['lantern-lawyers']!, tlp: 'CLEAR', title: 'Tightened later' });
    const classified = await clients.author.gql(`mutation($id: ID!) { classifyBriefing(id: $id, input: { tlp: GREEN }) { tlp } }`, { id: tightened });
    expect(classified.errors).toBeUndefined();

    const expected = (await sql(`SELECT id FROM briefings WHERE tlp = 'CLEAR' AND status = 'PUBLISHED' ORDER BY listed_at DESC, id DESC`)).map((r) => r.id as string);
    expect(expected).toContain(published.CLEAR.id);
    expect(expected.length).toBeLessThan(50); // the feed's page: all of them fit

    const json = await fetch(`${t.url}/public/briefings.json`);
    expect(json.status).toBe(200);
    const feed = (await json.json()) as { items: { id: string }[] };
    expect(feed.items.map((i) => i.id)).toEqual(expected);

    const atom = await fetch(`${t.url}/public/briefings.atom`);
    expect(atom.status).toBe(200);
    const text = await atom.text();
    expect([...text.matchAll(/<id>urn:uuid:([0-9a-f-]{36})<\/id>/g)].map((m) => m[1])).toEqual(expected);

    const everythingElse = (await sql(`SELECT id, title FROM briefings WHERE NOT (tlp = 'CLEAR' AND status = 'PUBLISHED')`)) as { id: string; title: string }[];
    expect(everythingElse.map((b) => b.id)).toContain(tightened);
    for (const other of everythingElse) {
      expect(JSON.stringify(feed)).not.toContain(other.id);
      expect(text).not.toContain(other.id);
      expect(text).not.toContain(other.title);
    }
  });
});

// BUG: decideShareRequest writes a second audit entry into the requesting (recipient) organisation's log
// with actorUserId = whoever of the source decided — for a briefing published on behalf that may be the
// originating organisation's admin or author, whose id the recipient's admin then reads in auditLog.
// Proposed fix (share-request.service.ts, decide): record that entry with `actorUserId: null`.
describe('publishing on behalf', () => {
  it('never shows the originating organisation to recipients: not in get, list, search, counts, errors or their audit log', async () => {
    const origin = org['lantern-lawyers']!;
    const trusted = org['rights-relay']!;
    const ines = await t.signIn('ines@demo.invalid'); // admin of rights-relay, the trusted organisation
    const kerem = await t.signIn(ROLES.otherOrgAdmin); // admin of open-press-desk, a recipient
    const selin = clients.recipientOrgMember;
    const word = 'zqonbehalf';
    const id = await writeBriefing(clients.authorColleague, {
      organisationId: origin, publishAsOrganisationId: trusted, tlp: 'AMBER_STRICT', title: `Trial monitoring ${word}`,
      audience: { organisationIds: [org['open-press-desk']!] }, publish: false,
    });
    const uploaded = await uploadAttachment(t, clients.authorColleague.token, id);
    expect(uploaded.status).toBe(201);
    const attachmentId = ((await uploaded.json()) as { id: string }).id;
    expect((await ines.gql('mutation($id: ID!) { publishBriefing(id: $id) { status } }', { id })).data).toEqual({ publishBriefing: { status: 'PUBLISHED' } });

    // What identifies the originating organisation: its id, its name, its people.
    const people = await sql<{ id: string; display_name: string }>('SELECT u.id, u.display_name FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.organisation_id = $1', [origin]);
    const [{ name: originName }] = await sql<{ name: string }>('SELECT name FROM organisations WHERE id = $1', [origin]);
    const secrets: [string, string][] = [
      [origin, 'the id of lantern-lawyers'], [originName, 'its name'], ['Lantern', 'its name'],
      ...people.flatMap((p): [string, string][] => [[p.id, `the user id of ${p.display_name} (lantern-lawyers)`], [p.display_name, `${p.display_name} (lantern-lawyers)`]]),
    ];
    const responses: { what: string; body: unknown }[] = [];
    const seen = async (what: string, body: unknown) => {
      responses.push({ what, body });
      return body;
    };
    const FIELDS = 'id title summary bodyMarkdown bodyHtml tlp status revision handling organisation { id name } viewerHasRead source { authorUserId originOrganisation { id name } audience { userIds organisationIds networkIds networkWithPartnersIds } }';
    // Within the query-cost limit for a connection (the full set above is refused there as too costly;
    // `source` is null for recipients, which the look-up above shows with every field).
    const NODE_FIELDS = 'id title summary bodyMarkdown bodyHtml tlp status revision handling organisation { id name } viewerHasRead source { authorUserId }';

    for (const [who, client] of [['kerem', kerem], ['selin', selin]] as const) {
      const got = (await seen(`${who} get`, await client.gql(`query($id: ID!) { briefing(id: $id) { ${FIELDS} } }`, { id }))) as Result;
      expect(got.data!['briefing'].organisation).toEqual({ id: trusted, name: 'Rights Relay e.V.' });
      expect(got.data!['briefing'].source).toBeNull();
      // The list holds other briefings of lantern-lawyers in its own name; this one's node is what counts.
      const listed = await client.gql(`{ briefings(filter: { tlp: AMBER_STRICT }) { edges { node { ${NODE_FIELDS} } } } }`);
      expect(listed.errors).toBeUndefined();
      expect(ids(listed)).toContain(id);
      await seen(`${who} list`, (listed.data!['briefings'] as Edges).edges.filter((e) => e.node.id === id));
      const searched = (await seen(`${who} search`, await client.gql(`query($q: String!) { briefings(filter: { text: $q }) { edges { node { ${NODE_FIELDS} } } } }`, { q: word }))) as Result;
      expect({ errors: searched.errors, ids: ids(searched) }).toEqual({ errors: undefined, ids: [id] });
      // Filtering by the originating organisation does not find it, so it cannot be probed for either.
      const byOrigin = await client.gql('query($o: ID!) { briefings(first: 100, filter: { organisationId: $o }) { edges { node { id } } } briefingCount(filter: { organisationId: $o }) }', { o: origin });
      // (lantern-lawyers' own briefings are found; this one is not, and is not counted.)
      expect(byOrigin.errors).toBeUndefined();
      expect(ids(byOrigin)).not.toContain(id);
      expect(byOrigin.data!['briefingCount']).toBe(ids(byOrigin).length);
      await seen(`${who} revisions`, await client.gql('query($id: ID!) { briefingRevisions(id: $id) { revision title bodyMarkdown tlp } }', { id }));
      await seen(`${who} attachments`, await client.gql('query($id: ID!) { briefingAttachments(id: $id) { id filename downloadPath } }', { id }));
      const download = await downloadAttachment(t, client.token, attachmentId);
      expect(download.status).toBe(200);
      await seen(`${who} download headers`, Object.fromEntries(download.headers.entries()));
      await seen(`${who} markRead`, await client.gql(`mutation($id: ID!) { markBriefingRead(id: $id) { ${FIELDS} } }`, { id }));
      const receipts = (await seen(`${who} receipts`, await client.gql('query($id: ID!) { briefingReceipts(id: $id) { organisation { id name } readers { userId displayName } } }', { id }))) as Result;
      expect(codeOf(receipts)).toBe('FORBIDDEN');
      for (const refused of ['publishBriefing', 'retractBriefing']) {
        const result = (await seen(`${who} ${refused}`, await client.gql(`mutation($id: ID!) { ${refused}(id: $id) { id } }`, { id }))) as Result;
        expect(codeOf(result)).toBe('FORBIDDEN');
      }
      await seen(`${who} classify`, await client.gql('mutation($id: ID!) { classifyBriefing(id: $id, input: { tlp: CLEAR }) { id } }', { id }));
      await seen(`${who} forward`, await client.gql('mutation($id: ID!, $o: [ID!]!) { forwardBriefing(id: $id, input: { organisationIds: $o }) { id } }', { id, o: [org['campus-voices']] }));
    }
    await seen('kerem acknowledge', await kerem.gql(`mutation($id: ID!, $o: ID!) { acknowledgeBriefing(id: $id, organisationId: $o) { ${FIELDS} } }`, { id, o: org['open-press-desk'] }));

    // A recipient asks to share wider; the originating organisation's admin decides.
    const asked = (await seen('kerem askToShare', await kerem.gql(
      'mutation($input: AskToShareInput!) { askToShareBriefing(input: $input) { id briefingId requestingOrganisationId organisationIds tlp reason status createdAt decidedAt } }',
      { input: { briefingId: id, organisationId: org['open-press-desk'], organisationIds: [org['workers-ledger']], reason: 'Their lawyers attend the hearing' } },
    ))) as Result;
    const requestId = asked.data!['askToShareBriefing'].id;
    await seen('kerem decide (refused)', await kerem.gql('mutation($r: ID!) { decideShareRequest(requestId: $r, approve: true) { id } }', { r: requestId }));
    const decided = await clients.author.gql('mutation($r: ID!) { decideShareRequest(requestId: $r, approve: true) { status } }', { r: requestId });
    expect(decided.data).toEqual({ decideShareRequest: { status: 'APPROVED' } });
    await seen('kerem shareRequests', await kerem.gql('query($id: ID!) { shareRequests(id: $id) { id briefingId requestingOrganisationId organisationIds tlp reason status createdAt decidedAt } }', { id }));

    // The recipient organisation's audit log (its admin reads it), filtered and not.
    const AUDIT = 'edges { node { id occurredAt actorUserId action organisationId networkId subjectType subjectId metadata } }';
    const ownLog = (await seen('kerem auditLog(open-press-desk)', await kerem.gql(`query($o: ID) { auditLog(organisationId: $o, first: 100) { ${AUDIT} } }`, { o: org['open-press-desk'] }))) as Result;
    expect(ownLog.errors).toBeUndefined();
    expect(ids(ownLog, 'auditLog').length).toBeGreaterThan(0);
    await seen('kerem auditLog', await kerem.gql(`{ auditLog(first: 100) { ${AUDIT} } }`));

    // The source organisations do see the link.
    const forSource = await ines.gql('query($id: ID!) { briefing(id: $id) { source { originOrganisation { id } } } }', { id });
    expect(forSource.data!['briefing'].source.originOrganisation.id).toBe(origin);

    const leaks = responses.flatMap(({ what, body }) => {
      const text = JSON.stringify(body).toLowerCase();
      return secrets.filter(([secret]) => text.includes(secret.toLowerCase())).map(([, name]) => `${what} names ${name}`);
    });
    expect(leaks).toEqual([]);
  });
});

// BUG: acknowledge() checks that the caller may acknowledge the briefing at all (through any grant) and that
// they belong to `organisationId`, but not that the briefing reaches that organisation: a reader who belongs
// to two organisations acknowledges for one the briefing never reached.
// Proposed fix (briefing-reading.service.ts, acknowledge, after the membership check): require a PUBLISHED
// grant that reaches the organisation — EVERYONE, ORGANISATION = it, USER = the caller, or a NETWORK_* grant
// whose network holds it (as MEMBER unless NETWORK_ALL) — else FORBIDDEN.
describe('acknowledging', () => {
  it('is only for an organisation the briefing reaches, also when the reader belongs to several', async () => {
    const briefing = published.AMBER; // reaches open-press-desk (and the named person)
    const selinId = user[PEOPLE.recipientOrgMember.email!]!;
    const second = org['quiet-harbour']!;
    await sql(`INSERT INTO memberships (id, user_id, organisation_id, role) VALUES (gen_random_uuid(), $1, $2, 'MEMBER')`, [selinId, second]);
    try {
      const before = await footprint(briefing.id);
      const result = await clients.recipientOrgMember.gql('mutation($id: ID!, $o: ID!) { acknowledgeBriefing(id: $id, organisationId: $o) { id } }', { id: briefing.id, o: second });
      const stored = await sql('SELECT organisation_id FROM briefing_acknowledgements WHERE briefing_id = $1 AND organisation_id = $2', [briefing.id, second]);
      expect({ code: codeOf(result), stored: stored.length }).toEqual({ code: expect.stringMatching(/^(FORBIDDEN|BAD_USER_INPUT)$/), stored: 0 });
      expect(await footprint(briefing.id)).toEqual(before);
    } finally {
      await sql('DELETE FROM briefing_acknowledgements WHERE briefing_id = $1 AND organisation_id = $2', [briefing.id, second]);
      await sql('DELETE FROM memberships WHERE user_id = $1 AND organisation_id = $2', [selinId, second]);
    }
  });
});

// ---- 50 of 100,000 ----------------------------------------------------------------------------------
const SEEDED = 100_000;
interface Statement {
  sql: string;
  parameters: unknown[];
}
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];
const touchesBriefings = (s: Statement) => /\bbriefings\b/.test(s.sql);
const isPage = (s: Statement) => /FROM "briefings" "b"/.test(s.sql) && /ORDER BY/.test(s.sql) && /LIMIT \d+/.test(s.sql);
const short = (s: Statement) => s.sql.replace(/\s+/g, ' ').slice(0, 140);

/** Every statement the app sends through its DataSource while `work` runs (the app runs in this process). */
async function statementsDuring(work: () => Promise<unknown>): Promise<Statement[]> {
  const logger: Logger = t.dataSource.logger;
  const original = logger.logQuery;
  const seen: Statement[] = [];
  logger.logQuery = function (this: Logger, query: string, parameters?: unknown[], queryRunner?: QueryRunner) {
    seen.push({ sql: query, parameters: parameters ?? [] });
    return original.call(this, query, parameters, queryRunner);
  };
  try {
    await work();
  } finally {
    logger.logQuery = original;
  }
  // The outbox relay polls on a timer (in a transaction of its own), and a session's last_seen_at is
  // written at most once a minute: neither is the list's work. The list itself opens no transaction.
  return seen.filter((s) =>
    !/\boutbox_events\b/.test(s.sql) && !/^\s*UPDATE sessions SET last_seen_at/.test(s.sql) && !/^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)\b/i.test(s.sql));
}

describe('listing 50 of 100,000 briefings with the permission filter', () => {
  const report: string[] = [];
  afterAll(() => {
    if (process.env['BRIEFINGS_PERF_REPORT']) process.stdout.write(`\n${report.join('\n')}\n`);
  });

  beforeAll(async () => {
    const started = Date.now();
    // One statement: the briefings, and the grant rows their level implies (AUTHOR; PUBLISHER unless
    // RED; EVERYONE for CLEAR; one recipient grant as the level allows), with the status copied.
    // Per ten: what selin (member of open-press-desk, a kestrel member) may read is marked ✓.
    await sql(
      `WITH plan AS MATERIALIZED (
         SELECT md5('seeded-briefing-' || g)::uuid AS id, g, g % 10 AS k FROM generate_series(1, ${SEEDED}) g
       ), spec AS MATERIALIZED (
         SELECT id, g,
           (ARRAY['RED', 'RED', 'AMBER_STRICT', 'AMBER', 'AMBER', 'GREEN', 'GREEN', 'CLEAR', 'AMBER_STRICT', 'AMBER'])[k + 1] AS tlp,
           CASE WHEN k = 9 THEN 'DRAFT' ELSE 'PUBLISHED' END AS status,
           CASE WHEN k IN (6, 8) THEN $1::uuid ELSE $2::uuid END AS author,
           CASE WHEN k IN (6, 8) THEN $3::uuid ELSE $4::uuid END AS publisher,
           CASE k WHEN 0 THEN 'USER' WHEN 1 THEN 'USER' WHEN 2 THEN 'ORGANISATION' WHEN 3 THEN 'ORGANISATION' WHEN 4 THEN 'ORGANISATION'
                  WHEN 5 THEN 'NETWORK_MEMBERS' WHEN 6 THEN 'NETWORK_ALL' WHEN 8 THEN 'ORGANISATION' WHEN 9 THEN 'ORGANISATION' END AS recipient_kind,
           CASE k WHEN 0 THEN $5::uuid   -- RED to tomas
                  WHEN 1 THEN $6::uuid   -- RED to selin ✓
                  WHEN 2 THEN $7::uuid   -- AMBER_STRICT to open-press-desk ✓
                  WHEN 3 THEN $8::uuid   -- AMBER to campus-voices
                  WHEN 4 THEN $7::uuid   -- AMBER to open-press-desk ✓
                  WHEN 5 THEN $9::uuid   -- GREEN to kestrel-network members ✓
                  WHEN 6 THEN $10::uuid  -- GREEN by quiet-harbour to harbour-group with partners
                  WHEN 8 THEN $3::uuid   -- AMBER_STRICT by quiet-harbour to itself
                  WHEN 9 THEN $7::uuid   -- a DRAFT for open-press-desk
                  END AS recipient      -- 7: CLEAR ✓
         FROM plan
       ), inserted AS (
         INSERT INTO briefings (id, author_user_id, publisher_organisation_id, title, summary, body, language, tags, tlp, status, revision, published_at, updated_at)
         SELECT id, author, publisher, 'Seeded briefing ' || g, '', 'Seeded body', 'en', '{}', tlp, status,
                CASE WHEN status = 'DRAFT' THEN 0 ELSE 1 END,
                CASE WHEN status = 'DRAFT' THEN NULL ELSE now() - make_interval(secs => g) END, now()
         FROM spec
         RETURNING id
       )
       INSERT INTO briefing_audience (briefing_id, kind, principal_id, status)
       SELECT s.id, x.kind, x.principal, s.status
       FROM spec s JOIN inserted i ON i.id = s.id
       CROSS JOIN LATERAL (VALUES ('AUTHOR', s.author),
                                  (CASE WHEN s.tlp <> 'RED' THEN 'PUBLISHER' END, s.publisher),
                                  (CASE WHEN s.tlp = 'CLEAR' THEN 'EVERYONE' END, '00000000-0000-0000-0000-000000000000'::uuid),
                                  (s.recipient_kind, s.recipient)) AS x (kind, principal)
       WHERE x.kind IS NOT NULL`,
      [
        user[PEOPLE.otherNetwork.email!], user[PEOPLE.author.email!], org['quiet-harbour'], org['lantern-lawyers'],
        user[PEOPLE.namedRecipient.email!], user[PEOPLE.recipientOrgMember.email!], org['open-press-desk'], org['campus-voices'],
        net['kestrel-network'], net['harbour-group'],
      ],
    );
    const seeded = Date.now() - started;
    await sql('ANALYZE briefings');
    await sql('ANALYZE briefing_audience');
    const [counts] = await sql(`SELECT (SELECT count(*)::int FROM briefings) AS briefings, (SELECT count(*)::int FROM briefing_audience) AS grants`);
    report.push(`seeded ${SEEDED} briefings in one statement in ${seeded} ms (+ANALYZE ${Date.now() - started - seeded} ms); now ${counts.briefings} briefings, ${counts.grants} grant rows`);
    expect(seeded).toBeLessThan(20_000);
  }, 60_000);

  const LIST = (first: number) => `{ briefings(first: ${first}) { edges { node { id title tlp organisation { name } viewerHasRead source { authorUserId } } } pageInfo { hasNextPage endCursor } } }`;

  it('loads the page of a recipient with one statement, on an index, plus a fixed number of batched look-ups', async () => {
    const selin = clients.recipientOrgMember;
    await selin.gql(LIST(50)); // warm: the first request of a session may do more (caches)
    let result: Result | undefined;
    const statements = await statementsDuring(async () => (result = await selin.gql(LIST(50))));
    expect(result!.errors).toBeUndefined();
    const listed = ids(result!);
    expect(listed).toHaveLength(50);

    // The page is what selin may read, newest first — checked against how the rows were seeded
    // (every tenth briefing g with g % 10 in 1, 2, 4, 5, 7 is hers), not against the rules.
    const k = `(substring(b.title from 17)::int % 10)`;
    const seededListed = await sql<{ id: string; k: number }>(`SELECT b.id, ${k} AS k FROM briefings b WHERE b.id = ANY($1::uuid[]) AND b.title LIKE 'Seeded briefing %'`, [listed]);
    expect(seededListed.filter((r) => ![1, 2, 4, 5, 7].includes(r.k))).toEqual([]);
    const newerReadable = await sql<{ id: string }>(
      `SELECT b.id FROM briefings b WHERE b.title LIKE 'Seeded briefing %' AND b.status = 'PUBLISHED' AND ${k} IN (1, 2, 4, 5, 7)
         AND b.listed_at >= (SELECT min(listed_at) FROM briefings WHERE id = ANY($1::uuid[]))`, [listed]);
    expect(newerReadable.map((r) => r.id).filter((id) => !listed.includes(id))).toEqual([]);
    expect(seededListed.length).toBeGreaterThan(40);

    const pages = statements.filter(isPage);
    const onBriefings = statements.filter(touchesBriefings);
    report.push(`recipient briefings(first: 50): ${statements.length} statements; ${onBriefings.length} touch briefings; ${pages.length} load the page`);
    for (const s of statements) report.push(`  · ${short(s)}`);
    expect(pages).toHaveLength(1);
    // Any other statement on briefings is one batched look-up by the page's ids, not one per row.
    for (const s of onBriefings.filter((x) => !isPage(x))) expect(s.sql).toMatch(/= ANY\(/);

    // The number of statements does not grow with the page.
    const small = await statementsDuring(() => selin.gql(LIST(5)));
    report.push(`recipient briefings(first: 5): ${small.length} statements`);
    expect(statements.length).toBe(small.length);

    // The page's plan uses an index on briefings, never a sequential scan.
    const page = pages[0]!;
    const [explained] = await sql<{ 'QUERY PLAN': { Plan: PlanNode; 'Execution Time': number }[] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${page.sql}`, page.parameters);
    const plan = explained!['QUERY PLAN'][0]!;
    const nodes = flatten(plan.Plan);
    const nodeLabel = (n: PlanNode) => `${n['Node Type']}${n['Relation Name'] ? ` on ${n['Relation Name']}` : ''}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}`;
    report.push(`plan (${plan['Execution Time']} ms): ${nodes.map(nodeLabel).join(' > ')}`);
    report.push(`page SQL: ${page.sql.replace(/\s+/g, ' ')}`);
    expect(nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'briefings').map(nodeLabel)).toEqual([]);
    expect(nodes.some((n) => /Index/.test(n['Node Type']) && n['Relation Name'] === 'briefings')).toBe(true);
    expect(nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'briefing_audience').map(nodeLabel)).toEqual([]);
  });

  // BUG: BriefingPresenter.present() loads the audience of every briefing the caller is a source of with its
  // own statement (recipientGrants per row), so the author's page of 50 costs 50 more statements than one of 5.
  // Proposed fix: one `SELECT briefing_id, kind, principal_id FROM briefing_audience WHERE briefing_id =
  // ANY($1::uuid[]) AND kind IN (…)` for the page's source ids, grouped by briefing (recipientGrantsOf).
  it('loads the page of the source (the author) without a statement per briefing', async () => {
    const author = clients.author;
    await author.gql(LIST(50));
    const fifty = await statementsDuring(() => author.gql(LIST(50)));
    const five = await statementsDuring(() => author.gql(LIST(5)));
    report.push(`author briefings(first: 50): ${fifty.length} statements; briefings(first: 5): ${five.length} statements`);
    const shapes = new Map<string, number>();
    for (const st of fifty) shapes.set(short(st), (shapes.get(short(st)) ?? 0) + 1);
    for (const [shape, n] of shapes) report.push(`  ${n} × ${shape}`);
    expect(fifty.filter(isPage)).toHaveLength(1);
    expect(fifty.length).toBe(five.length);
  });
});
