// Issue 8, "Authorization matrix, generated": every Query and Mutation root field of
// apps/api/schema.graphql × every kind of attacker, against the built app (a child process on its
// own database; nothing mocked), on things of the victim (lantern-lawyers, see support/world.ts)
// that none of them may reach.
//
// Each cell asserts:
//   - the refusal: UNAUTHENTICATED for anonymous and the revoked session; NOT_FOUND or FORBIDDEN
//     for everyone else on the victim's things (an empty list or zero for lists and counts);
//   - no existence oracle: the same operation with the victim's ids replaced by ids that exist
//     nowhere answers with the same code;
//   - no foreign data: none of the victim's ids, marked texts or invitees in the serialised answer
//     (apart from what the caller sent);
//   - no change: a fingerprint of every table (volatile ones aside) is the same before and after.
// Operations on the caller's own account ("self") may succeed; they must leave the victim untouched.
// Exceptions by design (the operator founding a network, anyone asking another organisation to
// publish on their behalf) are written next to the entry that has them, with the reason.
// Afterwards, the control: the victim sending the same operations gets past every look-up, so each
// refusal above is the authorization answering, not a malformed argument. A root field without an
// entry fails the suite ("the matrix covers the schema"). The operations live in support/operations.ts.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildSchema, type OperationDefinitionNode, parse } from 'graphql';
import { type Code, type Entry, MATRIX, type Op, passwordOf, self, useWorld } from './support/operations.js';
import { type Client, codeOf, type GraphqlResult, startTarget, type Target } from './support/target.js';
import { ACTOR_EMAIL, ACTORS, type Actor, buildWorld, leaked, MARK, type World } from './support/world.js';

let t: Target;
let w: World;
beforeAll(async () => {
  t = await startTarget();
  w = await buildWorld(t);
  useWorld(w);
}, 60_000);
afterAll(() => t.stop());


// ---- the cells ----------------------------------------------------------------------------------
interface Cell {
  field: string;
  variant: number;
  actor: Actor;
  entry: Entry;
  op: Op;
}
const CELLS: Cell[] = Object.entries(MATRIX).flatMap(([field, entry]) =>
  entry.ops.flatMap((op, variant) => ACTORS.map((actor) => ({ field, variant, actor, entry, op }))),
);

