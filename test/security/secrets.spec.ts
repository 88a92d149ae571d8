// Issue 8, "Secrets": passwords, session and invitation tokens, TOTP seeds and codes, recovery codes,
// download and calendar secrets, RED briefing text and protected participant fields never appear
// in the server log, in an error message, in the audit log, or in clear anywhere in the database.
//
// Against the built app (a child process on its own database; nothing mocked): its log is what it
// writes to stdout/stderr, read after the fact; the database is read as raw rows, every table, the
// way a seized server or a stolen dump would be.
import { createHash, randomUUID } from 'node:crypto';
import { generateSync } from 'otplib';
import { DEMO_PASSWORD } from '@sw/identity';
import { type Client, codeOf, type GraphqlResult, logLinesOf, ok, startTarget, type Target } from './support/target.js';
import { buildWorld, MARK, PASSPHRASE, PROTECTED, type World } from './support/world.js';

let t: Target;
let w: World;
/** Everything that must never be seen outside its owner's hands, with what it is. */
const secrets = new Map<string, string>();
const keep = (what: string, value: string) => {
  secrets.set(value, what);
  return value;
};
/** Every answer an attacker or a user got that carried an error. */
const errors: GraphqlResult[] = [];
const RED_WORD = 'zqxredlexeme';
const RECLASSIFIED_WORD = 'zqxreclassified';
let redBriefing = '';
let reclassified = '';
let eceToken = '';

const gql = async (client: Client, query: string, variables?: Record<string, unknown>) => {
  const result = await client.gql(query, variables);
  if (result.errors) errors.push(result);
  return result;
};
const step = () => Math.floor(Date.now() / 30_000);
const totp = (secret: string, offset = 0) => generateSync({ secret, epoch: (step() + offset) * 30 });

