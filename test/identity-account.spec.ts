import { generateSync } from 'otplib';
import { DEMO_PASSWORD } from '@sw/identity';
import { type Client, codeOf, ROLES, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const ME = '{ me { email } }';
const totpNow = (secret: string, offset = 0) => generateSync({ secret, epoch: (Math.floor(Date.now() / 30_000) + offset) * 30 });
const idOf = async (sql: string, value: string): Promise<string> => (await t.dataSource.query(sql, [value]))[0].id;

async function enableTotp(client: Client): Promise<{ secret: string; codes: string[] }> {
  const { secret } = (await client.gql(`mutation { beginTotpEnrollment(password: "${DEMO_PASSWORD}") { secret } }`)).data!.beginTotpEnrollment;
  const { codes } = (await client.gql(`mutation { confirmTotpEnrollment(code: "${totpNow(secret)}") { codes } }`)).data!.confirmTotpEnrollment;
  return { secret, codes };
}

describe('changing the password', () => {
  it('needs the current password, checks the new one, and ends every other session', async () => {
    const email = 'baran@demo.invalid';
    const a = await t.signIn(email);
    const b = await t.signIn(email);
    const change = (current: string, next: string) =>
      a.gql('mutation($input: ChangePasswordInput!) { changePassword(input: $input) }', { input: { currentPassword: current, newPassword: next } });
    const hashBefore = (await t.dataSource.query('SELECT password_hash FROM users WHERE email = $1', [email]))[0].password_hash;

    expect((await change('not my password at all', 'a brand new fictional passphrase')).errors![0]!.extensions)
      .toMatchObject({ code: 'UNAUTHENTICATED', field: 'currentPassword' });
    expect((await change(DEMO_PASSWORD, 'too short')).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    expect((await change(DEMO_PASSWORD, DEMO_PASSWORD)).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    expect((await t.dataSource.query('SELECT password_hash FROM users WHERE email = $1', [email]))[0].password_hash).toBe(hashBefore);
    expect((await b.gql(ME)).data).toBeTruthy();

    const next = 'şifre değil, uzun bir cümle 🌿 fictional';
    expect((await change(DEMO_PASSWORD, next)).data).toEqual({ changePassword: true });
    expect(codeOf(await b.gql(ME))).toBe('UNAUTHENTICATED');
    expect((await a.gql(ME)).data).toBeTruthy();
    await t.signIn(email, next);
    const stored: string = (await t.dataSource.query('SELECT password_hash FROM users WHERE email = $1', [email]))[0].password_hash;
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});

describe('two-factor authentication, continued', () => {
  it('limits wrong codes per account, and turning it off needs the password and a code', async () => {
    const email = 'lucas@demo.invalid';
    const client = await t.signIn(email);
    const { secret } = await enableTotp(client);
    let last;
    for (let i = 0; i < 6; i++) {
      last = await t.client().gql(`mutation { signIn(input: { email: "${email}", password: "${DEMO_PASSWORD}", totpCode: "000000" }) { token } }`);
    }
    expect(codeOf(last!)).toBe('RATE_LIMITED');
    await t.dataSource.query(`DELETE FROM rate_limit_counters WHERE key LIKE 'totp:%'`);

    expect(codeOf(await client.gql(`mutation { disableTotp(password: "wrong passphrase here", code: "${totpNow(secret, 1)}") }`))).toBe('UNAUTHENTICATED');
    expect((await client.gql(`mutation { disableTotp(password: "${DEMO_PASSWORD}", code: "${totpNow(secret, 1)}") }`)).data).toEqual({ disableTotp: true });
    expect((await client.gql('{ me { twoFactorEnabled } }')).data).toEqual({ me: { twoFactorEnabled: false } });
    const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM recovery_codes rc JOIN users u ON u.id = rc.user_id WHERE u.email = $1', [email]);
    expect(count).toBe(0);
  });

  it('regenerating recovery codes invalidates the old ones', async () => {
    const email = 'margit@demo.invalid';
    const client = await t.signIn(email);
    const { codes } = await enableTotp(client);
    const fresh = (await client.gql(`mutation { regenerateRecoveryCodes(password: "${DEMO_PASSWORD}") { codes } }`)).data!.regenerateRecoveryCodes.codes;
    expect(fresh).toHaveLength(10);
    const old = await t.client().gql(`mutation { signIn(input: { email: "${email}", password: "${DEMO_PASSWORD}", recoveryCode: "${codes[0]}" }) { token } }`);
    expect(old.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', field: 'recoveryCode' });
    await t.signIn(email, DEMO_PASSWORD, { recoveryCode: fresh[0] });
  });
});

describe('organisation administration', () => {
  it('changes a role, keeps at least one admin, removes a member, and revokes an invitation', async () => {
    const admin = await t.signIn(ROLES.otherOrgAdmin); // kerem, open-press-desk
    const press = await idOf('SELECT id FROM organisations WHERE slug = $1', 'open-press-desk');
    const members = (await admin.gql(`{ members(organisationId: "${press}") { edges { node { id role person { displayName } } } } }`)).data!.members.edges;
    const own = members.find((e: { node: { role: string } }) => e.node.role === 'ADMIN').node;
    const other = members.find((e: { node: { role: string } }) => e.node.role === 'MEMBER').node;

    const demote = await admin.gql(`mutation { setMemberRole(membershipId: "${own.id}", role: MEMBER) { role } }`);
    expect(demote.errors![0]!.extensions!.code).toBe('CONFLICT');
    const selin = await t.signIn('selin@demo.invalid');
    expect((await admin.gql(`mutation { setMemberRole(membershipId: "${other.id}", role: ADMIN) { role } }`)).data).toEqual({ setMemberRole: { role: 'ADMIN' } });
    expect(codeOf(await selin.gql(ME))).toBe('UNAUTHENTICATED'); // a privilege change ends the sessions

    const issued = await admin.gql(`mutation { createInvitation(input: { organisationId: "${press}", email: "guest@demo.invalid", role: MEMBER }) { token invitation { id } } }`);
    const { token, invitation } = issued.data!.createInvitation;
    expect((await admin.gql(`mutation { revokeInvitation(id: "${invitation.id}") { revokedAt } }`)).data!.revokeInvitation.revokedAt).toBeTruthy();
    const late = await t.client().gql(`mutation { acceptInvitation(input: { token: "${token}", password: "a long enough fictional passphrase", displayName: "Guest" }) { token } }`);
    expect(late.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });

    expect((await admin.gql(`mutation { removeMember(id: "${other.id}") }`)).data).toEqual({ removeMember: true });
    const after = (await admin.gql(`{ members(organisationId: "${press}") { edges { node { id } } } }`)).data!.members.edges;
    expect(after.map((e: { node: { id: string } }) => e.node.id)).toEqual([own.id]);
  });
});

describe('the platform operator', () => {
  it('creates networks and organisations, places them, appoints coordinators, suspends accounts, and reads no members', async () => {
    const operator = await t.signIn(ROLES.operator);
    const network = (await operator.gql('mutation { createNetwork(input: { name: "Lighthouse Circle", slug: "lighthouse-circle" }) { id slug } }')).data!.createNetwork;
    const dup = await operator.gql('mutation { createNetwork(input: { name: "Again", slug: "lighthouse-circle" }) { id } }');
    expect(dup.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', field: 'slug' });
    const bad = await operator.gql('mutation { createOrganisation(input: { name: "X", slug: "Not A Slug" }) { id } }');
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'slug' });
    const org = (await operator.gql('mutation { createOrganisation(input: { name: "Tidewater Aid", slug: "tidewater-aid" }) { id } }')).data!.createOrganisation;
    expect((await operator.gql(`mutation { setNetworkStanding(input: { networkId: "${network.id}", organisationId: "${org.id}", standing: PARTNER }) }`)).data)
      .toEqual({ setNetworkStanding: true });
    const hanna = await idOf('SELECT id FROM users WHERE email = $1', ROLES.otherNetworkAdmin);
    await operator.gql(`mutation { setNetworkCoordinator(networkId: "${network.id}", userId: "${hanna}", appointed: true) }`);
    const coordinator = await t.signIn(ROLES.otherNetworkAdmin);
    const standings = (await coordinator.gql(`{ networkOrganisations(networkId: "${network.id}") { edges { node { organisationId standing } } } }`)).data!;
    expect(standings.networkOrganisations.edges).toEqual([{ node: { organisationId: org.id, standing: 'PARTNER' } }]);

    const lantern = await idOf('SELECT id FROM organisations WHERE slug = $1', 'lantern-lawyers');
    // The operator manages the organisation but membership is not theirs to read: the list is filtered to nothing.
    expect((await operator.gql(`{ members(organisationId: "${lantern}") { edges { node { id } } } }`)).data).toEqual({ members: { edges: [] } });

    const tomas = await t.signIn('tomas@demo.invalid');
    const tomasId = await idOf('SELECT id FROM users WHERE email = $1', 'tomas@demo.invalid');
    expect((await operator.gql(`mutation { suspendUser(id: "${tomasId}", suspended: true) }`)).data).toEqual({ suspendUser: true });
    expect(codeOf(await tomas.gql(ME))).toBe('UNAUTHENTICATED');
    const refused = await t.client().gql(`mutation { signIn(input: { email: "tomas@demo.invalid", password: "${DEMO_PASSWORD}" }) { token } }`);
    expect(codeOf(refused)).toBe('UNAUTHENTICATED');
    const member = await t.signIn(ROLES.member);
    expect(codeOf(await member.gql(`mutation { suspendUser(id: "${tomasId}", suspended: false) }`))).toBe('FORBIDDEN');
  });
});

describe('the language of the account', () => {
  it('is saved for the signed-in person only, and nothing but en or tr is accepted', async () => {
    const ines = await t.signIn('ines@demo.invalid');
    const hanna = await t.signIn('hanna@demo.invalid');
    const set = (client: Client, locale: string) =>
      client.gql('mutation($locale: Locale!) { setMyLocale(locale: $locale) { email locale } }', { locale });

    expect((await set(ines, 'tr')).data).toEqual({ setMyLocale: { email: 'ines@demo.invalid', locale: 'tr' } });
    expect((await ines.gql('{ me { locale } }')).data).toEqual({ me: { locale: 'tr' } });
    expect((await hanna.gql('{ me { locale } }')).data).toEqual({ me: { locale: 'en' } });

    expect(codeOf(await set(ines, 'de'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await set(t.client(), 'en'))).toBe('UNAUTHENTICATED');
    expect((await set(ines, 'en')).data).toEqual({ setMyLocale: { email: 'ines@demo.invalid', locale: 'en' } });
  });
});
