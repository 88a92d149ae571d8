// Issue 8, "Sessions": fixation, reuse after logout, after revoke-all and after a change of
// credentials or privilege, brute force of passwords and of TOTP codes (per account and per
// address, with a clear RATE_LIMITED code), and expiry — on every channel a token opens (GraphQL by
// header and cookie, socket.io, the authorised download route).
//
// Against the built app (a child process on its own database; nothing mocked). A second built app
// with a low per-address limit takes the password spraying. Expiry is brought about by moving the
// session's timestamps in the database (the clock is the server's; waiting eight hours is not a test).
import { randomBytes } from 'node:crypto';
import { generateSync } from 'otplib';
import { DEMO_PASSWORD } from '@sw/identity';
import { type Client, codeOf, type GraphqlResult, next, ok, ready, startTarget, type Target, waitFor } from './support/target.js';
import { buildWorld, type World } from './support/world.js';

let t: Target;
let w: World;
beforeAll(async () => {
  t = await startTarget();
  w = await buildWorld(t);
}, 60_000);
afterAll(() => t.stop());

const COOKIE = '__Host-sw_session';
const SIGN_IN = 'mutation($input: SignInInput!) { signIn(input: $input) { token viewer { email } } }';
const signInRaw = (input: Record<string, unknown>, headers: Record<string, string> = {}) =>
  fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: SIGN_IN, variables: { input } }) });
