import { generateSync } from 'otplib';
import { DEMO_PASSWORD } from '@sw/identity';
import { codeOf, ROLES, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const ME = '{ me { id email memberships { organisationId role } } }';
const rowCounts = async () =>
  (await t.dataSource.query(
    `SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM sessions)::int AS sessions,
            (SELECT count(*) FROM memberships)::int AS memberships, (SELECT count(*) FROM invitations)::int AS invitations`,
  ))[0];
const orgId = async (slug: string): Promise<string> =>
  (await t.dataSource.query('SELECT id FROM organisations WHERE slug = $1', [slug]))[0].id;

describe('signing in', () => {
  it('answers the same for an unknown address and a wrong password, and records the failure', async () => {
    const unknown = await t.client().gql('mutation { signIn(input: { email: "nobody@demo.invalid", password: "whatever it is here" }) { token } }');
    const wrong = await t.client().gql(`mutation { signIn(input: { email: "${ROLES.member}", password: "not the right passphrase" }) { token } }`);
    expect(codeOf(unknown)).toBe('UNAUTHENTICATED');
    expect(unknown.errors![0]!.message).toBe(wrong.errors![0]!.message);
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM audit_log WHERE action = 'user.sign_in_failed'`);
    expect(count).toBe(1);
  });

  it('gives a session that `me` accepts, and the token is stored only as a digest', async () => {
    const client = await t.signIn(ROLES.member);
    const me = await client.gql(ME);
    expect(me.data!.me.email).toBe(ROLES.member);
    const rows = await t.dataSource.query('SELECT encode(token_hash, $1) AS h FROM sessions', ['escape']);
    expect(JSON.stringify(rows)).not.toContain(client.token);
  });

  it.each([
    ['email', '{ email: "not-an-email", password: "x" }'],
    ['password', `{ email: "${ROLES.member}", password: "" }`],
    ['totpCode', `{ email: "${ROLES.member}", password: "x", totpCode: "12ab" }`],
  ])('refuses a malformed %s with BAD_USER_INPUT naming it', async (field, input) => {
    const result = await t.client().gql(`mutation { signIn(input: ${input}) { token } }`);
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe(field);
  });

  it('refuses a document that tries several sign-ins through aliases', async () => {
    const result = await t.client().gql(
      `mutation { a: signIn(input: { email: "${ROLES.member}", password: "guess number one" }) { token }
                  b: signIn(input: { email: "${ROLES.member}", password: "guess number two" }) { token } }`,
    );
    expect(codeOf(result)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('is rate limited per account', async () => {
    const email = ROLES.otherNetworkAdmin;
    let last;
    for (let i = 0; i < 11; i++) {
      last = await t.client().gql(`mutation { signIn(input: { email: "${email}", password: "wrong passphrase ${i}" }) { token } }`);
    }
    expect(codeOf(last!)).toBe('RATE_LIMITED');
    const right = await t.client().gql(`mutation { signIn(input: { email: "${email}", password: "${DEMO_PASSWORD}" }) { token } }`);
    expect(codeOf(right)).toBe('RATE_LIMITED');
  });
});

describe('sessions', () => {
  it('lists my sessions, revokes one, and refuses another user\'s session id as NOT_FOUND', async () => {
    const a = await t.signIn(ROLES.otherOrgAdmin);
    const b = await t.signIn(ROLES.otherOrgAdmin);
    const list = await a.gql('{ mySessions(first: 10) { edges { node { id current clientLabel } } } }');
    const nodes = list.data!.mySessions.edges.map((e: { node: { id: string; current: boolean } }) => e.node);
    expect(nodes.filter((n: { current: boolean }) => n.current)).toHaveLength(1);
    const other = nodes.find((n: { current: boolean }) => !n.current)!;

    const stranger = await t.signIn(ROLES.member);
    const before = await rowCounts();
    expect(codeOf(await stranger.gql(`mutation { revokeSession(id: "${other.id}") }`))).toBe('NOT_FOUND');
    expect(await rowCounts()).toEqual(before);

    expect((await a.gql(`mutation { revokeSession(id: "${other.id}") }`)).data).toEqual({ revokeSession: true });
    expect(codeOf(await b.gql(ME))).toBe('UNAUTHENTICATED');
    expect((await a.gql(ME)).data).toBeTruthy();
  });

  it('revoke all ends every session, this one included, and sign-out ends this one', async () => {
    const a = await t.signIn(ROLES.partnerAdmin);
    const b = await t.signIn(ROLES.partnerAdmin);
    expect((await a.gql('mutation { revokeAllSessions }')).data).toEqual({ revokeAllSessions: 2 });
    expect(codeOf(await a.gql(ME))).toBe('UNAUTHENTICATED');
    expect(codeOf(await b.gql(ME))).toBe('UNAUTHENTICATED');
    const c = await t.signIn(ROLES.partnerAdmin);
    await c.gql('mutation { signOut }');
    expect(codeOf(await c.gql(ME))).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired session', async () => {
    const a = await t.signIn(ROLES.member);
    await t.dataSource.query(`UPDATE sessions SET idle_expires_at = now() - interval '1 second' WHERE revoked_at IS NULL`);
    expect(codeOf(await a.gql(ME))).toBe('UNAUTHENTICATED');
  });
});

describe('two-factor authentication', () => {
  const codeAt = (secret: string, offsetSteps = 0) =>
    generateSync({ secret, epoch: (Math.floor(Date.now() / 30_000) + offsetSteps) * 30 });

  it('enrols, then demands a code at sign-in, accepts each code once, and accepts a recovery code once', async () => {
    const email = 'selin@demo.invalid';
    const a = await t.signIn(email);
    const other = await t.signIn(email);
    expect(codeOf(await a.gql('mutation { beginTotpEnrollment(password: "wrong one") { secret } }'))).toBe('UNAUTHENTICATED');
    const begin = await a.gql(`mutation { beginTotpEnrollment(password: "${DEMO_PASSWORD}") { secret otpauthUri } }`);
    const secret: string = begin.data!.beginTotpEnrollment.secret;
    expect(codeOf(await a.gql('mutation { confirmTotpEnrollment(code: "000000") { codes } }'))).toBe('BAD_USER_INPUT');
    const confirmed = await a.gql(`mutation { confirmTotpEnrollment(code: "${codeAt(secret, -1)}") { codes } }`);
    const codes: string[] = confirmed.data!.confirmTotpEnrollment.codes;
    expect(codes).toHaveLength(10);
    expect(codeOf(await other.gql(ME))).toBe('UNAUTHENTICATED'); // a 2FA change ends the other sessions

    const stored = await t.dataSource.query('SELECT totp_secret FROM users WHERE email = $1', [email]);
    expect(stored[0].totp_secret).not.toContain(secret);

    const missing = await t.client().gql(`mutation { signIn(input: { email: "${email}", password: "${DEMO_PASSWORD}" }) { token } }`);
    expect(missing.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOTP_REQUIRED' });

    const code = codeAt(secret);
    const ok = await t.signIn(email, DEMO_PASSWORD, { totpCode: code });
    expect((await ok.gql(ME)).data!.me.email).toBe(email);
    const replay = await t.client().gql(
      `mutation { signIn(input: { email: "${email}", password: "${DEMO_PASSWORD}", totpCode: "${code}" }) { token } }`,
    );
    expect(replay.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', field: 'totpCode' });

    await t.signIn(email, DEMO_PASSWORD, { recoveryCode: codes[0] });
    const again = await t.client().gql(
      `mutation { signIn(input: { email: "${email}", password: "${DEMO_PASSWORD}", recoveryCode: "${codes[0]}" }) { token } }`,
    );
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', field: 'recoveryCode' });
  });
});

describe('invitations', () => {
  const invite = (client: Awaited<ReturnType<TestApp['signIn']>>, organisationId: string, email: string) =>
    client.gql(`mutation { createInvitation(input: { organisationId: "${organisationId}", email: "${email}", role: MEMBER }) { token invitation { id } } }`);

  it('creates an account for a new address once, and the token cannot be reused', async () => {
    const admin = await t.signIn(ROLES.adminAndCoordinator);
    const issued = await invite(admin, await orgId('lantern-lawyers'), 'Newcomer@Demo.invalid');
    expect(issued.errors).toBeUndefined();
    const token: string = issued.data!.createInvitation.token;
    const stored = await t.dataSource.query('SELECT encode(token_hash, $1) AS h FROM invitations', ['hex']);
    expect(JSON.stringify(stored)).not.toContain(token);

    const accept = (input: string) => t.client().gql(`mutation { acceptInvitation(input: ${input}) { token viewer { email } } }`);
    const before = await rowCounts();
    for (const [input, field] of [
      [`{ token: "${token}", password: "short", displayName: "Newcomer" }`, 'password'],
      [`{ token: "${token}", password: "${'x'.repeat(257)}", displayName: "Newcomer" }`, 'password'],
      [`{ token: "${token}", password: "password123456", displayName: "Newcomer" }`, 'password'],
      [`{ token: "${token}", password: "a long enough fictional passphrase" }`, 'displayName'],
      [`{ token: "not-a-token", password: "a long enough fictional passphrase", displayName: "N" }`, 'token'],
    ] as const) {
      const result = await accept(input);
      expect(codeOf(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.field).toBe(field);
    }
    const badLocale = await accept(`{ token: "${token}", password: "a long enough fictional passphrase", displayName: "N", locale: fr }`);
    expect(codeOf(badLocale)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await rowCounts()).toEqual(before);

    const ok = await accept(`{ token: "${token}", password: "a long enough fictional passphrase", displayName: "Newcomer", locale: tr }`);
    expect(ok.data!.acceptInvitation.viewer.email).toBe('newcomer@demo.invalid');
    const reused = await accept(`{ token: "${token}", password: "a long enough fictional passphrase", displayName: "Newcomer" }`);
    expect(reused.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
  });

  it('refuses an expired token and adds a membership to an existing account that proves its password', async () => {
    const admin = await t.signIn(ROLES.otherOrgAdmin);
    const press = await orgId('open-press-desk');
    const expired = await invite(admin, press, ROLES.member);
    await t.dataSource.query('UPDATE invitations SET expires_at = now() - interval \'1 minute\' WHERE id = $1', [expired.data!.createInvitation.invitation.id]);
    const late = await t.client().gql(`mutation { acceptInvitation(input: { token: "${expired.data!.createInvitation.token}", password: "${DEMO_PASSWORD}" }) { token } }`);
    expect(late.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });

    const fresh = await invite(admin, press, ROLES.member);
    const accepted = await t.client().gql(
      `mutation { acceptInvitation(input: { token: "${fresh.data!.createInvitation.token}", password: "${DEMO_PASSWORD}" }) { viewer { memberships { organisationId } } } }`,
    );
    expect(accepted.data!.acceptInvitation.viewer.memberships.map((m: { organisationId: string }) => m.organisationId)).toContain(press);
  });
});

describe('members', () => {
  it('lists the members of my organisation with their names, and nothing of an organisation I am not in', async () => {
    const ines = await t.signIn('ines@demo.invalid');
    const relay = await orgId('rights-relay');
    const page = await ines.gql(`{ members(organisationId: "${relay}") { edges { node { role person { displayName } } } } }`);
    expect(page.data!.members.edges.map((e: { node: { person: { displayName: string } } }) => e.node.person.displayName).sort())
      .toEqual(['Inês Carvalheira', 'Tomás Ferreiro']);
    const stranger = await t.signIn('lucas@demo.invalid'); // admin of an organisation in the other network
    expect(codeOf(await stranger.gql(`{ members(organisationId: "${relay}") { edges { node { id } } } }`))).toBe('NOT_FOUND');
  });
});

describe('suspending a member', () => {
  it('ends their sessions at once and writes an audit entry the org admin can read', async () => {
    const admin = await t.signIn(ROLES.adminAndCoordinator);
    const member = await t.signIn('tomas@demo.invalid');
    const ines = await t.signIn('ines@demo.invalid');
    const relay = await orgId('rights-relay');
    const members = await ines.gql(`{ members(organisationId: "${relay}") { edges { node { id userId role } } } }`);
    const tomas = members.data!.members.edges.find((e: { node: { role: string } }) => e.node.role === 'MEMBER').node;
    expect(codeOf(await admin.gql(`mutation { suspendMember(id: "${tomas.id}", suspended: true) { suspended } }`))).toBe('NOT_FOUND');
    expect((await ines.gql(`mutation { suspendMember(id: "${tomas.id}", suspended: true) { suspended } }`)).data).toEqual({ suspendMember: { suspended: true } });
    expect(codeOf(await member.gql(ME))).toBe('UNAUTHENTICATED');
    const log = await ines.gql(`{ auditLog(organisationId: "${relay}", first: 50) { edges { node { action subjectId } } } }`);
    expect(log.data!.auditLog.edges.map((e: { node: { action: string } }) => e.node.action)).toContain('membership.suspended');
  });
});

describe('an organisation requiring two-factor authentication', () => {
  it('grants nothing to a member without it, and cannot be switched on by an admin without it', async () => {
    const admin = await t.signIn(ROLES.adminAndCoordinator);
    const lantern = await orgId('lantern-lawyers');
    const member = await t.signIn(ROLES.member);
    const require2fa = (required: boolean) =>
      admin.gql(`mutation { setOrganisationRequiresTwoFactor(organisationId: "${lantern}", required: ${required}) { requiresTwoFactor } }`);
    expect((await require2fa(true)).errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', field: 'required' });

    const { secret } = (await admin.gql(`mutation { beginTotpEnrollment(password: "${DEMO_PASSWORD}") { secret } }`)).data!.beginTotpEnrollment;
    await admin.gql(`mutation { confirmTotpEnrollment(code: "${generateSync({ secret, epoch: Math.floor(Date.now() / 1000) })}") { codes } }`);
    expect((await member.gql(`{ organisation(id: "${lantern}") { name } }`)).data).toBeTruthy();
    expect((await require2fa(true)).data).toEqual({ setOrganisationRequiresTwoFactor: { requiresTwoFactor: true } });
    expect(codeOf(await member.gql(`{ organisation(id: "${lantern}") { name } }`))).toBe('NOT_FOUND');
    const listed = (await member.gql('{ organisations { edges { node { id } } } }')).data!.organisations.edges;
    expect(listed.map((e: { node: { id: string } }) => e.node.id)).not.toContain(lantern);
    expect((await member.gql('{ me { organisationsRequiringTwoFactor } }')).data!.me.organisationsRequiringTwoFactor).toEqual([lantern]);
    expect((await admin.gql(`{ organisation(id: "${lantern}") { requiresTwoFactor } }`)).data).toEqual({ organisation: { requiresTwoFactor: true } });
  });
});

describe('the audit log', () => {
  it('is append-only and hash-chained', async () => {
    await expect(t.dataSource.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    const { AuditLog } = await import('@sw/audit');
    const audit = t.app.get(AuditLog);
    expect(await audit.verifyChain()).toBeNull();
    // An edit that bypasses the trigger (a superuser with triggers off) is detected.
    await t.dataSource.transaction(async (m) => {
      await m.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await m.query(`UPDATE audit_log SET metadata = '{"edited":true}' WHERE seq = (SELECT min(seq) + 1 FROM audit_log)`);
      await m.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    });
    expect(await audit.verifyChain()).not.toBeNull();
  });

  it('never holds a password, token or code', async () => {
    const dump = JSON.stringify(await t.dataSource.query('SELECT * FROM audit_log'));
    expect(dump).not.toContain(DEMO_PASSWORD);
    expect(t.logLines.join('\n')).not.toContain(DEMO_PASSWORD);
  });
});