beforeAll(async () => {
  t = await startTarget();
  w = await buildWorld(t);
  const { deniz, ece } = w.victim;
  keep('the demo passphrase', DEMO_PASSWORD);
  keep('a passphrase', PASSPHRASE);
  for (const [name, client] of Object.entries({ ...w.as, deniz, ece })) if (client.token) keep(`${name}'s session token`, client.token);
  keep('a workshop invitation token', w.workshopInvitationToken);
  for (const [field, value] of Object.entries(PROTECTED)) keep(`protected ${field}`, value);
  keep('the workshop venue', `${MARK} venue, room 3`);
  keep('the workshop link', 'https://meet.example.invalid/zq-victim-mark');

  // A RED briefing with a word of its own, and an AMBER one made RED afterwards.
  const red = await ok(deniz, 'mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { id } }', {
    input: { organisationId: w.id.lantern, title: 'Red note', body: keep('RED body', `The source ${RED_WORD} is in danger.`), language: 'en', tlp: 'RED', audience: { userIds: [w.user['ece']] } },
  });
  redBriefing = red.createBriefing.id;
  await ok(deniz, 'mutation($id: ID!) { publishBriefing(id: $id) { id } }', { id: redBriefing });
  const amber = await ok(deniz, 'mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { id } }', {
    input: { organisationId: w.id.lantern, title: 'Becomes red', body: keep('body of a briefing made RED', `Names ${RECLASSIFIED_WORD} here.`), language: 'en', tlp: 'AMBER', audience: { userIds: [w.user['ece']] } },
  });
  reclassified = amber.createBriefing.id;
  await ok(deniz, 'mutation($id: ID!) { publishBriefing(id: $id) { id } }', { id: reclassified });
  await ok(deniz, 'mutation($id: ID!, $input: UpdateDraftInput!) { editBriefing(id: $id, input: $input) { id } }', {
    id: reclassified, input: { title: 'Becomes red', body: keep('second revision of a briefing made RED', `Revised ${RECLASSIFIED_WORD} text.`), language: 'en' },
  });
  await ok(deniz, 'mutation($id: ID!) { classifyBriefing(id: $id, input: { tlp: RED }) { tlp } }', { id: reclassified });

  // ece turns on TOTP, signs in with a code and with a recovery code; attackers guess.
  const enrollment = await ok(ece, 'mutation($p: String!) { beginTotpEnrollment(password: $p) { secret otpauthUri } }', { p: DEMO_PASSWORD });
  const secret = keep('the TOTP seed', enrollment.beginTotpEnrollment.secret);
  keep('the otpauth URI', enrollment.beginTotpEnrollment.otpauthUri);
  const confirmed = await ok(ece, 'mutation($c: String!) { confirmTotpEnrollment(code: $c) { codes } }', { c: totp(secret) });
  const recovery: string[] = confirmed.confirmTotpEnrollment.codes;
  recovery.forEach((code, i) => keep(`recovery code ${i}`, code));
  const signIn = (input: Record<string, unknown>) => gql(t.client(), 'mutation($input: SignInInput!) { signIn(input: $input) { token } }', { input });
  const withCode = await signIn({ email: 'ece@demo.invalid', password: DEMO_PASSWORD, totpCode: totp(secret, 1) });
  eceToken = keep("ece's TOTP session token", withCode.data!.signIn.token);
  const withRecovery = await signIn({ email: 'ece@demo.invalid', password: DEMO_PASSWORD, recoveryCode: recovery[0] });
  keep("ece's recovery session token", withRecovery.data!.signIn.token);
  await signIn({ email: 'ece@demo.invalid', password: keep('a guessed password', 'guessed passphrase zq 1') });
  await signIn({ email: 'ece@demo.invalid', password: DEMO_PASSWORD, totpCode: '000000' });
  await signIn({ email: 'ece@demo.invalid', password: DEMO_PASSWORD, recoveryCode: keep('a guessed recovery code', 'zzzzz-zzzzz') });
  await signIn({ email: 'nobody-zq@demo.invalid', password: keep('a password for no account', 'guessed passphrase zq 2') });
  await signIn({ email: 'ece@demo.invalid', password: keep('a short password', 'zqshort') });
  await gql(t.client(eceToken), 'mutation($input: ChangePasswordInput!) { changePassword(input: $input) }', {
    input: { currentPassword: keep('a wrong current password', 'wrong current zq 3'), newPassword: keep('a refused new password', 'a new passphrase zq 4') },
  });
  await gql(t.client(eceToken), 'mutation($p: String!) { regenerateRecoveryCodes(password: $p) { codes } }', { p: keep('a wrong re-authentication', 'wrong reauth zq 5') });

  // An invitation redeemed with a new password; an invitation token guessed.
  const issued = await ok(deniz, 'mutation($input: CreateInvitationInput!) { createInvitation(input: $input) { token } }', {
    input: { organisationId: w.id.lantern, email: 'newcomer@demo.invalid', role: 'MEMBER' },
  });
  keep('an invitation token', issued.createInvitation.token);
  const accepted = await ok(t.client(), 'mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token } }', {
    input: { token: issued.createInvitation.token, password: keep("the newcomer's password", 'lighthouse keeper of izmir 1893 zq'), displayName: 'Newcomer' },
  });
  keep("the newcomer's session token", accepted.acceptInvitation.token);
  await gql(t.client(), 'mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token } }', {
    input: { token: keep('a guessed invitation token', 'Z'.repeat(43)), password: keep('a password with a guessed token', 'guessed passphrase zq 7') },
  });

  // A participant export and a calendar feed, fetched; a socket message and a failing socket event.
  const link = await ok(deniz, 'mutation($input: DownloadInput!) { createWorkshopDownload(input: $input) { url } }', {
    input: { workshopId: w.id.workshop, kind: 'PARTICIPANTS_CSV', password: DEMO_PASSWORD },
  });
  const downloadPath = new URL(link.createWorkshopDownload.url, t.url).pathname;
  keep('a download token', downloadPath.split('/').pop()!);
  expect((await fetch(`${t.url}${downloadPath}`, { headers: { authorization: `Bearer ${deniz.token}` } })).status).toBe(200);
  const feed = await ok(t.client(eceToken), 'mutation { createCalendarFeed { url } }');
  const feedPath = new URL(feed.createCalendarFeed.url, t.url).pathname;
  keep('a calendar feed secret', feedPath.split('/').pop()!.replace(/\.ics$/, ''));
  expect((await fetch(`${t.url}${feedPath}`)).status).toBe(200);
  const socket = t.socket(eceToken);
  await new Promise<void>((resolve, reject) => {
    socket.once('session.ready', () => resolve());
    socket.once('connect_error', reject);
  });
  await socket.timeout(10_000).emitWithAck('message:post', { threadId: w.id.thread, clientId: randomUUID(), body: keep('a message sent over the socket', `${MARK} socket body`) });
  await socket.timeout(10_000).emitWithAck('message:post', { threadId: w.id.thread, clientId: 'not-a-uuid', body: keep('a refused socket message', `${MARK} refused socket body`) });
  socket.disconnect();

  // Refused requests whose variables carry secrets.
  await gql(w.as.otherOrgAdmin, 'mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { id } }', {
    input: { organisationId: w.id.lantern, title: 'x', body: keep('a refused RED body', `${MARK} refused red body`), language: 'en', tlp: 'RED', audience: {} },
  });
  await gql(w.as.otherOrgAdmin, 'mutation($input: RegisterInput!) { registerForWorkshop(input: $input) { id } }', {
    input: { workshopId: w.id.workshop, protectedData: { legalName: keep('a refused legal name', `${MARK} refused legal name`) } },
  });
  await gql(w.as.otherOrgAdmin, 'mutation($input: UpdateParticipationInput!) { updateMyWorkshopParticipation(input: $input) { id } }', {
    input: { participantId: w.id.participant, protectedData: { phone: 'not a phone zq 8', legalName: keep('a legal name with a bad phone', `${MARK} legal name with bad phone`) } },
  });
}, 90_000);
afterAll(() => t.stop());