const me = async (token: string | null) => (await t.client(token).gql('{ me { email } }')).data?.me?.email ?? null;
const viaCookie = async (token: string) => {
  const response = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: `${COOKIE}=${token}` }, body: JSON.stringify({ query: '{ me { email } }' }) });
  return ((await response.json()) as { data?: { me?: { email: string } } | null }).data?.me?.email ?? null;
};
const download = (token: string) => fetch(`${t.url}/briefing-attachments/${w.id.attachment}`, { headers: { authorization: `Bearer ${token}` } });
/** Whether a socket with this token is let in. */
async function socketAccepted(token: string): Promise<boolean> {
  const socket = t.socket(token);
  const { event } = await next(socket, ['session.ready', 'connect_error']);
  socket.disconnect();
  return event === 'session.ready';
}
/** Every channel refuses the token. */
async function deadEverywhere(token: string): Promise<void> {
  expect({ bearer: await me(token), cookie: await viaCookie(token), socket: await socketAccepted(token), download: (await download(token)).status }).toEqual({
    bearer: null, cookie: null, socket: false, download: 401,
  });
}
const retryAfter = (result: GraphqlResult) => (result.errors?.[0]?.extensions as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;

describe('fixation', () => {
  it("does not adopt a session an attacker planted: the victim's sign-in mints a new token, the planted one stays the attacker's", async () => {
    const planted = w.as.otherOrgAdmin.token!; // kerem's own, valid token, put in the victim's cookie jar
    const response = await signInRaw({ email: 'deniz@demo.invalid', password: DEMO_PASSWORD }, { cookie: `${COOKIE}=${planted}`, authorization: `Bearer ${planted}` });
    const body = (await response.json()) as { data: { signIn: { token: string; viewer: { email: string } } } };
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(body.data.signIn.viewer.email).toBe('deniz@demo.invalid');
    expect(body.data.signIn.token).not.toBe(planted);
    expect(cookie).toContain(`${COOKIE}=${body.data.signIn.token}`);
    expect(cookie).not.toContain(planted);
    expect(await me(planted)).toBe('kerem@demo.invalid');
    expect(await me(body.data.signIn.token)).toBe('deniz@demo.invalid');
  });

  it('does not take a token value chosen by the attacker before sign-in', async () => {
    const chosen = randomBytes(32).toString('base64url');
    const response = await signInRaw({ email: 'deniz@demo.invalid', password: DEMO_PASSWORD }, { cookie: `${COOKIE}=${chosen}` });
    const body = (await response.json()) as { data: { signIn: { token: string } } };
    expect(body.data.signIn.token).not.toBe(chosen);
    expect(await me(chosen)).toBeNull();
    expect(await viaCookie(chosen)).toBeNull();
  });

  it('gives each sign-in a token of its own (256 bits, base64url), never a reused one', async () => {
    const tokens = await Promise.all([1, 2, 3].map(async () => (await ok(t.client(), SIGN_IN, { input: { email: 'selin@demo.invalid', password: DEMO_PASSWORD } })).signIn.token as string));
    expect(new Set(tokens).size).toBe(3);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('reuse of an ended session', () => {
  it('after signOut, on every channel, while other sessions of the account live on', async () => {
    const [a, b] = [await t.signIn('selin@demo.invalid'), await t.signIn('selin@demo.invalid')];
    const socket = await ready(t.socket(a.token));
    const gone = next(socket, ['disconnect']);
    expect((await a.gql('mutation { signOut }')).data).toEqual({ signOut: true });
    expect((await gone).arg).toBe('io server disconnect');
    await deadEverywhere(a.token!);
    expect(await me(b.token)).toBe('selin@demo.invalid');
  });

  it('after revokeAllSessions, every session of the account, on every channel', async () => {
    const sessions = [await t.signIn('baran@demo.invalid'), await t.signIn('baran@demo.invalid'), await t.signIn('baran@demo.invalid')];
    const sockets = await Promise.all(sessions.map((s) => ready(t.socket(s.token))));
    const gone = sockets.map((s) => next(s, ['disconnect']));
    expect((await sessions[0]!.gql('mutation { revokeAllSessions }')).data).toEqual({ revokeAllSessions: 3 });
    expect((await Promise.all(gone)).map((g) => g.arg)).toEqual(['io server disconnect', 'io server disconnect', 'io server disconnect']);
    for (const s of sessions) await deadEverywhere(s.token!);
  });

  it('after one session is revoked from another, only that one', async () => {
    const [a, b] = [await t.signIn('lucas@demo.invalid'), await t.signIn('lucas@demo.invalid')];
    const [{ id }] = await t.sql(`SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'lucas@demo.invalid' AND s.revoked_at IS NULL ORDER BY s.created_at DESC LIMIT 1`);
    expect((await a.gql('mutation($id: ID!) { revokeSession(id: $id) }', { id })).data).toEqual({ revokeSession: true });
    await deadEverywhere(b.token!);
    expect(await me(a.token)).toBe('lucas@demo.invalid');
  });

  it('after a password change every other session ends; after a change of role the member signs in again', async () => {
    const [a, b] = [await t.signIn('tomas@demo.invalid'), await t.signIn('tomas@demo.invalid')];
    const changed = await a.gql('mutation($input: ChangePasswordInput!) { changePassword(input: $input) }', {
      input: { currentPassword: DEMO_PASSWORD, newPassword: 'he rides the ferry to kadikoy 2027' },
    });
    expect({ errors: changed.errors, data: changed.data }).toEqual({ errors: undefined, data: { changePassword: true } });
    await deadEverywhere(b.token!);
    expect(await me(a.token)).toBe('tomas@demo.invalid');
    expect(codeOf(await t.client().gql(SIGN_IN, { input: { email: 'tomas@demo.invalid', password: DEMO_PASSWORD } }))).toBe('UNAUTHENTICATED');

    // ece is made an admin: her sessions end (the privilege changed under them).
    const ece = await t.signIn('ece@demo.invalid');
    await ok(w.victim.deniz, 'mutation($m: ID!) { setMemberRole(membershipId: $m, role: ADMIN) { role } }', { m: w.id.eceMembership });
    await deadEverywhere(ece.token!);
    await ok(w.victim.deniz, 'mutation($m: ID!) { setMemberRole(membershipId: $m, role: MEMBER) { role } }', { m: w.id.eceMembership });
  });

  it('after the operator suspends the account', async () => {
    const nazli = await t.signIn('nazli@demo.invalid');
    const socket = await ready(t.socket(nazli.token));
    const gone = next(socket, ['disconnect']);
    await ok(w.as.operator, 'mutation($id: ID!) { suspendUser(id: $id, suspended: true) }', { id: w.user['nazli'] });
    expect((await gone).arg).toBe('io server disconnect');
    await deadEverywhere(nazli.token!);
    const again = await t.client().gql(SIGN_IN, { input: { email: 'nazli@demo.invalid', password: DEMO_PASSWORD } });
    expect(codeOf(again)).toBe('UNAUTHENTICATED');
    await ok(w.as.operator, 'mutation($id: ID!) { suspendUser(id: $id, suspended: false) }', { id: w.user['nazli'] });
  });
});

describe('expiry', () => {
  const sessionOf = async (client: Client) => {
    const [row] = await t.sql(`SELECT id, idle_expires_at, absolute_expires_at, created_at FROM sessions WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, [client.token]);
    return row as { id: string; idle_expires_at: Date; absolute_expires_at: Date; created_at: Date };
  };

  it('applies the configured idle (8 h) and absolute (14 days) limits to a new session', async () => {
    const session = await sessionOf(await t.signIn('hanna@demo.invalid'));
    const hours = (d: Date) => (d.getTime() - session.created_at.getTime()) / 3_600_000;
    expect(hours(session.idle_expires_at)).toBeCloseTo(8, 1);
    expect(hours(session.absolute_expires_at)).toBeCloseTo(14 * 24, 1);
  });

  it('refuses a session idle for too long, and one past its absolute end, on every channel', async () => {
    const idle = await t.signIn('hanna@demo.invalid');
    await t.sql(`UPDATE sessions SET idle_expires_at = now() - interval '1 second' WHERE id = $1`, [(await sessionOf(idle)).id]);
    await deadEverywhere(idle.token!);
    const old = await t.signIn('hanna@demo.invalid');
    await t.sql(`UPDATE sessions SET absolute_expires_at = now() - interval '1 second' WHERE id = $1`, [(await sessionOf(old)).id]);
    await deadEverywhere(old.token!);
  });

  it('never extends activity past the absolute end', async () => {
    const client = await t.signIn('hanna@demo.invalid');
    const { id } = await sessionOf(client);
    await t.sql(`UPDATE sessions SET last_seen_at = now() - interval '2 minutes', absolute_expires_at = now() + interval '30 seconds' WHERE id = $1`, [id]);
    expect(await me(client.token)).toBe('hanna@demo.invalid');
    const [row] = await t.sql('SELECT idle_expires_at <= absolute_expires_at AS bounded FROM sessions WHERE id = $1', [id]);
    expect(row.bounded).toBe(true);
  });

  it('drops a live socket whose session expired, at its next event', async () => {
    const client = await t.signIn('hanna@demo.invalid');
    const socket = await ready(t.socket(client.token));
    await t.sql(`UPDATE sessions SET idle_expires_at = now() - interval '1 second' WHERE id = $1`, [(await sessionOf(client)).id]);
    const gone = next(socket, ['disconnect']);
    await waitFor(async () => {
      if (!socket.connected) return true;
      socket.emit('thread:presence', { threadId: w.id.thread });
      await new Promise((resolve) => setTimeout(resolve, 300));
      return !socket.connected;
    }, 'the socket to be dropped');
    expect((await gone).arg).toBe('io server disconnect');
  });
});

describe('brute force', () => {
  it('of one account\'s password: RATE_LIMITED after 10 attempts, the right password included, from any address', async () => {
    const guesses: GraphqlResult[] = [];
    for (let i = 0; i < 10; i++) guesses.push(await t.client().gql(SIGN_IN, { input: { email: 'margit@demo.invalid', password: `guess number ${i} for margit` } }));
    expect(guesses.map(codeOf)).toEqual(Array(10).fill('UNAUTHENTICATED'));
    const limited = await t.client().gql(SIGN_IN, { input: { email: 'margit@demo.invalid', password: 'guess number 11 for margit' } });
    expect(codeOf(limited)).toBe('RATE_LIMITED');
    expect(retryAfter(limited)).toBeGreaterThan(0);
    // Now even the right password is refused, the same way: nothing to learn from the answer.
    const right = await t.client().gql(SIGN_IN, { input: { email: 'Margit@DEMO.invalid', password: DEMO_PASSWORD } });
    expect({ code: codeOf(right), data: right.data ?? null }).toEqual({ code: 'RATE_LIMITED', data: null });
    // X-Forwarded-For is not believed (no TRUSTED_PROXIES): a forged address changes nothing.
    const forged = await t.client(null, { 'x-forwarded-for': '203.0.113.7' }).gql(SIGN_IN, { input: { email: 'margit@demo.invalid', password: DEMO_PASSWORD } });
    expect(codeOf(forged)).toBe('RATE_LIMITED');
    // Other accounts are not locked by it.
    expect((await ok(t.client(), SIGN_IN, { input: { email: 'lucas@demo.invalid', password: DEMO_PASSWORD } })).signIn.viewer.email).toBe('lucas@demo.invalid');
  });

  it('answers an unknown account exactly like a wrong password, until the same limit', async () => {
    const unknown = await t.client().gql(SIGN_IN, { input: { email: 'no-such-person@demo.invalid', password: 'some guessed passphrase' } });
    const wrong = await t.client().gql(SIGN_IN, { input: { email: 'hanna@demo.invalid', password: 'some guessed passphrase' } });
    expect(unknown.errors).toEqual(wrong.errors);
    for (let i = 0; i < 10; i++) await t.client().gql(SIGN_IN, { input: { email: 'no-such-person@demo.invalid', password: `guess ${i} for nobody` } });
    expect(codeOf(await t.client().gql(SIGN_IN, { input: { email: 'no-such-person@demo.invalid', password: 'one more guess here' } }))).toBe('RATE_LIMITED');
  });

  it('of TOTP codes with a stolen password: RATE_LIMITED after 5 wrong codes, the right code included', async () => {
    const ece = await t.signIn('ece@demo.invalid');
    const { beginTotpEnrollment: { secret } } = await ok(ece, 'mutation($p: String!) { beginTotpEnrollment(password: $p) { secret } }', { p: DEMO_PASSWORD });
    const step = () => Math.floor(Date.now() / 30_000);
    await ok(ece, 'mutation($c: String!) { confirmTotpEnrollment(code: $c) { codes } }', { c: generateSync({ secret, epoch: step() * 30 }) });
    const attempt = (totpCode: string) => t.client().gql(SIGN_IN, { input: { email: 'ece@demo.invalid', password: DEMO_PASSWORD, totpCode } });
    // The attacker has the password: without a code the answer says a code is needed, and counts nothing.
    expect((await t.client().gql(SIGN_IN, { input: { email: 'ece@demo.invalid', password: DEMO_PASSWORD } })).errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOTP_REQUIRED' });
    const wrong = [];
    for (const code of ['000000', '111111', '222222', '333333', '444444']) wrong.push(codeOf(await attempt(code)));
    expect(wrong).toEqual(Array(5).fill('UNAUTHENTICATED'));
    const limited = await attempt('555555');
    expect(codeOf(limited)).toBe('RATE_LIMITED');
    expect(retryAfter(limited)).toBeGreaterThan(0);
    const right = await attempt(generateSync({ secret, epoch: (step() + 1) * 30 }));
    expect({ code: codeOf(right), data: right.data ?? null }).toEqual({ code: 'RATE_LIMITED', data: null });
    // Nor can the code be tried through a recovery code or disabling the second factor meanwhile.
    expect(codeOf(await t.client().gql(SIGN_IN, { input: { email: 'ece@demo.invalid', password: DEMO_PASSWORD, recoveryCode: 'abcde-fghjk' } }))).toBe('RATE_LIMITED');
    const [{ failures }] = await t.sql(`SELECT count(*)::int AS failures FROM audit_log WHERE action = 'user.sign_in_failed' AND subject_id = $1 AND metadata->>'reason' = 'second_factor'`, [w.user['ece']]);
    expect(failures).toBe(5);
  });

  it('of a re-authentication (exports, password change): RATE_LIMITED after 10 wrong passwords', async () => {
    const deniz = await t.signIn('deniz@demo.invalid');
    const answers: (string | undefined)[] = [];
    for (let i = 0; i < 11; i++) {
      answers.push(codeOf(await deniz.gql('mutation($input: DownloadInput!) { createWorkshopDownload(input: $input) { url } }', {
        input: { workshopId: w.id.workshop, kind: 'PARTICIPANTS_CSV', password: `wrong reauth ${i} for deniz` },
      })));
    }
    expect(answers.slice(0, 10)).toEqual(Array(10).fill('UNAUTHENTICATED'));
    expect(answers[10]).toBe('RATE_LIMITED');
    const right = await deniz.gql('mutation($input: ChangePasswordInput!) { changePassword(input: $input) }', { input: { currentPassword: DEMO_PASSWORD, newPassword: 'a walk along the bosphorus in 2027' } });
    expect(codeOf(right)).toBe('RATE_LIMITED');
  });

  it('cannot multiply attempts with aliases in one document or HTTP batching', async () => {
    const aliased = await t.client().gql(`mutation {
      a: signIn(input: { email: "kerem@demo.invalid", password: "first guess here" }) { token }
      b: signIn(input: { email: "kerem@demo.invalid", password: "second guess here" }) { token } }`);
    expect(codeOf(aliased)).toBe('GRAPHQL_VALIDATION_FAILED');
    const batched = await fetch(`${t.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify([1, 2].map((n) => ({ query: SIGN_IN, variables: { input: { email: 'kerem@demo.invalid', password: `batched guess ${n}` } } }))),
    });
    expect(batched.status).toBe(400);
    const [{ failures }] = await t.sql(`SELECT count(*)::int AS failures FROM audit_log WHERE action = 'user.sign_in_failed' AND subject_id = $1`, [w.user['kerem']]);
    expect(failures).toBe(0);
  });
});

describe('password spraying from one address', () => {
  let spray: Target;
  beforeAll(async () => {
    spray = await startTarget({ SIGNIN_LIMIT_PER_ADDRESS: '6' });
  }, 60_000);
  afterAll(() => spray.stop());

  it('is RATE_LIMITED per address across accounts, and a forged X-Forwarded-For does not reset it', async () => {
    const accounts = ['deniz', 'ece', 'kerem', 'selin', 'baran', 'nazli'];
    const codes: (string | undefined)[] = [];
    for (const [i, name] of accounts.entries()) {
      codes.push(codeOf(await spray.client(null, { 'x-forwarded-for': `198.51.100.${i}` }).gql(SIGN_IN, { input: { email: `${name}@demo.invalid`, password: 'Summer2027 spray guess' } })));
    }
    expect(codes).toEqual(Array(6).fill('UNAUTHENTICATED'));
    const limited = await spray.client(null, { 'x-forwarded-for': '198.51.100.99' }).gql(SIGN_IN, { input: { email: 'margit@demo.invalid', password: DEMO_PASSWORD } });
    expect(codeOf(limited)).toBe('RATE_LIMITED');
    expect(retryAfter(limited)).toBeGreaterThan(0);
    // The counters hold no address or e-mail in clear.
    const keys = (await spray.sql<{ key: string }>('SELECT key FROM rate_limit_counters')).map((r) => r.key).join(' ');
    expect(keys).not.toMatch(/127\.0\.0\.1|198\.51|@demo\.invalid|margit/);
  });
});
