// Role × action for joint statements (SECURITY.md 16–18; PRODUCT.md "Who is who"). One table: each
// row is a caller, an action on a fresh statement in the state the action needs, and what must
// happen. A refusal carries the right code and changes no row; what a caller may not read does
// not exist for them (NOT_FOUND); a caller who may read but not act gets FORBIDDEN.
import { Reflector } from '@nestjs/core';
import { type FieldPolicy, PUBLIC_KEY, REQUIRES_KEY } from '@sw/authz';
import { StatementDraftingResolver, StatementResolver, StatementSigningResolver } from '@sw/statements';
import { codeOf, startTestApp, type TestApp } from './support/test-app.js';
import { type Cast, castOf, type Made, ok, ops, snapshot, type Status, statementIn } from './support/statements-fixture.js';

let t: TestApp;
let cast: Cast;
beforeAll(async () => {
  t = await startTestApp();
  cast = await castOf(t);
});
afterAll(() => t.close());

const ROLES = ['lead', 'drafter', 'invitedAdmin', 'invitedMember', 'outsider', 'partner', 'operator', 'anonymous'] as const;
type Role = (typeof ROLES)[number];
/** The organisation each role would act for. */
const ORG_OF: Record<Role, string> = {
  lead: 'lantern-lawyers', drafter: 'open-press-desk', invitedAdmin: 'rights-relay', invitedMember: 'rights-relay',
  outsider: 'campus-voices', partner: 'workers-ledger', operator: 'lantern-lawyers', anonymous: 'lantern-lawyers',
};
type Outcome = 'ok' | 'listed' | 'absent' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND';

interface Action {
  name: string;
  status: Status;
  /** Signatures made before the action, by organisation slug. */
  signedBy?: string[];
  request: (made: Made, role: Role) => { query: string; variables: Record<string, unknown> };
  /** For a list: whether the statement is among the nodes. */
  listed?: (data: Record<string, unknown>, made: Made) => boolean;
  expected: Partial<Record<Role, Outcome>> & { rest: Outcome };
}