/** The secrets found in `text`, by what they are. */
const found = (text: string) => [...secrets].filter(([value]) => text.includes(value)).map(([, what]) => what);

describe('the server log', () => {
  it('was written (the attacks above were logged as requests and warnings, not silently dropped)', () => {
    expect(logLinesOf(t).length).toBeGreaterThan(3);
  });

  it('holds no password, token, code, seed, RED text, protected field or message body', () => {
    expect(secrets.size).toBeGreaterThan(40);
    // The one exception is by design: in development, on an empty database, the start banner names
    // the fictional demo accounts' shared passphrase (README "npm start"); never in production.
    const lines = t.output().split('\n');
    expect(lines.filter((line) => line.includes(DEMO_PASSWORD))).toEqual([expect.stringMatching(/^Seeded a fictional demo network\. Sign in with any of these and the passphrase/)]);
    expect(found(lines.filter((line) => !line.startsWith('Seeded a fictional demo network')).join('\n'))).toEqual([]);
    expect(t.output()).not.toContain(MARK);
    expect(t.output()).not.toContain(RED_WORD);
  });

  it('holds no session token in any form it is presented in (bearer header, cookie)', () => {
    expect(t.output()).not.toMatch(/Bearer\s+[A-Za-z0-9_-]{20,}/);
    expect(t.output()).not.toMatch(/__Host-sw_session=[A-Za-z0-9_-]{20,}/);
  });
});

describe('error messages', () => {
  it('name the field, never echo what was sent', () => {
    expect(errors.length).toBeGreaterThan(10);
    expect(errors.flatMap((e) => found(JSON.stringify(e.errors)))).toEqual([]);
    for (const e of errors) expect(codeOf(e)).not.toBe('INTERNAL_SERVER_ERROR');
  });
});

describe('the audit log', () => {
  it('records security events with ids, never content', async () => {
    const rows = await t.sql<{ row: string }>('SELECT row_to_json(a)::text AS row FROM audit_log a');
    expect(rows.length).toBeGreaterThan(10);
    const text = rows.map((r) => r.row).join('\n');
    expect(found(text)).toEqual([]);
    expect(text).not.toContain(MARK);
    expect(text).not.toMatch(/@demo\.invalid/);
    const actions = new Set((await t.sql<{ action: string }>('SELECT DISTINCT action FROM audit_log')).map((r) => r.action));
    for (const action of ['user.sign_in_failed', 'two_factor.enabled', 'two_factor.recovery_code_used']) expect(actions).toContain(action);
  });
});