/** Every table a refused request could change, as one digest per table; volatile bookkeeping aside. */
const VOLATILE = new Set(['sessions', 'audit_log', 'rate_limit_counters', 'outbox_events', 'processed_events', 'socket_io_attachments', 'migrations']);
/** Rows of the caller's own account that "self" operations may change. */
const OWN_ROWS: Record<string, string> = { users: 'id', recovery_codes: 'user_id', workshop_calendar_feeds: 'user_id' };
let tables: string[] = [];
async function fingerprint(ownUserId: string | null): Promise<Record<string, string>> {
  if (tables.length === 0) {
    tables = (await t.sql<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`))
      .map((r) => r.name)
      .filter((name) => !VOLATILE.has(name));
  }
  const parts = tables.map((name) => {
    const own = OWN_ROWS[name] ? ` WHERE x.${OWN_ROWS[name]} <> $1::uuid` : '';
    // Every insert or update writes a tuple with a new xmin; a delete lowers the count.
    return `SELECT '${name}' AS name, count(*)::text || ':' || coalesce(max(x.xmin::text::bigint), 0)::text AS digest FROM ${name} x${own}`;
  });
  parts.push(`SELECT 'victim sessions', string_agg(user_id::text || ':' || id::text, ',' ORDER BY id) FROM sessions WHERE revoked_at IS NULL AND user_id = ANY($2::uuid[])`);
  const rows = await t.sql<{ name: string; digest: string }>(parts.join(' UNION ALL '), [ownUserId ?? '00000000-0000-0000-0000-000000000000', [w.user['deniz'], w.user['ece']]]);
  return Object.fromEntries(rows.map((r) => [r.name, r.digest]));
}

/** The operation with every id of the victim's replaced by one that exists nowhere (the same one each time). */
function ghostOf(variables: Record<string, unknown>): Record<string, unknown> {
  const victimIds = new Set(Object.values(w.id).filter((v) => v !== w.id.kestrel));
  const ghosts = new Map<string, string>();
  const swap = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (victimIds.has(value)) {
        if (!ghosts.has(value)) ghosts.set(value, randomUUID());
        return ghosts.get(value);
      }
      if (value === w.workshopInvitationToken) return 'B'.repeat(43);
      return value;
    }
    if (Array.isArray(value)) return value.map(swap);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v)]));
    return value;
  };
  return swap(variables) as Record<string, unknown>;
}

const REFUSED: Code[] = ['NOT_FOUND', 'FORBIDDEN'];
const numbersIn = (value: unknown): number[] =>
  typeof value === 'number' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(numbersIn) : [];

async function clientFor(cell: Cell): Promise<Client> {
  if (!cell.op.fresh || cell.actor === 'anonymous' || cell.actor === 'revokedSession') return w.as[cell.actor];
  return t.signIn(ACTOR_EMAIL[cell.actor], passwordOf(cell.actor));
}

const label = (cell: Cell) => `${cell.field}${cell.entry.ops.length > 1 ? ` #${cell.variant + 1}` : ''} as ${cell.actor}`;

describe('every root field × every kind of attacker', () => {
  it.each(CELLS.map((cell) => [label(cell), cell] as const))('%s', async (_label, cell) => {
    const { entry, actor } = cell;
    const variables = cell.op.vars?.(actor) ?? {};
    const isMutation = cell.op.doc.trimStart().startsWith('mutation');
    const override = cell.op.except?.[actor] ?? entry.except?.[actor];
    const allowedByDesign = override === 'ok';
    const ownUserId = entry.kind === 'self' ? self(actor) : null;
    const before = isMutation && !allowedByDesign ? await fingerprint(ownUserId) : null;
    const client = await clientFor(cell);
    const result: GraphqlResult = await client.gql(cell.op.doc, variables);
    const code = codeOf(result);
    const problems: string[] = [];
    const expectThat = (ok: boolean, what: string) => {
      if (!ok) problems.push(what);
    };

    // Never an internal error, never a response a client cannot read.
    expectThat(result.status === 200 && code !== 'INTERNAL_SERVER_ERROR', 'an answer with a code, not an internal error');
    if (allowedByDesign) {
      expectThat(result.errors === undefined, 'success (allowed by design)');
    } else if (Array.isArray(override)) {
      expectThat(override.includes(code as Code), `one of ${override.join(', ')}`);
    } else if (entry.kind !== 'public' && (actor === 'anonymous' || actor === 'revokedSession')) {
      expectThat(code === 'UNAUTHENTICATED', 'UNAUTHENTICATED');
    } else if (entry.kind === 'object' || entry.kind === 'create') {
      const refused = [...REFUSED, ...(entry.refusedWith ?? [])];
      expectThat(refused.includes(code as Code) && (result.data ?? null) === null, `refused with ${refused.join(' or ')} and no data`);
      if (problems.length === 0) {
        // The same question about ids that exist nowhere gets the same answer: nothing to learn.
        const ghost = await client.gql(cell.op.doc, ghostOf(variables));
        expectThat(codeOf(ghost) === code, `the same code for ids that exist nowhere, got ${codeOf(ghost)}`);
      }
    } else if (entry.kind === 'list') {
      expectThat(code === undefined || REFUSED.includes(code as Code), `a list or ${REFUSED.join(' or ')}`);
      if (entry.zero && result.data) expectThat(numbersIn(result.data).every((n) => n === 0), 'zero counts');
    }

    // No foreign data: the victim's ids and texts appear nowhere the caller did not put them.
    // (Where the operator may read a network or an organisation by design, only those may appear.)
    const mayShow = allowedByDesign || (actor === 'operator' && entry.kind === 'list' && entry.except?.operator === 'ok') ? [w.id.lantern, w.id.ember, MARK] : [];
    const found = leaked(w, result, variables).filter((secret) => !mayShow.includes(secret));
    expectThat(found.length === 0, `no foreign data, found ${found.join(', ')}`);

    if (before) {
      const after = await fingerprint(ownUserId);
      const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
      expectThat(changed.length === 0, `no change, changed ${changed.join(', ')}`);
    }
    expect({ problems, answer: problems.length ? JSON.stringify(result).slice(0, 600) : '' }).toEqual({ problems: [], answer: '' });
    if (cell.op.fresh && client !== w.as[actor]) {
      await client.gql('mutation { signOut }');
      // revokeAllSessions ended the attacker's other sessions too: sign in again for the cells to come.
      if (codeOf(await w.as[actor].gql('{ me { id } }')) === 'UNAUTHENTICATED') w.as[actor] = await t.signIn(ACTOR_EMAIL[actor as Exclude<Actor, 'anonymous'>], passwordOf(actor));
    }
  });
});

describe('the platform operator', () => {
  // Found by this suite: the operator could appoint itself coordinator of any network and then read
  // the network's threads, moderate them and read its audit log — content it is no audience of
  // (PRODUCT.md: the operator "cannot read content"; SECURITY.md threat model: a compromised operator).
  it('cannot make itself (or another operator account) a network coordinator, and so reads no network thread', async () => {
    const thread = await w.victim.deniz.gql('mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }', {
      input: { spaceKind: 'NETWORK', spaceId: w.id.kestrel, title: `${MARK} network thread` },
    });
    const threadId = thread.data!.createThread.id as string;
    const appointed = await w.as.operator.gql('mutation($n: ID!, $u: ID!) { setNetworkCoordinator(networkId: $n, userId: $u, appointed: true) }', { n: w.id.kestrel, u: w.user['operator'] });
    expect(codeOf(appointed)).toBe('FORBIDDEN');
    expect(await t.sql('SELECT network_id FROM network_coordinators WHERE user_id = $1', [w.user['operator']])).toEqual([]);
    const fresh = await t.signIn('operator@demo.invalid');
    const read = await fresh.gql('query($id: ID!) { thread(threadId: $id) { id title } }', { id: threadId });
    expect(codeOf(read)).toBe('NOT_FOUND');
    expect(leaked(w, read, { id: threadId })).toEqual([]);
    // Appointing someone else stays the operator's job.
    expect((await w.as.operator.gql('mutation($n: ID!, $u: ID!) { setNetworkCoordinator(networkId: $n, userId: $u, appointed: true) }', { n: w.id.ember, u: w.user['deniz'] })).errors).toBeUndefined();
  });
});

describe('after the attacks', () => {
  it('left every thing of the victim as it was, and the victim can still reach all of it', async () => {
    const deniz = w.victim.deniz;
    const read = await deniz.gql(
      `query($b: ID!, $t: ID!, $s: ID!, $w: ID!) {
        briefing(id: $b) { id tlp status } thread(threadId: $t) { id locked resolved retentionDays } statement(id: $s) { id status }
        workshop(id: $w) { id status title organisers { userId } } }`,
      { b: w.id.briefingRed, t: w.id.thread, s: w.id.statement, w: w.id.workshop },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data).toMatchObject({
      briefing: { tlp: 'RED', status: 'PUBLISHED' },
      thread: { locked: false, resolved: false, retentionDays: null },
      statement: { status: 'DRAFTING' },
      workshop: { status: 'OPEN', title: `${MARK} workshop`, organisers: [{ userId: w.user['deniz'] }] },
    });
    const [counts] = await t.sql(
      `SELECT (SELECT count(*)::int FROM messages WHERE thread_id = $1) AS messages,
              (SELECT count(*)::int FROM memberships WHERE organisation_id = $2) AS members,
              (SELECT count(*)::int FROM network_organisations WHERE network_id = $3) AS ember,
              (SELECT count(*)::int FROM users WHERE suspended_at IS NOT NULL) AS suspended`,
      [w.id.thread, w.id.lantern, w.id.ember],
    );
    expect(counts).toEqual({ messages: 3, members: 3, ember: 1, suspended: 0 });
  });
});

// The control: the victim asking the same things gets past the look-up (an answer, or a business
// rule such as CONFLICT), so every refusal above is the authorization speaking, not a broken argument.
// Runs last; what destroys something another operation needs runs at the very end.
const DESTRUCTIVE = [
  'deleteAgendaSession', 'deleteMessage', 'deleteWorkshopTask', 'retractBriefing', 'revokeInvitation', 'withdrawStatementSignature',
  'cancelWorkshopParticipation', 'suspendMember', 'removeMember', 'withdrawStatement', 'removeWorkshopOrganiser', 'setWorkshopStatus', 'revokeSession',
];
/** Who of the victim's side acts: the participant for her own participation, deniz (admin, organiser, lead, author) otherwise. */
const VICTIM_ACTOR: Record<string, 'ece' | 'baran'> = { updateMyWorkshopParticipation: 'ece', acknowledgeMessage: 'ece', respondToWorkshopInvitation: 'baran' };
const CONTROLS = Object.entries(MATRIX)
  .filter(([, entry]) => entry.kind === 'object' || entry.kind === 'create')
  .sort(([a], [b]) => DESTRUCTIVE.indexOf(a) - DESTRUCTIVE.indexOf(b))
  .flatMap(([field, entry]) => entry.ops.map((op, variant) => ({ field, variant, op })));

describe('the control: the victim gets past every look-up', () => {
  const victim: Partial<Record<'deniz' | 'ece' | 'baran', Client>> = {};
  /** Signed in (again: a change of role ends the member's sessions). */
  const as = async (name: 'deniz' | 'ece' | 'baran') => {
    if (!victim[name] || codeOf(await victim[name].gql('{ me { id } }')) === 'UNAUTHENTICATED') victim[name] = await t.signIn(`${name}@demo.invalid`);
    return victim[name];
  };
  it.each(CONTROLS.map((c) => [`${c.field}${c.variant ? ` #${c.variant + 1}` : ''}`, c] as const))('%s', async (_label, { field, op }) => {
    const result = await (await as(VICTIM_ACTOR[field] ?? 'deniz')).gql(op.doc, op.vars?.('otherOrgAdmin') ?? {});
    expect({ field, code: codeOf(result) ?? 'ok' }).not.toMatchObject({ code: expect.stringMatching(/^(NOT_FOUND|UNAUTHENTICATED|INTERNAL_SERVER_ERROR|GRAPHQL_VALIDATION_FAILED)$/) });
  });
});

describe('the matrix', () => {
  const schema = buildSchema(readFileSync(new URL('../../apps/api/schema.graphql', import.meta.url), 'utf8'));
  const rootFields = [schema.getQueryType()!, schema.getMutationType()!].flatMap((type) => Object.keys(type.getFields())).sort();

  it('covers every Query and Mutation field of the schema, and nothing else', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(rootFields);
  });

  it('calls, in each entry, the field the entry is for (one root field per operation)', () => {
    for (const [field, entry] of Object.entries(MATRIX)) {
      for (const op of entry.ops) {
        const [definition] = parse(op.doc).definitions as OperationDefinitionNode[];
        const roots = definition!.selectionSet.selections.map((s) => (s.kind === 'Field' ? s.name.value : '?'));
        expect({ field, roots }).toEqual({ field, roots: [field] });
      }
    }
  });

  it('has as many cells as operations × attackers', () => {
    const operations = Object.values(MATRIX).reduce((sum, entry) => sum + entry.ops.length, 0);
    expect(CELLS.length).toBe(operations * ACTORS.length);
    expect(rootFields.length * ACTORS.length).toBeLessThanOrEqual(CELLS.length);
  });
});