const orgOf = (role: Role) => cast.org[ORG_OF[role]]!;
const actions: Action[] = [
  {
    name: 'read draft (drafting)', status: 'DRAFTING',
    request: (m) => ({ query: ops.read, variables: { id: m.id } }),
    expected: { lead: 'ok', drafter: 'ok', invitedAdmin: 'NOT_FOUND', invitedMember: 'NOT_FOUND', anonymous: 'UNAUTHENTICATED', rest: 'NOT_FOUND' },
  },
  {
    name: 'read draft (open for signature)', status: 'OPEN_FOR_SIGNATURE',
    request: (m) => ({ query: ops.read, variables: { id: m.id } }),
    expected: { lead: 'ok', drafter: 'ok', invitedAdmin: 'ok', invitedMember: 'ok', anonymous: 'UNAUTHENTICATED', rest: 'NOT_FOUND' },
  },
  {
    name: 'list statements (open for signature)', status: 'OPEN_FOR_SIGNATURE',
    request: () => ({ query: '{ statements(first: 100) { edges { node { id } } } }', variables: {} }),
    listed: (data, m) => (data.statements as { edges: { node: { id: string } }[] }).edges.some((e) => e.node.id === m.id),
    expected: { lead: 'listed', drafter: 'listed', invitedAdmin: 'listed', invitedMember: 'listed', anonymous: 'UNAUTHENTICATED', rest: 'absent' },
  },
  {
    name: 'comment', status: 'OPEN_FOR_SIGNATURE',
    request: (m) => ({ query: ops.comment, variables: { input: { statementId: m.id, revisionId: m.revisionId, body: 'Paragraph two is too long.' } } }),
    expected: { lead: 'ok', drafter: 'ok', invitedAdmin: 'ok', invitedMember: 'ok', anonymous: 'UNAUTHENTICATED', rest: 'NOT_FOUND' },
  },
  {
    name: 'save a revision', status: 'OPEN_FOR_SIGNATURE',
    request: (m) => ({ query: ops.save, variables: { input: { statementId: m.id, baseRevisionId: m.revisionId, texts: [{ language: 'en', body: 'Reworded.' }] } } }),
    expected: { lead: 'ok', drafter: 'ok', invitedAdmin: 'FORBIDDEN', invitedMember: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED', rest: 'NOT_FOUND' },
  },
  {
    name: 'sign for own organisation', status: 'OPEN_FOR_SIGNATURE',
    request: (m, role) => ({ query: ops.sign, variables: { input: { statementId: m.id, organisationId: orgOf(role), revisionId: m.revisionId } } }),
    expected: { lead: 'ok', drafter: 'FORBIDDEN', invitedAdmin: 'ok', invitedMember: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED', rest: 'NOT_FOUND' },
  },
  {
    name: 'decline for own organisation', status: 'OPEN_FOR_SIGNATURE',
    request: (m, role) => ({ query: ops.decline, variables: { input: { statementId: m.id, organisationId: orgOf(role), reason: 'Outside our mandate' } } }),
    expected: { lead: 'ok', drafter: 'FORBIDDEN', invitedAdmin: 'ok', invitedMember: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED', rest: 'NOT_FOUND' },
  },
  {
    name: 'publish', status: 'CLOSED',
    request: (m) => ({ query: ops.publish, variables: { input: { statementId: m.id, revisionId: m.revisionId } } }),
    expected: { lead: 'ok', drafter: 'FORBIDDEN', invitedAdmin: 'FORBIDDEN', invitedMember: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED', rest: 'NOT_FOUND' },
  },
  {
    name: 'withdraw the statement', status: 'OPEN_FOR_SIGNATURE',
    request: (m) => ({ query: ops.withdraw, variables: { id: m.id } }),
    expected: { lead: 'ok', drafter: 'FORBIDDEN', invitedAdmin: 'FORBIDDEN', invitedMember: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED', rest: 'NOT_FOUND' },
  },
  {
    name: "withdraw own organisation's signature", status: 'OPEN_FOR_SIGNATURE', signedBy: ['lantern-lawyers', 'rights-relay'],
    request: (m, role) => ({ query: ops.withdrawSignature, variables: { s: m.id, o: orgOf(role) } }),
    expected: { lead: 'ok', drafter: 'FORBIDDEN', invitedAdmin: 'ok', invitedMember: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED', rest: 'NOT_FOUND' },
  },
  {
    name: 'export draft', status: 'OPEN_FOR_SIGNATURE',
    request: (m) => ({ query: ops.export, variables: { id: m.id, format: 'MARKDOWN' } }),
    expected: { lead: 'ok', drafter: 'ok', invitedAdmin: 'FORBIDDEN', invitedMember: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED', rest: 'NOT_FOUND' },
  },
  {
    name: 'read published', status: 'PUBLISHED',
    request: (m) => ({ query: ops.read, variables: { id: m.id } }),
    expected: { anonymous: 'UNAUTHENTICATED', rest: 'ok' },
  },
  {
    name: 'export published', status: 'PUBLISHED',
    request: (m) => ({ query: ops.export, variables: { id: m.id, format: 'HTML' } }),
    expected: { anonymous: 'UNAUTHENTICATED', rest: 'ok' },
  },
];

const table = actions.flatMap((action) => ROLES.map((role) => [action.name, role, action.expected[role] ?? action.expected.rest, action] as const));

describe('role × action', () => {
  it.each(table)('%s · %s → %s', async (_name, role, expected, action) => {
    const made = await statementIn(t, cast, action.status);
    for (const slug of action.signedBy ?? []) {
      const signer = slug === 'lantern-lawyers' ? cast.as.lead : cast.as.invitedAdmin;
      await ok(signer, ops.sign, { input: { statementId: made.id, organisationId: cast.org[slug], revisionId: made.revisionId } });
    }
    const { query, variables } = action.request(made, role);
    const before = await snapshot(t);
    const result = await (role === 'anonymous' ? cast.as.anonymous : cast.as[role]).gql(query, variables);
    const after = await snapshot(t);

    if (expected === 'ok' || expected === 'listed' || expected === 'absent') {
      expect(result.errors).toBeUndefined();
      expect(Object.values(result.data ?? {})[0]).not.toBeNull();
      if (action.listed) expect(action.listed(result.data!, made) ? 'listed' : 'absent').toBe(expected);
      const isMutation = query.trimStart().startsWith('mutation');
      if (isMutation) expect(after).not.toEqual(before);
    } else {
      expect({ code: codeOf(result), errors: result.errors?.length }).toEqual({ code: expected, errors: 1 });
      expect(result.data ?? null).toBeNull();
      expect(after).toEqual(before);
      // A refusal names nothing the caller may not see.
      expect(result.errors![0]!.message).not.toContain('Release the detained');
    }
  });

  it('covers every role for every action', () => {
    expect(actions.every((action) => ROLES.every((role) => (action.expected[role] ?? action.expected.rest) !== undefined))).toBe(true);
    expect(new Set(table.map(([name]) => name)).size * ROLES.length).toBe(table.length);
  });

  it('serves a published statement to anonymous readers through the public feed only, and a draft not at all', async () => {
    const published = await statementIn(t, cast, 'PUBLISHED');
    const draft = await statementIn(t, cast, 'CLOSED');
    const get = (path: string) => fetch(`${t.url}${path}`);
    expect((await get(`/public/statements/${published.id}.md`)).status).toBe(200);
    expect((await get(`/public/statements/${draft.id}.md`)).status).toBe(404);
    const feed = (await (await get('/public/statements.json')).json()) as { statements: { id: string }[] };
    expect(feed.statements.map((s) => s.id)).toContain(published.id);
    expect(feed.statements.map((s) => s.id)).not.toContain(draft.id);
  });
});

describe('the schema', () => {
  it('has a policy (and is not public) on every statement root field', () => {
    const reflector = new Reflector();
    const fields: [string, FieldPolicy | undefined, boolean][] = [];
    for (const resolver of [StatementResolver, StatementDraftingResolver, StatementSigningResolver]) {
      const proto = resolver.prototype as unknown as Record<string, () => unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name]!;
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const isRoot = ['Query', 'Mutation'].includes(Reflect.getMetadata('graphql:resolver_type', handler));
        if (!isRoot) continue;
        fields.push([name, reflector.get<FieldPolicy | undefined>(REQUIRES_KEY, handler), reflector.get<boolean | undefined>(PUBLIC_KEY, handler) === true]);
      }
    }
    expect(fields.length).toBeGreaterThan(20);
    expect(fields.filter(([, policy, isPublic]) => !policy || isPublic).map(([name]) => name)).toEqual([]);
  });
});
