// Role × action for the identity and audit API (SECURITY.md 8, 16, 17; PRODUCT.md "Who is who").
// One table: each row is a caller, an operation and what must happen. A refusal carries the right
// code, returns no object, and changes no row; what a caller may not read does not exist for them
// (NOT_FOUND); a list holds exactly the rows the caller may see, never a foreign one.
import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLObjectType } from 'graphql';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { Reflector } from '@nestjs/core';
import { type FieldPolicy, PUBLIC_KEY, REQUIRES_KEY } from '@sw/authz';
import { DEMO_PASSWORD } from '@sw/identity';
import { resolvers } from '../apps/api/src/schema.js';
import { type Client, codeOf, type GraphqlResult, ROLES, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
afterAll(() => t.close());

const ROLE_NAMES = [
  'anonymous',
  'operator',
  'adminAndCoordinator',
  'member',
  'otherOrgAdmin',
  'partnerAdmin',
  'otherNetworkAdmin',
  'removedMember',
  'suspendedMember',
  'revokedSession',
] as const;
type Role = (typeof ROLE_NAMES)[number];
type Code = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT';

const PASSPHRASE = 'a long enough fictional passphrase';
const VICTIMS = ['victim-role', 'victim-suspend', 'victim-remove', 'removed', 'suspended', 'victim-user'] as const;
const clients = {} as Record<Role, Client>;
// Looked up (or made through the API) in beforeAll; the table reads them when a row runs.
const id = {
  org: {} as Record<string, string>,
  net: {} as Record<string, string>,
  user: {} as Record<string, string>,
  /** A victim's membership in lantern-lawyers, by the victim's name. */
  membership: {} as Record<string, string>,
  pendingInvitation: '',
  foreignSession: '',
  organisationWithoutAdmin: '',
};

const sql = <T = Record<string, string>>(query: string, params: unknown[] = []): Promise<T[]> => t.dataSource.query(query, params);
const column = async (query: string, params: unknown[] = []) => (await sql<{ id: string }>(query, params)).map((r) => r.id);

/** Who each role is, as facts: what the audit log and the lists must be filtered by. */
const FACTS: Record<Role, { email: string | null; adminOf: string[]; coordinates: string[] }> = {
  anonymous: { email: null, adminOf: [], coordinates: [] },
  operator: { email: ROLES.operator, adminOf: [], coordinates: [] },
  adminAndCoordinator: { email: ROLES.adminAndCoordinator, adminOf: ['lantern-lawyers'], coordinates: ['kestrel-network'] },
  member: { email: ROLES.member, adminOf: [], coordinates: [] },
  otherOrgAdmin: { email: ROLES.otherOrgAdmin, adminOf: ['open-press-desk'], coordinates: [] },
  partnerAdmin: { email: ROLES.partnerAdmin, adminOf: ['workers-ledger'], coordinates: [] },
  otherNetworkAdmin: { email: ROLES.otherNetworkAdmin, adminOf: ['quiet-harbour'], coordinates: [] },
  removedMember: { email: 'removed@demo.invalid', adminOf: [], coordinates: [] },
  suspendedMember: { email: 'suspended@demo.invalid', adminOf: [], coordinates: [] },
  revokedSession: { email: 'margit@demo.invalid', adminOf: ['north-bridge'], coordinates: ['harbour-group'] },
};

beforeAll(async () => {
  t = await startTestApp();
  for (const r of await sql('SELECT id, slug FROM organisations')) id.org[r.slug] = r.id;
  for (const r of await sql('SELECT id, slug FROM networks')) id.net[r.slug] = r.id;

  const admin = await t.signIn(ROLES.adminAndCoordinator);
  const lantern = id.org['lantern-lawyers']!;
  const invite = async (email: string) => {
    const issued = await admin.gql(
      'mutation($input: CreateInvitationInput!) { createInvitation(input: $input) { token invitation { id } } }',
      { input: { organisationId: lantern, email, role: 'MEMBER' } },
    );
    if (!issued.data) throw new Error(`inviting ${email}: ${JSON.stringify(issued.errors)}`);
    return issued.data.createInvitation as { token: string; invitation: { id: string } };
  };
  for (const name of VICTIMS) {
    const { token } = await invite(`${name}@demo.invalid`);
    const accepted = await t.client().gql(
      'mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token } }',
      { input: { token, password: PASSPHRASE, displayName: name } },
    );
    if (!accepted.data) throw new Error(`accepting for ${name}: ${JSON.stringify(accepted.errors)}`);
  }
  for (const r of await sql('SELECT id, split_part(email, $1, 1) AS name FROM users', ['@'])) id.user[r.name] = r.id;
  for (const r of await sql('SELECT m.id, split_part(u.email, $1, 1) AS name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = $2', ['@', lantern])) {
    id.membership[r.name] = r.id;
  }
  // A removed and a suspended member, made so by their admin through the API.
  const removed = await admin.gql('mutation($id: ID!) { removeMember(id: $id) }', { id: id.membership['removed'] });
  const suspended = await admin.gql('mutation($id: ID!) { suspendMember(id: $id, suspended: true) { suspended } }', { id: id.membership['suspended'] });
  expect([removed.data, suspended.data]).toEqual([{ removeMember: true }, { suspendMember: { suspended: true } }]);

  id.pendingInvitation = (await invite('pending@demo.invalid')).invitation.id;
  await t.signIn('ines@demo.invalid');
  [id.foreignSession] = await column('SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [id.user['ines']]);

  clients.anonymous = t.client();
  clients.operator = await t.signIn(ROLES.operator);
  clients.adminAndCoordinator = admin;
  clients.member = await t.signIn(ROLES.member);
  clients.otherOrgAdmin = await t.signIn(ROLES.otherOrgAdmin);
  clients.partnerAdmin = await t.signIn(ROLES.partnerAdmin);
  clients.otherNetworkAdmin = await t.signIn(ROLES.otherNetworkAdmin);
  clients.removedMember = await t.signIn('removed@demo.invalid', PASSPHRASE);
  clients.suspendedMember = await t.signIn('suspended@demo.invalid', PASSPHRASE);
  clients.revokedSession = await t.signIn('margit@demo.invalid');
  expect((await clients.revokedSession.gql('mutation { revokeAllSessions }')).data).toEqual({ revokeAllSessions: 1 });

  const made = await clients.operator.gql('mutation { createOrganisation(input: { name: "Newly Founded", slug: "newly-founded" }) { id } }');
  id.organisationWithoutAdmin = made.data!.createOrganisation.id;
});

/** Everything a refused operation could have changed, with the columns it would change. */
async function snapshot() {
  const [row] = await sql(`SELECT
    (SELECT json_agg(o ORDER BY o.id) FROM (SELECT id, name, slug, requires_two_factor FROM organisations) o) AS organisations,
    (SELECT json_agg(n ORDER BY n.id) FROM (SELECT id, name, slug FROM networks) n) AS networks,
    (SELECT json_agg(s ORDER BY s.network_id, s.organisation_id) FROM network_organisations s) AS standings,
    (SELECT json_agg(c ORDER BY c.network_id, c.user_id) FROM (SELECT network_id, user_id FROM network_coordinators) c) AS coordinators,
    (SELECT json_agg(m ORDER BY m.id) FROM (SELECT id, user_id, organisation_id, role, suspended_at FROM memberships) m) AS memberships,
    (SELECT json_agg(i ORDER BY i.id) FROM (SELECT id, email, role, accepted_at, revoked_at FROM invitations) i) AS invitations,
    (SELECT json_agg(s ORDER BY s.id) FROM (SELECT id, user_id, revoked_at FROM sessions) s) AS sessions,
    (SELECT json_agg(u ORDER BY u.id) FROM (SELECT id, email, suspended_at, is_operator, totp_enabled_at FROM users) u) AS users,
    (SELECT count(*)::int FROM audit_log) AS audit_entries,
    (SELECT count(*)::int FROM outbox_events) AS events`);
  return row;
}

interface Operation {
  /** The root field. */
  field: string;
  query: string;
  variables?: Record<string, unknown>;
  /** For lists: the ids of the nodes returned. */
  nodes?: (data: Record<string, unknown>) => string[];
  /** For a read of one object: its id, which an allowed answer must carry. */
  returns?: string;
}
/** A list that must hold exactly these ids (in this order when `ordered`). */
interface Sees {
  sees: () => Promise<string[]>;
  ordered?: boolean;
  what: string;
}
type Expected = 'ok' | Code | Sees;
interface Row {
  role: Role;
  action: string;
  op: () => Operation;
  expected: Expected;
}

// ---- operations -------------------------------------------------------------------------------
type Nodes = { edges: { node: Record<string, string> }[] };
const edges = (field: string, key = 'id') => (data: Record<string, unknown>) => (data[field] as Nodes).edges.map((e) => e.node[key]!);
const op = {
  me: (): Operation => ({ field: 'me', query: '{ me { id email } }' }),
  organisations: (): Operation => ({ field: 'organisations', query: '{ organisations(first: 100) { edges { node { id } } } }', nodes: edges('organisations') }),
  organisation: (orgId: string): Operation => ({ field: 'organisation', query: 'query($id: ID!) { organisation(id: $id) { id name } }', variables: { id: orgId }, returns: orgId }),
  setRequiresTwoFactor: (orgId: string, required: boolean): Operation => ({
    field: 'setOrganisationRequiresTwoFactor',
    query: 'mutation($o: ID!, $r: Boolean!) { setOrganisationRequiresTwoFactor(organisationId: $o, required: $r) { id requiresTwoFactor } }',
    variables: { o: orgId, r: required },
  }),
  createOrganisation: (slug: string): Operation => ({
    field: 'createOrganisation',
    query: 'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
    variables: { input: { name: `Organisation ${slug}`, slug } },
  }),
  networks: (): Operation => ({ field: 'networks', query: '{ networks(first: 100) { edges { node { id } } } }', nodes: edges('networks') }),
  network: (netId: string): Operation => ({ field: 'network', query: 'query($id: ID!) { network(id: $id) { id name } }', variables: { id: netId }, returns: netId }),
  createNetwork: (slug: string): Operation => ({
    field: 'createNetwork',
    query: 'mutation($input: CreateOrganisationInput!) { createNetwork(input: $input) { id } }',
    variables: { input: { name: `Network ${slug}`, slug } },
  }),
  networkOrganisations: (netId: string): Operation => ({
    field: 'networkOrganisations',
    query: 'query($n: ID!) { networkOrganisations(networkId: $n, first: 100) { edges { node { networkId organisationId standing } } } }',
    variables: { n: netId },
    nodes: edges('networkOrganisations', 'organisationId'),
  }),
  setNetworkStanding: (netId: string, orgId: string, standing: 'MEMBER' | 'PARTNER' | null): Operation => ({
    field: 'setNetworkStanding',
    query: 'mutation($input: SetStandingInput!) { setNetworkStanding(input: $input) }',
    variables: { input: { networkId: netId, organisationId: orgId, standing } },
  }),
  setNetworkCoordinator: (netId: string, userId: string): Operation => ({
    field: 'setNetworkCoordinator',
    query: 'mutation($n: ID!, $u: ID!) { setNetworkCoordinator(networkId: $n, userId: $u, appointed: true) }',
    variables: { n: netId, u: userId },
  }),
  members: (orgId: string): Operation => ({
    field: 'members',
    query: 'query($o: ID!) { members(organisationId: $o, first: 100) { edges { node { id organisationId } } } }',
    variables: { o: orgId },
    nodes: edges('members'),
  }),
  setMemberRole: (membershipId: string): Operation => ({
    field: 'setMemberRole',
    query: 'mutation($m: ID!) { setMemberRole(membershipId: $m, role: ADMIN) { id role } }',
    variables: { m: membershipId },
  }),
  suspendMember: (membershipId: string): Operation => ({
    field: 'suspendMember',
    query: 'mutation($m: ID!) { suspendMember(id: $m, suspended: true) { id suspended } }',
    variables: { m: membershipId },
  }),
  removeMember: (membershipId: string): Operation => ({ field: 'removeMember', query: 'mutation($m: ID!) { removeMember(id: $m) }', variables: { m: membershipId } }),
  createInvitation: (orgId: string, email: string, role: 'ADMIN' | 'MEMBER' = 'MEMBER'): Operation => ({
    field: 'createInvitation',
    query: 'mutation($input: CreateInvitationInput!) { createInvitation(input: $input) { token invitation { id } } }',
    variables: { input: { organisationId: orgId, email, role } },
  }),
  invitations: (orgId: string): Operation => ({
    field: 'invitations',
    query: 'query($o: ID!) { invitations(organisationId: $o, first: 100) { edges { node { id organisationId } } } }',
    variables: { o: orgId },
    nodes: edges('invitations'),
  }),
  revokeInvitation: (invitationId: string): Operation => ({
    field: 'revokeInvitation',
    query: 'mutation($i: ID!) { revokeInvitation(id: $i) { id revokedAt } }',
    variables: { i: invitationId },
  }),
  mySessions: (): Operation => ({ field: 'mySessions', query: '{ mySessions(first: 100) { edges { node { id } } } }', nodes: edges('mySessions') }),
  revokeSession: (sessionId: string): Operation => ({ field: 'revokeSession', query: 'mutation($s: ID!) { revokeSession(id: $s) }', variables: { s: sessionId } }),
  auditLog: (filter: { organisationId?: string; networkId?: string }): Operation => ({
    field: 'auditLog',
    query: 'query($o: ID, $n: ID) { auditLog(organisationId: $o, networkId: $n, first: 100) { edges { node { id organisationId networkId } } } }',
    variables: { o: filter.organisationId ?? null, n: filter.networkId ?? null },
    nodes: edges('auditLog'),
  }),
  suspendUser: (userId: string): Operation => ({ field: 'suspendUser', query: 'mutation($u: ID!) { suspendUser(id: $u, suspended: true) }', variables: { u: userId } }),
};

// ---- what each role may see -------------------------------------------------------------------
const orgs = (...slugs: string[]) => () => Promise.resolve(slugs.map((s) => id.org[s]!));
const nets = (...slugs: string[]) => () => Promise.resolve(slugs.map((s) => id.net[s]!));
const sees = (what: string, list: () => Promise<string[]>, ordered = false): Sees => ({ what, sees: list, ordered });
const NOTHING = sees('nothing', () => Promise.resolve([]));
const userIdOf = (role: Role) => id.user[FACTS[role].email!.split('@')[0]!]!;
const activeSessionsOf = (role: Role) =>
  sees('only its own sessions', () =>
    column('SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND idle_expires_at > now() AND absolute_expires_at > now()', [userIdOf(role)]),
  );
/** The audit entries the role may read by the rule "admin of the organisation or coordinator of the network", newest first. */
const auditOf = (role: Role, filter: { organisationId?: () => string; networkId?: () => string } = {}) =>
  sees(
    'exactly the entries of what it administers or coordinates',
    () =>
      column(
        `SELECT id FROM audit_log
         WHERE (organisation_id = ANY($1::uuid[]) OR network_id = ANY($2::uuid[]))
           AND ($3::uuid IS NULL OR organisation_id = $3) AND ($4::uuid IS NULL OR network_id = $4)
         ORDER BY occurred_at DESC, id DESC LIMIT 100`,
        [FACTS[role].adminOf.map((s) => id.org[s]), FACTS[role].coordinates.map((s) => id.net[s]), filter.organisationId?.() ?? null, filter.networkId?.() ?? null],
      ),
    true,
  );

/**
 * Rows for every role. Anonymous callers and revoked sessions are UNAUTHENTICATED unless said
 * otherwise; `rest` is what every role not named gets. Refusals run before successes, so a
 * success (removing a member) cannot make a later refusal pass for the wrong reason.
 */
function rows(action: string, operation: () => Operation, expected: Partial<Record<Role, Expected>> & { rest: Expected }): Row[] {
  return rowsBy(action, operation, (role) => expected[role] ?? expected.rest);
}
function rowsBy(action: string, operation: () => Operation, expected: (role: Role) => Expected): Row[] {
  const signedOut = (role: Role) => role === 'anonymous' || role === 'revokedSession';
  const list = ROLE_NAMES.map((role) => ({ role, action, op: operation, expected: signedOut(role) ? 'UNAUTHENTICATED' : expected(role) }));
  return [...list.filter((r) => r.expected !== 'ok'), ...list.filter((r) => r.expected === 'ok')];
}

const lantern = () => id.org['lantern-lawyers']!;
const kestrel = () => id.net['kestrel-network']!;
const harbour = () => id.net['harbour-group']!;

const table: Row[] = [
  ...rows('me', op.me, { rest: 'ok' }),

  // organisations
  ...rows('organisations (list)', op.organisations, {
    operator: sees('every organisation', () => column('SELECT id FROM organisations')),
    adminAndCoordinator: sees('only lantern-lawyers', orgs('lantern-lawyers')),
    member: sees('only lantern-lawyers', orgs('lantern-lawyers')),
    otherOrgAdmin: sees('only open-press-desk', orgs('open-press-desk')),
    partnerAdmin: sees('only workers-ledger', orgs('workers-ledger')),
    otherNetworkAdmin: sees('only quiet-harbour', orgs('quiet-harbour')),
    rest: NOTHING,
  }),
  ...rows('organisation(lantern-lawyers)', () => op.organisation(lantern()), {
    operator: 'ok', adminAndCoordinator: 'ok', member: 'ok', rest: 'NOT_FOUND',
  }),
  ...rows('organisation(quiet-harbour)', () => op.organisation(id.org['quiet-harbour']!), {
    operator: 'ok', otherNetworkAdmin: 'ok', rest: 'NOT_FOUND',
  }),
  ...rows('setOrganisationRequiresTwoFactor(lantern-lawyers, on) without 2FA of its own', () => op.setRequiresTwoFactor(lantern(), true), {
    operator: 'FORBIDDEN', member: 'FORBIDDEN', adminAndCoordinator: 'CONFLICT', rest: 'NOT_FOUND',
  }),
  ...rows('setOrganisationRequiresTwoFactor(lantern-lawyers, off)', () => op.setRequiresTwoFactor(lantern(), false), {
    operator: 'FORBIDDEN', member: 'FORBIDDEN', adminAndCoordinator: 'ok', rest: 'NOT_FOUND',
  }),
  ...rows('createOrganisation', () => op.createOrganisation('founded-in-test'), { operator: 'ok', rest: 'FORBIDDEN' }),

  // networks
  ...rows('networks (list)', op.networks, {
    operator: sees('every network', () => column('SELECT id FROM networks')),
    adminAndCoordinator: sees('only kestrel-network', nets('kestrel-network')),
    member: sees('only kestrel-network', nets('kestrel-network')),
    otherOrgAdmin: sees('only kestrel-network', nets('kestrel-network')),
    partnerAdmin: sees('only kestrel-network', nets('kestrel-network')),
    otherNetworkAdmin: sees('only harbour-group', nets('harbour-group')),
    rest: NOTHING,
  }),
  ...rows('network(kestrel-network)', () => op.network(kestrel()), {
    operator: 'ok', adminAndCoordinator: 'ok', member: 'ok', otherOrgAdmin: 'ok', partnerAdmin: 'ok', rest: 'NOT_FOUND',
  }),
  ...rows('network(harbour-group)', () => op.network(harbour()), { operator: 'ok', otherNetworkAdmin: 'ok', rest: 'NOT_FOUND' }),
  ...rows('createNetwork', () => op.createNetwork('network-founded-in-test'), { operator: 'ok', rest: 'FORBIDDEN' }),
  ...rows('networkOrganisations(kestrel-network)', () => op.networkOrganisations(kestrel()), {
    operator: sees("all of the network's organisations", () => column('SELECT organisation_id AS id FROM network_organisations WHERE network_id = $1', [kestrel()])),
    adminAndCoordinator: sees("all of the network's organisations", () => column('SELECT organisation_id AS id FROM network_organisations WHERE network_id = $1', [kestrel()])),
    member: NOTHING, otherOrgAdmin: NOTHING, partnerAdmin: NOTHING,
    rest: 'NOT_FOUND',
  }),
  ...rows('setNetworkStanding(kestrel-network, civic-compass, PARTNER)', () => op.setNetworkStanding(kestrel(), id.org['civic-compass']!, 'PARTNER'), {
    operator: 'ok', adminAndCoordinator: 'ok', member: 'FORBIDDEN', otherOrgAdmin: 'FORBIDDEN', partnerAdmin: 'FORBIDDEN', rest: 'NOT_FOUND',
  }),
  ...rows('setNetworkStanding(harbour-group, campus-voices, PARTNER)', () => op.setNetworkStanding(harbour(), id.org['campus-voices']!, 'PARTNER'), {
    operator: 'ok', otherNetworkAdmin: 'FORBIDDEN', rest: 'NOT_FOUND',
  }),
  ...rows('setNetworkCoordinator(harbour-group, victim-user)', () => op.setNetworkCoordinator(harbour(), id.user['victim-user']!), {
    operator: 'ok', rest: 'FORBIDDEN',
  }),

  // memberships
  ...rows('members(lantern-lawyers)', () => op.members(lantern()), {
    operator: NOTHING,
    adminAndCoordinator: sees('every membership of lantern-lawyers', () => column('SELECT id FROM memberships WHERE organisation_id = $1', [lantern()])),
    member: sees('every membership of lantern-lawyers', () => column('SELECT id FROM memberships WHERE organisation_id = $1', [lantern()])),
    rest: 'NOT_FOUND',
  }),
  ...rows('members(open-press-desk)', () => op.members(id.org['open-press-desk']!), {
    operator: NOTHING,
    otherOrgAdmin: sees('every membership of open-press-desk', () => column('SELECT id FROM memberships WHERE organisation_id = $1', [id.org['open-press-desk']])),
    rest: 'NOT_FOUND',
  }),
  ...rows('setMemberRole(victim in lantern-lawyers, ADMIN)', () => op.setMemberRole(id.membership['victim-role']!), {
    adminAndCoordinator: 'ok', member: 'FORBIDDEN', rest: 'NOT_FOUND',
  }),
  ...rows('suspendMember(victim in lantern-lawyers)', () => op.suspendMember(id.membership['victim-suspend']!), {
    adminAndCoordinator: 'ok', member: 'FORBIDDEN', rest: 'NOT_FOUND',
  }),
  ...rows('removeMember(victim in lantern-lawyers)', () => op.removeMember(id.membership['victim-remove']!), {
    adminAndCoordinator: 'ok', member: 'FORBIDDEN', rest: 'NOT_FOUND',
  }),

  // invitations
  ...rows('createInvitation(lantern-lawyers)', () => op.createInvitation(lantern(), 'invited-in-test@demo.invalid'), {
    adminAndCoordinator: 'ok', member: 'FORBIDDEN',
    // The operator bootstraps an organisation's first admin; lantern-lawyers has one.
    operator: 'FORBIDDEN',
    rest: 'NOT_FOUND',
  }),
  ...rows('createInvitation(an organisation without admin, ADMIN)', () => op.createInvitation(id.organisationWithoutAdmin, 'first-admin@demo.invalid', 'ADMIN'), {
    operator: 'ok', rest: 'NOT_FOUND',
  }),
  ...rows('invitations(lantern-lawyers)', () => op.invitations(lantern()), {
    adminAndCoordinator: sees('every invitation of lantern-lawyers', () => column('SELECT id FROM invitations WHERE organisation_id = $1', [lantern()])),
    rest: NOTHING,
  }),
  ...rows('revokeInvitation(pending, lantern-lawyers)', () => op.revokeInvitation(id.pendingInvitation), {
    adminAndCoordinator: 'ok', rest: 'NOT_FOUND',
  }),

  // sessions
  ...rowsBy('mySessions', op.mySessions, activeSessionsOf),
  ...rows("revokeSession(someone else's session)", () => op.revokeSession(id.foreignSession), { rest: 'NOT_FOUND' }),

  // the audit log
  ...rowsBy('auditLog (everything it may read)', () => op.auditLog({}), (role) => auditOf(role)),
  ...rowsBy('auditLog(organisation lantern-lawyers)', () => op.auditLog({ organisationId: lantern() }), (role) => auditOf(role, { organisationId: lantern })),
  ...rowsBy('auditLog(organisation open-press-desk)', () => op.auditLog({ organisationId: id.org['open-press-desk'] }), (role) =>
    auditOf(role, { organisationId: () => id.org['open-press-desk']! }),
  ),
  ...rowsBy('auditLog(network kestrel-network)', () => op.auditLog({ networkId: kestrel() }), (role) => auditOf(role, { networkId: kestrel })),
  ...rowsBy('auditLog(network harbour-group)', () => op.auditLog({ networkId: harbour() }), (role) => auditOf(role, { networkId: harbour })),

  // accounts
  ...rows('suspendUser(victim-user)', () => op.suspendUser(id.user['victim-user']!), { operator: 'ok', rest: 'FORBIDDEN' }),
];

const label = (expected: Expected) => (typeof expected === 'string' ? expected : `sees ${expected.what}`);

describe('role × action', () => {
  it.each(table.map((row) => [row.role, row.action, label(row.expected), row] as const))('%s · %s → %s', async (role, _action, _label, row) => {
    const operation = row.op();
    const isMutation = operation.query.trimStart().startsWith('mutation');
    const before = await snapshot();
    const result: GraphqlResult<Record<string, unknown>> = await clients[role].gql(operation.query, operation.variables);
    const after = await snapshot();
    const answer = (result.data?.[operation.field] ?? null) as { id?: string; email?: string } | null;

    if (row.expected === 'ok') {
      expect(result.errors).toBeUndefined();
      expect(answer).not.toBeNull();
      if (operation.returns) expect(answer!.id).toBe(operation.returns);
      if (operation.field === 'me') expect(answer!.email).toBe(FACTS[role].email);
      if (isMutation) expect(after).not.toEqual(before);
      else expect(after).toEqual(before);
    } else if (typeof row.expected === 'string') {
      expect({ code: codeOf(result), errors: result.errors?.length }).toEqual({ code: row.expected, errors: 1 });
      expect(answer).toBeNull();
      expect(after).toEqual(before);
    } else {
      expect(result.errors).toBeUndefined();
      const expected = await row.expected.sees();
      const got = operation.nodes!(result.data!);
      if (row.expected.ordered) expect(got).toEqual(expected);
      else expect([...got].sort()).toEqual([...expected].sort());
      expect(after).toEqual(before);
      if (operation.field === 'auditLog') {
        // Belt and braces: not one row outside what the caller administers or coordinates.
        const allowedOrgs = FACTS[role].adminOf.map((s) => id.org[s]);
        const allowedNets = FACTS[role].coordinates.map((s) => id.net[s]);
        for (const { node } of (result.data!.auditLog as { edges: { node: { organisationId: string | null; networkId: string | null } }[] }).edges) {
          expect(allowedOrgs.includes(node.organisationId ?? '') || allowedNets.includes(node.networkId ?? '')).toBe(true);
        }
      }
    }
  });

  it('covers every role for every action', () => {
    const actions = new Map<string, Set<Role>>();
    for (const row of table) actions.set(row.action, (actions.get(row.action) ?? new Set()).add(row.role));
    const partial = [...actions].filter(([, roles]) => roles.size !== ROLE_NAMES.length);
    expect(partial).toEqual([]);
  });
});

describe('after the table', () => {
  it('the successful changes did what they said', async () => {
    const [state] = await sql(
      `SELECT (SELECT role FROM memberships WHERE id = $1) AS promoted,
              (SELECT suspended_at IS NOT NULL FROM memberships WHERE id = $2) AS suspended,
              (SELECT count(*)::int FROM memberships WHERE id = $3) AS removed,
              (SELECT revoked_at IS NOT NULL FROM invitations WHERE id = $4) AS revoked,
              (SELECT suspended_at IS NOT NULL FROM users WHERE id = $5) AS user_suspended,
              (SELECT standing FROM network_organisations WHERE network_id = $6 AND organisation_id = $7) AS standing,
              (SELECT count(*)::int FROM organisations WHERE slug = 'founded-in-test') AS founded,
              (SELECT count(*)::int FROM networks WHERE slug = 'network-founded-in-test') AS network_founded`,
      [
        id.membership['victim-role'], id.membership['victim-suspend'], id.membership['victim-remove'], id.pendingInvitation,
        id.user['victim-user'], kestrel(), id.org['civic-compass'],
      ],
    );
    expect(state).toEqual({
      promoted: 'ADMIN', suspended: true, removed: 0, revoked: true, user_suspended: true, standing: 'PARTNER', founded: 1, network_founded: 1,
    });
  });

  it('compared audit lists that were not empty where the caller administers or coordinates', async () => {
    const count = async (role: Role, filter: string) =>
      (await clients[role].gql(`{ auditLog(first: 100${filter}) { edges { node { id } } } }`)).data!.auditLog.edges.length;
    expect(await count('adminAndCoordinator', `, organisationId: "${lantern()}"`)).toBeGreaterThan(5);
    expect(await count('adminAndCoordinator', `, networkId: "${kestrel()}"`)).toBeGreaterThan(0);
    expect(await count('otherOrgAdmin', '')).toBeGreaterThan(0);
    expect(await count('partnerAdmin', '')).toBeGreaterThan(0);
    expect(await count('otherNetworkAdmin', '')).toBeGreaterThan(0);
  });

  it("the revoked session stays refused and someone else's session was never touched", async () => {
    expect(codeOf(await clients.revokedSession.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
    expect(await column('SELECT id FROM sessions WHERE id = $1 AND revoked_at IS NULL', [id.foreignSession])).toEqual([id.foreignSession]);
  });
});

describe('the platform operator', () => {
  // BUG: the operator's `can('create', 'Invitation')` has no condition, so the operator can invite
  // anyone (itself included) as ADMIN into any organisation and then read all of it, although it
  // "cannot read content it is not an audience of"; the rule is meant for an organisation's first admin.
  it('cannot make itself an admin of an organisation that already has one', async () => {
    const issued = await clients.operator.gql(
      'mutation($input: CreateInvitationInput!) { createInvitation(input: $input) { token } }',
      { input: { organisationId: lantern(), email: ROLES.operator, role: 'ADMIN' } },
    );
    if (issued.data) {
      await t.client().gql('mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token } }', {
        input: { token: issued.data.createInvitation.token, password: DEMO_PASSWORD },
      });
    }
    expect(await sql('SELECT organisation_id, role FROM memberships WHERE user_id = $1', [id.user['operator']])).toEqual([]);
    expect(codeOf(issued)).toBe('FORBIDDEN');
  });
});

describe('the schema', () => {
  // Every resolver the API serves, so a new domain's fields are walked too.
  const RESOLVERS = resolvers;
  const reflector = new Reflector();
  const schemaFile = buildSchema(readFileSync(new URL('../apps/api/schema.graphql', import.meta.url), 'utf8'));
  const rootFields = (schema: { getQueryType(): GraphQLObjectType | null | undefined; getMutationType(): GraphQLObjectType | null | undefined }) =>
    [schema.getQueryType(), schema.getMutationType()].flatMap((type) => (type ? Object.keys(type.getFields()).map((name) => `${type.name}.${name}`) : [])).sort();

  function policyOf(fieldName: string): { public: boolean; policy: FieldPolicy | undefined } | null {
    for (const resolver of RESOLVERS) {
      const handler = (resolver.prototype as unknown as Record<string, unknown>)[fieldName];
      if (typeof handler === 'function') {
        return {
          public: reflector.get<boolean | undefined>(PUBLIC_KEY, handler as () => unknown) === true,
          policy: reflector.get<FieldPolicy | undefined>(REQUIRES_KEY, handler as () => unknown),
        };
      }
    }
    return null;
  }

  it('in apps/api/schema.graphql is the schema the app serves', () => {
    expect(rootFields(schemaFile)).toEqual(rootFields(t.app.get(GraphQLSchemaHost).schema));
  });

  it('has @Public() or a policy on every root field', () => {
    const names = rootFields(schemaFile).map((f) => f.split('.')[1]!);
    const without = names.filter((name) => {
      const found = policyOf(name);
      return !found || (!found.public && !found.policy);
    });
    expect(without).toEqual([]);
    // And never both: a public field with a policy would read as protected while it is not.
    expect(names.filter((name) => policyOf(name)!.public && policyOf(name)!.policy)).toEqual([]);
  });

  it('has exactly signIn and acceptInvitation public', () => {
    const names = rootFields(schemaFile).map((f) => f.split('.')[1]!);
    expect(names.filter((name) => policyOf(name)!.public).sort()).toEqual(['acceptInvitation', 'signIn']);
  });

  it('lets a signed-out caller through the guard to the public fields (their own checks answer)', async () => {
    const signIn = await t.client().gql('mutation { signIn(input: { email: "nobody@demo.invalid", password: "some passphrase here" }) { token } }');
    expect(signIn.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', field: 'password' });
    const accept = await t.client().gql(`mutation { acceptInvitation(input: { token: "${'x'.repeat(43)}", password: "${PASSPHRASE}" }) { token } }`);
    expect(accept.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
  });
});
