// Signing, reconfirmation and publication over the API on the real database: a signature binds to
// one revision, a text change asks for reconfirmation, only confirmed signatures are published,
// an embargo hides the statement from all but its signatories, exports list signatories in a
// stable order, and the public feed shows public fields only. Scheduled steps are run directly.
import { StatementScheduler } from '@sw/statements';
import { type Client, startTestApp, type TestApp } from './support/test-app.js';
import {
  type Cast, castOf, errorOf, eventsOf, type Made, membersOf, ok, ops, organisationsWithAdmins, soon, statementIn,
} from './support/statements-fixture.js';

let t: TestApp;
let cast: Cast;
let margit: Client; // admin of north-bridge (kestrel partner)
let scheduler: StatementScheduler;
beforeAll(async () => {
  t = await startTestApp();
  cast = await castOf(t);
  margit = await t.signIn('margit@demo.invalid');
  scheduler = t.app.get(StatementScheduler);
});
afterAll(() => t.close());

const hours = (n: number) => new Date(Date.now() + n * 3_600_000);
const sign = (client: Client, m: Made, slug: string, revisionId = m.revisionId) =>
  client.gql(ops.sign, { input: { statementId: m.id, organisationId: cast.org[slug], revisionId } });
const SIGNATORIES = `query($id: ID!) { statement(id: $id) { status viewer { tier } signatories { organisationName individuals } } }`;

describe('the reconfirmation rule', () => {
  it('asks every signed organisation to reconfirm after a text change, and publishes only those confirmed on the final revision', async () => {
    const made = await statementIn(t, cast, 'OPEN_FOR_SIGNATURE', { invited: ['rights-relay', 'north-bridge'] });
    for (const [client, slug] of [[cast.as.lead, 'lantern-lawyers'], [cast.as.invitedAdmin, 'rights-relay'], [margit, 'north-bridge']] as const) {
      expect((await sign(client, made, slug)).errors).toBeUndefined();
    }
    const second = (await ok(cast.as.drafter, ops.save, { input: { statementId: made.id, baseRevisionId: made.revisionId, texts: [{ language: 'en', body: 'A late change.' }] } })).saveStatementRevision;

    const { statement } = await ok(cast.as.lead, ops.participants, { id: made.id });
    const signed = statement.participants.filter((p: { role: string }) => p.role !== 'DRAFTER');
    expect(signed.map((p: { signOnStatus: string; signedRevisionNumber: number }) => [p.signOnStatus, p.signedRevisionNumber])).toEqual([
      ['NEEDS_RECONFIRMATION', 1], ['NEEDS_RECONFIRMATION', 1], ['NEEDS_RECONFIRMATION', 1],
    ]);
    const notified = await eventsOf(t, 'signature.needs_reconfirmation', made.id);
    expect(notified.map((e) => e.organisationId).sort()).toEqual(['lantern-lawyers', 'north-bridge', 'rights-relay'].map((s) => cast.org[s]).sort());
    expect(notified.every((e) => e.revisionId === second.id)).toBe(true);
    expect(await eventsOf(t, 'statement.text_changed', made.id)).toEqual([{ statementId: made.id, revisionId: second.id }]);

    expect(errorOf(await sign(cast.as.invitedAdmin, made, 'rights-relay'))?.extensions).toMatchObject({ code: 'CONFLICT', field: 'revisionId' });
    for (const [client, slug] of [[cast.as.lead, 'lantern-lawyers'], [cast.as.invitedAdmin, 'rights-relay']] as const) {
      expect((await sign(client, made, slug, second.id)).data?.signStatement).toMatchObject({ signOnStatus: 'APPROVED', signedRevisionNumber: 2, signedContentHash: second.contentHash });
    }
    await ok(cast.as.lead, ops.close, { id: made.id });
    await ok(cast.as.lead, ops.publish, { input: { statementId: made.id, revisionId: second.id } });

    const published = (await ok(cast.as.outsider, SIGNATORIES, { id: made.id })).statement;
    expect(published).toEqual({
      status: 'PUBLISHED', viewer: { tier: 'reader' },
      signatories: [{ organisationName: 'Lantern Lawyers Collective', individuals: [] }, { organisationName: 'Rights Relay e.V.', individuals: [] }],
    });
    const markdown = (await ok(cast.as.outsider, ops.export, { id: made.id, format: 'MARKDOWN' })).statementExport as string;
    expect(markdown).toContain('- Lantern Lawyers Collective\n- Rights Relay e.V.');
    expect(markdown).not.toContain('North Bridge');
    expect(markdown).toContain(second.contentHash);
    expect(await eventsOf(t, 'statement.published', made.id)).toEqual([{ statementId: made.id, revisionId: second.id }]);
  });
});