describe('the database, read as a stolen dump', () => {
  let dump = '';
  beforeAll(async () => {
    const tables = await t.sql<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    const parts: string[] = [];
    for (const { name } of tables) {
      for (const r of await t.sql<{ row: string }>(`SELECT row_to_json(x)::text AS row FROM ${name} x`)) parts.push(`${name}: ${r.row}`);
    }
    dump = parts.join('\n');
  });

  it('has no token, password, seed, recovery code, RED text, protected field or encrypted location in clear, anywhere', () => {
    expect(dump.length).toBeGreaterThan(10_000);
    expect(found(dump).filter((what) => !/message sent over the socket/.test(what))).toEqual([]);
  });

  it('stores session tokens as SHA-256 digests', async () => {
    const [session] = await t.sql<{ hash: Buffer }>('SELECT token_hash AS hash FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1 AND s.revoked_at IS NULL ORDER BY s.created_at DESC LIMIT 1', ['ece@demo.invalid']);
    expect(Buffer.isBuffer(session!.hash) && session!.hash.length).toBe(32);
    const digests = (await t.sql<{ hash: Buffer }>('SELECT token_hash AS hash FROM sessions')).map((r) => r.hash.toString('hex'));
    expect(digests).toContain(createHash('sha256').update(eceToken).digest('hex'));
  });

  it('stores passwords as argon2id at least m=19456, t=2, p=1', async () => {
    const hashes = (await t.sql<{ hash: string }>('SELECT password_hash AS hash FROM users')).map((r) => r.hash);
    for (const hash of hashes) {
      const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(hash);
      expect(match).not.toBeNull();
      expect(Number(match![1])).toBeGreaterThanOrEqual(19456);
      expect(Number(match![2])).toBeGreaterThanOrEqual(2);
    }
  });

  it('keeps the TOTP seed encrypted and recovery codes hashed', async () => {
    const [user] = await t.sql('SELECT totp_secret, totp_pending_secret FROM users WHERE email = $1', ['ece@demo.invalid']);
    expect(user.totp_secret).toEqual(expect.any(String));
    expect(user.totp_pending_secret).toBeNull();
    expect(found(user.totp_secret)).toEqual([]);
    const codes = await t.sql<{ hash: Buffer }>('SELECT code_hash AS hash FROM recovery_codes rc JOIN users u ON u.id = rc.user_id WHERE u.email = $1', ['ece@demo.invalid']);
    expect(codes.length).toBe(10);
    for (const code of codes) expect(code.hash.length).toBe(32);
  });

  it('encrypts RED bodies in every revision, and indexes none of their words', async () => {
    const rows = await t.sql<{ id: string; body_encrypted: boolean; search: string }>(
      `SELECT b.id, b.body_encrypted, coalesce(b.search_en::text, '') || coalesce(b.search_tr::text, '') AS search FROM briefings b WHERE b.id = ANY($1::uuid[])
       UNION ALL SELECT r.id, r.body_encrypted, '' FROM briefing_revisions r WHERE r.briefing_id = ANY($1::uuid[])`,
      [[redBriefing, reclassified]],
    );
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.filter((r) => !r.body_encrypted)).toEqual([]);
    const search = rows.map((r) => r.search).join(' ');
    expect(search).not.toContain(RED_WORD.slice(0, 8));
    expect(search).not.toContain(RECLASSIFIED_WORD.slice(0, 8));
    // And the recipient still reads it through the API.
    const read = await ok(t.client(eceToken), 'query($id: ID!) { briefing(id: $id) { bodyMarkdown } }', { id: reclassified });
    expect(read.briefing.bodyMarkdown).toContain(RECLASSIFIED_WORD);
  });

  it('binds each ciphertext to its row: swapped between two participants, neither reads as the other', async () => {
    const [victim] = await t.sql('SELECT legal_name FROM workshop_participants WHERE id = $1', [w.id.participant]);
    const made = await ok(w.victim.deniz, 'mutation($input: InviteInput!) { inviteToWorkshop(input: $input) { participant { id } } }', {
      input: { workshopId: w.id.workshop, email: 'swap-target@demo.invalid' },
    });
    const other = made.inviteToWorkshop.participant.id;
    await t.sql('UPDATE workshop_participants SET legal_name = $2 WHERE id = $1', [other, victim.legal_name]);
    const read = await w.victim.deniz.gql('query($id: ID!) { workshopParticipant(id: $id) { id protectedData { legalName } } }', { id: other });
    expect(JSON.stringify(read)).not.toContain(PROTECTED.legalName);
    expect(read.data?.workshopParticipant?.protectedData?.legalName ?? null).toBeNull();
    await t.sql('UPDATE workshop_participants SET legal_name = NULL WHERE id = $1', [other]);
  });
});