describe('declining', () => {
  it("shows the reason to the leads and the organisation itself only, and never writes it to the audit log", async () => {
    const made = await statementIn(t, cast, 'OPEN_FOR_SIGNATURE', { invited: ['rights-relay', 'north-bridge'] });
    const reason = 'Our board objects to the third paragraph';
    await ok(cast.as.invitedAdmin, ops.decline, { input: { statementId: made.id, organisationId: cast.org['rights-relay'], reason } });
    const reasonFor = async (client: Client) => {
      const { statement } = await ok(client, ops.participants, { id: made.id });
      const row = statement.participants.find((p: { organisationId: string }) => p.organisationId === cast.org['rights-relay']);
      return row ? row.declineReason : 'no row';
    };
    expect(await reasonFor(cast.as.lead)).toBe(reason);
    expect(await reasonFor(cast.as.invitedMember)).toBe(reason);
    expect(await reasonFor(cast.as.drafter)).toBeNull();
    expect(await reasonFor(margit)).toBe('no row');
    const audit = await t.dataSource.query(`SELECT metadata FROM audit_log WHERE action = 'statement.declined' AND subject_id = $1`, [made.id]);
    expect(audit).toEqual([{ metadata: { withReason: true } }]);
  });
});

describe('publication at an embargo time', () => {
  async function embargoed(): Promise<Made> {
    const made = await statementIn(t, cast, 'OPEN_FOR_SIGNATURE', { invited: ['rights-relay', 'north-bridge'] });
    await sign(cast.as.lead, made, 'lantern-lawyers');
    await sign(cast.as.invitedAdmin, made, 'rights-relay');
    await ok(margit, ops.decline, { input: { statementId: made.id, organisationId: cast.org['north-bridge'] } });
    await ok(cast.as.lead, ops.close, { id: made.id });
    const scheduled = (await ok(cast.as.lead, ops.publish, { input: { statementId: made.id, revisionId: made.revisionId, embargoUntil: hours(1).toISOString() } })).publishStatement;
    expect(scheduled).toMatchObject({ status: 'CLOSED', publishedAt: null });
    return made;
  }
  const code = async (client: Client, id: string) => {
    const result = await client.gql(ops.read, { id });
    return result.errors ? errorOf(result)!.extensions.code : 'ok';
  };

  it('keeps the statement to its signatories until the scheduled step publishes it', async () => {
    const made = await embargoed();
    const readers = { lead: cast.as.lead, drafter: cast.as.drafter, invitedAdmin: cast.as.invitedAdmin, invitedMember: cast.as.invitedMember, declined: margit, outsider: cast.as.outsider, operator: cast.as.operator };
    const before = Object.fromEntries(await Promise.all(Object.entries(readers).map(async ([who, c]) => [who, await code(c, made.id)])));
    expect(before).toEqual({ lead: 'ok', drafter: 'ok', invitedAdmin: 'ok', invitedMember: 'ok', declined: 'NOT_FOUND', outsider: 'NOT_FOUND', operator: 'NOT_FOUND' });
    expect((await fetch(`${t.url}/public/statements/${made.id}.md`)).status).toBe(404);

    expect((await scheduler.runDue(new Date())).published).not.toContain(made.id);
    expect(await eventsOf(t, 'statement.published', made.id)).toEqual([]);
    expect((await scheduler.runDue(hours(2))).published).toContain(made.id);
    expect((await scheduler.runDue(hours(2))).published).not.toContain(made.id);
    expect(await eventsOf(t, 'statement.published', made.id)).toEqual([{ statementId: made.id, revisionId: made.revisionId }]);

    const after = Object.fromEntries(await Promise.all(Object.entries(readers).map(async ([who, c]) => [who, await code(c, made.id)])));
    expect(new Set(Object.values(after))).toEqual(new Set(['ok']));
    const seen = (await ok(cast.as.outsider, `query($id: ID!) { statement(id: $id) { status currentRevision { id } participants { organisationId } comments(first: 5) { edges { node { id } } } } }`, { id: made.id })).statement;
    expect(seen).toEqual({ status: 'PUBLISHED', currentRevision: { id: made.revisionId }, participants: [], comments: { edges: [] } });
    expect((await fetch(`${t.url}/public/statements/${made.id}.md`)).status).toBe(200);
  });

  it('cancels the schedule when no confirmed signature is left by then', async () => {
    const made = await embargoed();
    await ok(cast.as.lead, ops.withdrawSignature, { s: made.id, o: cast.org['lantern-lawyers'] });
    await ok(cast.as.invitedAdmin, ops.withdrawSignature, { s: made.id, o: cast.org['rights-relay'] });
    const { cancelled, published } = await scheduler.runDue(hours(2));
    expect({ cancelled: cancelled.includes(made.id), published: published.includes(made.id) }).toEqual({ cancelled: true, published: false });
    const [row] = await t.dataSource.query('SELECT status, embargo_until, publication_revision_id FROM statements WHERE id = $1', [made.id]);
    expect(row).toEqual({ status: 'CLOSED', embargo_until: null, publication_revision_id: null });
    expect(await eventsOf(t, 'statement.publication_cancelled', made.id)).toEqual([{ statementId: made.id }]);
  });
});

describe('the deadline reminder', () => {
  it('is sent once when the deadline comes within 24 hours, and again after the deadline moves', async () => {
    const made = await statementIn(t, cast, 'OPEN_FOR_SIGNATURE', { deadline: hours(30).toISOString() });
    expect((await scheduler.runDue(new Date())).reminded).not.toContain(made.id);
    expect((await scheduler.runDue(hours(7))).reminded).toContain(made.id);
    expect((await scheduler.runDue(hours(8))).reminded).not.toContain(made.id);
    expect(await eventsOf(t, 'statement.deadline_soon', made.id)).toEqual([{ statementId: made.id }]);
    await ok(cast.as.lead, 'mutation($s: ID!, $d: DateTime!) { setStatementDeadline(statementId: $s, deadline: $d) { id } }', { s: made.id, d: hours(60).toISOString() });
    expect((await scheduler.runDue(hours(37))).reminded).toContain(made.id);
    expect(await eventsOf(t, 'statement.deadline_soon', made.id)).toHaveLength(2);
  });
});

describe('exports and the public feed', () => {
  const NAMES = ['Şafak Derneği', 'Sokak Kolektifi', 'İnsan Hakları Vakfı', 'Işık Kolektifi'];
  let signers: { organisationId: string; client: Client }[];
  let individual: Client;
  beforeAll(async () => {
    signers = await organisationsWithAdmins(t, cast, NAMES.length, 'turkish');
    for (const [i, s] of signers.entries()) await t.dataSource.query('UPDATE organisations SET name = $1 WHERE id = $2', [NAMES[i], s.organisationId]);
    [{ client: individual }] = await membersOf(t, signers[1]!.organisationId, 1, 'sokak');
    await t.dataSource.query(`UPDATE users SET display_name = 'Zeynep Çelik' WHERE email = 'sokak-00@demo.invalid'`);
  });

  /** Published, signed by the four organisations in the order 2, 0, 3, 1 (Sokak, Şafak, Işık, İnsan). */
  async function published(referenceLanguage: 'tr' | 'en', signatoryOrder: 'ALPHABETICAL' | 'SIGNING_TIME'): Promise<Made> {
    const texts = [
      { language: 'tr', body: 'Gözaltındaki avukatlar serbest bırakılsın.\n\n<script>alert(1)</script> [bağlantı](javascript:alert(1))' },
      { language: 'en', body: 'Release the detained lawyers.' },
    ];
    const made = await statementIn(t, cast, 'OPEN_FOR_SIGNATURE', { referenceLanguage, texts, signatoryOrder, invited: [], allowIndividualSignatories: true });
    await ok(cast.as.lead, ops.invite, { input: { statementId: made.id, organisationIds: signers.map((s) => s.organisationId) } });
    for (const i of [1, 0, 3, 2]) await ok(signers[i]!.client, ops.sign, { input: { statementId: made.id, organisationId: signers[i]!.organisationId, revisionId: made.revisionId } });
    await ok(individual, 'mutation($s: ID!, $o: ID!, $r: ID!) { addIndividualSignature(statementId: $s, organisationId: $o, revisionId: $r) }', { s: made.id, o: signers[1]!.organisationId, r: made.revisionId });
    await ok(cast.as.lead, ops.close, { id: made.id });
    await ok(cast.as.lead, ops.publish, { input: { statementId: made.id, revisionId: made.revisionId } });
    return made;
  }
  const signatoryLines = (markdown: string) => markdown.split('\n').filter((l) => /^\s*- /.test(l));

  it('lists signatories alphabetically by the reference language (Turkish collation for tr), or by signing time', async () => {
    const tr = await published('tr', 'ALPHABETICAL');
    const en = await published('en', 'ALPHABETICAL');
    const byTime = await published('en', 'SIGNING_TIME');
    const exported = async (m: Made, language?: string) => (await ok(cast.as.operator, ops.export, { id: m.id, format: 'MARKDOWN', language })).statementExport as string;
    expect(signatoryLines(await exported(tr))).toEqual(['- Işık Kolektifi', '- İnsan Hakları Vakfı', '- Sokak Kolektifi', '  - Zeynep Çelik', '- Şafak Derneği']);
    expect(signatoryLines(await exported(en))).toEqual(['- İnsan Hakları Vakfı', '- Işık Kolektifi', '- Şafak Derneği', '- Sokak Kolektifi', '  - Zeynep Çelik']);
    expect(signatoryLines(await exported(byTime))).toEqual(['- Sokak Kolektifi', '  - Zeynep Çelik', '- Şafak Derneği', '- Işık Kolektifi', '- İnsan Hakları Vakfı']);
    expect(await exported(tr)).toContain('## İmzacılar');
    expect(await exported(tr, 'en')).toContain('## Signatories');
    expect(await exported(tr)).toBe(await exported(tr));
  });

  it('exports sanitised HTML and serves the public feed with public fields only', async () => {
    const made = await published('tr', 'ALPHABETICAL');
    const html = (await ok(cast.as.outsider, ops.export, { id: made.id, format: 'HTML' })).statementExport as string;
    expect(html).toContain('<h1>Release the detained lawyers</h1>');
    expect(html).toContain('<li>Işık Kolektifi</li>');
    expect(html).not.toMatch(/<script|javascript:/i);

    const feed = await fetch(`${t.url}/public/statements.json`);
    expect(feed.headers.get('cache-control')).toBe('public, max-age=60');
    const entry = ((await feed.json()) as { statements: Record<string, unknown>[] }).statements.find((s) => s.id === made.id)!;
    expect(Object.keys(entry).sort()).toEqual(['contentHash', 'id', 'links', 'publishedAt', 'referenceLanguage', 'signatories', 'texts', 'title']);
    expect(entry.signatories).toContainEqual({ organisation: 'Sokak Kolektifi', individuals: ['Zeynep Çelik'] });
    expect(JSON.stringify(entry)).not.toMatch(/declineReason|signOnStatus|Deniz|comments/);

    const atom = await fetch(`${t.url}/public/statements.atom`);
    expect(atom.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const xml = await atom.text();
    expect(xml).toContain(`<id>urn:uuid:${made.id}</id>`);
    expect(xml).not.toMatch(/<script|javascript:/i);
    const page = await fetch(`${t.url}/public/statements/${made.id}.html?language=en`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<p>Release the detained lawyers.</p>');
    expect((await fetch(`${t.url}/public/statements/not-an-id.md`)).status).toBe(404);
  });
});

describe('who signs for an organisation', () => {
  it('is its admins, and the members it named for this statement only', async () => {
    const made = await statementIn(t, cast, 'OPEN_FOR_SIGNATURE');
    const other = await statementIn(t, cast, 'OPEN_FOR_SIGNATURE');
    const name = (client: Client, userIds: string[]) => client.gql('mutation($input: SetSignersInput!) { setStatementSigners(input: $input) }', {
      input: { statementId: made.id, organisationId: cast.org['rights-relay'], userIds },
    });
    expect(errorOf(await sign(cast.as.invitedMember, made, 'rights-relay'))?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'organisationId' });
    expect(errorOf(await name(cast.as.invitedMember, [cast.user['tomas']!]))?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'organisationId' });
    expect((await name(cast.as.invitedAdmin, [cast.user['tomas']!])).data).toEqual({ setStatementSigners: [cast.user['tomas']] });
    expect((await sign(cast.as.invitedMember, made, 'rights-relay')).data?.signStatement.signOnStatus).toBe('APPROVED');
    expect(errorOf(await sign(cast.as.invitedMember, other, 'rights-relay'))?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'organisationId' });
    const [audit] = await t.dataSource.query(`SELECT actor_user_id, organisation_id FROM audit_log WHERE action = 'statement.signed' AND subject_id = $1`, [made.id]);
    expect(audit).toEqual({ actor_user_id: cast.user['tomas'], organisation_id: cast.org['rights-relay'] });
  });
});

describe('individual signatories', () => {
  it('add their names only under a signature on the current revision, where the statement allows it', async () => {
    const plain = await statementIn(t, cast, 'OPEN_FOR_SIGNATURE', { deadline: soon() });
    await sign(cast.as.lead, plain, 'lantern-lawyers');
    const add = (client: Client, m: Made) => client.gql('mutation($s: ID!, $o: ID!, $r: ID!) { addIndividualSignature(statementId: $s, organisationId: $o, revisionId: $r) }', { s: m.id, o: cast.org['lantern-lawyers'], r: m.revisionId });
    expect(errorOf(await add(cast.as.leadMember, plain))?.extensions).toMatchObject({ code: 'CONFLICT', field: 'allowIndividualSignatories' });
    const open = await statementIn(t, cast, 'OPEN_FOR_SIGNATURE', { allowIndividualSignatories: true });
    expect(errorOf(await add(cast.as.leadMember, open))?.extensions).toMatchObject({ code: 'CONFLICT', field: 'organisationId' });
    await sign(cast.as.lead, open, 'lantern-lawyers');
    expect((await add(cast.as.leadMember, open)).errors).toBeUndefined();
    expect((await ok(cast.as.lead, SIGNATORIES, { id: open.id })).statement.signatories).toEqual([
      { organisationName: 'Lantern Lawyers Collective', individuals: ['Ece Yıldırımoğlu'] },
    ]);
  });
});
