// Joint statements over the API on the real database: creating and inviting, drafting in
// revisions, comments and suggested edits, diffs, and every kind of bad input the issue names —
// each a clear error naming the field, with nothing changed.
import { randomUUID } from 'node:crypto';
import { type Client, type GraphqlResult, startTestApp, type TestApp } from './support/test-app.js';
import {
  type Cast, castOf, current, errorOf, eventsOf, type Made, makeStatement, ok, ops, snapshot, soon, statementIn,
} from './support/statements-fixture.js';

let t: TestApp;
let cast: Cast;
/** A statement of its own, for the revision ids that belong to another one. */
let foreign: Made;
beforeAll(async () => {
  t = await startTestApp();
  cast = await castOf(t);
  foreign = await makeStatement(cast);
});
afterAll(() => t.close());

const save = (client: Client, m: Made, body: string, baseRevisionId = m.revisionId) =>
  client.gql(ops.save, { input: { statementId: m.id, baseRevisionId, texts: [{ language: 'en', body }] } });

describe('a new statement', () => {
  it('has its lead, drafting and invited organisations; invited ones hear of it when it opens', async () => {
    const made = await makeStatement(cast);
    const { statement } = await ok(cast.as.lead, ops.participants, { id: made.id });
    expect(statement.participants.map((p: { organisationName: string; role: string }) => [p.organisationName, p.role])).toEqual([
      ['Lantern Lawyers Collective', 'LEAD'], ['Open Press Desk', 'DRAFTER'], ['Rights Relay e.V.', 'INVITED'],
    ]);
    expect(await eventsOf(t, 'statement.invited', made.id)).toEqual([{ statementId: made.id, organisationId: cast.org['open-press-desk'] }]);
    await ok(cast.as.lead, ops.open, { id: made.id });
    expect((await eventsOf(t, 'statement.invited', made.id)).map((e) => e.organisationId)).toEqual([cast.org['open-press-desk'], cast.org['rights-relay']]);
    const audit = await t.dataSource.query(`SELECT action, metadata FROM audit_log WHERE subject_id = $1 ORDER BY seq`, [made.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['statement.created', 'statement.organisation_added', 'statement.organisation_added', 'statement.opened']);
    expect(JSON.stringify(audit)).not.toContain('detained');
  });

  it('invites every organisation of a network the lead is a member of, once each', async () => {
    const made = await makeStatement(cast, { invited: [] });
    await ok(cast.as.lead, ops.invite, { input: { statementId: made.id, networkIds: [cast.net['kestrel-network']] } });
    const rows = await t.dataSource.query(`SELECT organisation_id, role, via_network_id FROM statement_organisations WHERE statement_id = $1`, [made.id]);
    const kestrel = await t.dataSource.query(`SELECT organisation_id FROM network_organisations WHERE network_id = $1`, [cast.net['kestrel-network']]);
    expect(rows).toHaveLength(kestrel.length);
    expect(rows.filter((r: { via_network_id: string | null }) => r.via_network_id === cast.net['kestrel-network'])).toHaveLength(kestrel.length - 2);
  });
});

describe('drafting in revisions', () => {
  it('records every revision with its author and organisation, and shows invited organisations only those since opening', async () => {
    const made = await makeStatement(cast);
    const second = (await ok(cast.as.drafter, ops.save, { input: { statementId: made.id, baseRevisionId: made.revisionId, texts: [{ language: 'en', body: 'Second.' }] } })).saveStatementRevision;
    await ok(cast.as.lead, ops.open, { id: made.id });
    const third = (await ok(cast.as.lead, ops.save, { input: { statementId: made.id, baseRevisionId: second.id, title: 'Free them now', texts: [{ language: 'en', body: 'Third.' }] } })).saveStatementRevision;
    const query = `query($id: ID!) { statement(id: $id) { title revisions(first: 10) { edges { node { number organisationName authorName } } } } }`;
    const forDrafter = (await ok(cast.as.drafter, query, { id: made.id })).statement;
    expect(forDrafter.title).toBe('Free them now');
    expect(forDrafter.revisions.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { number: 3, organisationName: 'Lantern Lawyers Collective', authorName: 'Deniz Avcı' },
      { number: 2, organisationName: 'Open Press Desk', authorName: 'Selin Karadağlı' },
      { number: 1, organisationName: 'Lantern Lawyers Collective', authorName: 'Deniz Avcı' },
    ]);
    const forInvited = (await ok(cast.as.invitedMember, query, { id: made.id })).statement;
    expect(forInvited.revisions.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { number: 3, organisationName: 'Lantern Lawyers Collective', authorName: null },
      { number: 2, organisationName: 'Open Press Desk', authorName: null },
    ]);
    const tooMany = await cast.as.drafter.gql(`query($id: ID!) { statement(id: $id) { revisions(first: 101) { edges { node { id } } } } }`, { id: made.id });
    expect(errorOf(tooMany)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const diff = await cast.as.invitedMember.gql(`query($s: ID!, $a: ID!, $b: ID!) { statementDiff(statementId: $s, fromRevisionId: $a, toRevisionId: $b) { title { op text } texts { language lines { op text } } } }`, { s: made.id, a: made.revisionId, b: third.id });
    expect(errorOf(diff)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromRevisionId' });
    const allowed = await ok(cast.as.invitedMember, `query($s: ID!, $a: ID!, $b: ID!) { statementDiff(statementId: $s, fromRevisionId: $a, toRevisionId: $b) { title { op text } texts { language lines { op text } } } }`, { s: made.id, a: second.id, b: third.id });
    expect(allowed.statementDiff).toEqual({
      title: [{ op: 'DELETE', text: 'Release the detained lawyers' }, { op: 'INSERT', text: 'Free them now' }],
      texts: [{ language: 'en', lines: [{ op: 'DELETE', text: 'Second.' }, { op: 'INSERT', text: 'Third.' }] }],
    });
  });

  it('refuses a save based on an older revision with both texts, and accepts the merge saved against the current one', async () => {
    const made = await makeStatement(cast, { texts: [{ language: 'en', body: 'One.\nTwo.\n' }] });
    const first = await save(cast.as.lead, made, 'One.\nTwo, amended by the lead.\n');
    expect(first.errors).toBeUndefined();
    const before = await snapshot(t);
    const late = await save(cast.as.drafter, made, 'One, amended by the drafter.\nTwo.\n');
    expect(errorOf(late)!.extensions).toMatchObject({
      code: 'CONFLICT', field: 'baseRevisionId',
      currentRevision: { number: 2, texts: [{ language: 'en', body: 'One.\nTwo, amended by the lead.\n' }] },
      yours: { texts: [{ language: 'en', body: 'One, amended by the drafter.\nTwo.\n' }] },
    });
    expect(await snapshot(t)).toEqual(before);
    const currentId = (errorOf(late)!.extensions.currentRevision as { id: string }).id;
    const merged = await save(cast.as.drafter, made, 'One, amended by the drafter.\nTwo, amended by the lead.\n', currentId);
    expect(merged.data?.saveStatementRevision.number).toBe(3);
  });
});

describe('comments and suggested edits', () => {
  it('anchors comments to a revision and a quoted passage; invited organisations see only what concerns them', async () => {
    const made = await makeStatement(cast);
    await ok(cast.as.drafter, ops.comment, { input: { statementId: made.id, revisionId: made.revisionId, body: 'Internal: soften this?', quote: 'call for their release' } });
    await ok(cast.as.lead, ops.open, { id: made.id });
    await ok(cast.as.lead, ops.comment, { input: { statementId: made.id, revisionId: made.revisionId, body: 'Please review by Friday.' } });
    await ok(cast.as.invitedMember, ops.comment, { input: { statementId: made.id, revisionId: made.revisionId, body: 'Add the trial date?' } });
    const list = `query($id: ID!) { statement(id: $id) { comments(first: 10) { edges { node { id body authorName resolved } } } } }`;
    const bodies = async (client: Client) => (await ok(client, list, { id: made.id })).statement.comments.edges.map((e: { node: { body: string } }) => e.node.body);
    expect(await bodies(cast.as.drafter)).toEqual(['Internal: soften this?', 'Please review by Friday.', 'Add the trial date?']);
    expect(await bodies(cast.as.invitedAdmin)).toEqual(['Please review by Friday.', 'Add the trial date?']);
    const internal = (await ok(cast.as.drafter, list, { id: made.id })).statement.comments.edges[0].node.id;
    const resolve = 'mutation($id: ID!) { resolveStatementComment(id: $id, resolved: true) { resolved } }';
    expect(errorOf(await cast.as.invitedAdmin.gql(resolve, { id: internal }))?.extensions.code).toBe('NOT_FOUND');
    expect((await ok(cast.as.lead, resolve, { id: internal })).resolveStatementComment).toEqual({ resolved: true });
  });

  it('lets an invited organisation propose a change that a lead accepts as a new revision, or rejects', async () => {
    const made = await statementIn(t, cast, 'OPEN_FOR_SIGNATURE', { texts: [{ language: 'en', body: 'We call for their release.\nWe urge the court.\n' }] });
    const suggest = `mutation($input: SuggestEditInput!) { suggestStatementEdit(input: $input) { id status } }`;
    const proposal = (quote: string, replacement: string) => ({ input: { statementId: made.id, revisionId: made.revisionId, language: 'en', quote, replacement } });
    const accepted = (await ok(cast.as.invitedMember, suggest, proposal('call for', 'demand'))).suggestStatementEdit;
    const stale = (await ok(cast.as.invitedMember, suggest, proposal('We call for their release.', 'We ask.'))).suggestStatementEdit;
    const rejected = (await ok(cast.as.invitedAdmin, suggest, proposal('urge', 'beg'))).suggestStatementEdit;
    const accept = 'mutation($id: ID!) { acceptStatementSuggestion(id: $id) { number texts { body } } }';
    expect(errorOf(await cast.as.drafter.gql(accept, { id: accepted.id }))?.extensions.code).toBe('FORBIDDEN');
    expect((await ok(cast.as.lead, accept, { id: accepted.id })).acceptStatementSuggestion).toEqual({ number: 2, texts: [{ body: 'We demand their release.\nWe urge the court.\n' }] });
    const before = await snapshot(t);
    expect(errorOf(await cast.as.lead.gql(accept, { id: stale.id }))?.extensions).toMatchObject({ code: 'CONFLICT', field: 'quote' });
    expect(await snapshot(t)).toEqual(before);
    await ok(cast.as.lead, 'mutation($id: ID!) { rejectStatementSuggestion(id: $id) { status } }', { id: rejected.id });
    const states = await t.dataSource.query('SELECT id, status FROM statement_suggestions WHERE statement_id = $1', [made.id]);
    expect(Object.fromEntries(states.map((s: { id: string; status: string }) => [s.id, s.status]))).toEqual({
      [accepted.id]: 'ACCEPTED', [stale.id]: 'PENDING', [rejected.id]: 'REJECTED',
    });
  });
});

describe('retries (SECURITY.md 34)', () => {
  it('answer a repeated create, comment or save with the first result, and refuse a reused id with other input', async () => {
    const clientId = randomUUID();
    const input = { ...createInput({ clientId }).input, title: 'Sent twice' };
    const [a, b] = await Promise.all([cast.as.lead.gql(ops.create, { input }), cast.as.lead.gql(ops.create, { input })]);
    expect(a.data?.createStatement.id).toBeDefined();
    expect(b.data?.createStatement.id).toBe(a.data?.createStatement.id);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM statements WHERE title = 'Sent twice'`))[0].n).toBe(1);
    expect(errorOf(await cast.as.lead.gql(ops.create, { input: { ...input, title: 'Something else' } }))?.extensions).toMatchObject({ code: 'CONFLICT', field: 'clientId' });

    const made = { id: a.data!.createStatement.id, revisionId: a.data!.createStatement.currentRevision.id, version: 1 };
    const comment = { input: { statementId: made.id, revisionId: made.revisionId, body: 'Once.', clientId: randomUUID() } };
    const comments = await Promise.all([1, 2, 3].map(() => cast.as.lead.gql(ops.comment, comment)));
    expect(new Set(comments.map((r) => r.data?.commentOnStatement.id)).size).toBe(1);

    const first = await save(cast.as.lead, made, 'Saved, answer lost.');
    const again = await save(cast.as.lead, made, 'Saved, answer lost.');
    expect(again.data?.saveStatementRevision).toEqual(first.data?.saveStatementRevision);
    expect(errorOf(await save(cast.as.leadMember, made, 'Saved, answer lost.'))?.extensions.code).toBe('CONFLICT');
  });
});

// ---- bad input: each a clear error naming the field, nothing changed ----------------------------
interface BadCase {
  name: string;
  prepare?: () => Promise<Made>;
  run: (m: Made) => Promise<GraphqlResult>;
  code: string;
  field: string;
}
const past = () => new Date(Date.now() - 3_600_000).toISOString();
const createInput = (overrides: Record<string, unknown>) => ({
  input: {
    title: 'A statement', referenceLanguage: 'en', texts: [{ language: 'en', body: 'Text.' }],
    leadOrganisationId: cast.org['lantern-lawyers'], deadline: soon(), ...overrides,
  },
});
const open = () => statementIn(t, cast, 'OPEN_FOR_SIGNATURE');
const BAD: BadCase[] = [
  { name: 'a deadline in the past (create)', run: () => cast.as.lead.gql(ops.create, createInput({ deadline: past() })), code: 'BAD_USER_INPUT', field: 'deadline' },
  { name: 'a deadline in the past (open)', prepare: () => makeStatement(cast, { deadline: null }), run: (m) => cast.as.lead.gql(ops.open, { id: m.id, deadline: past() }), code: 'BAD_USER_INPUT', field: 'deadline' },
  { name: 'opening without a deadline', prepare: () => makeStatement(cast, { deadline: null }), run: (m) => cast.as.lead.gql(ops.open, { id: m.id }), code: 'BAD_USER_INPUT', field: 'deadline' },
  { name: 'a deadline in the past (change)', prepare: open, run: (m) => cast.as.lead.gql('mutation($s: ID!, $d: DateTime!) { setStatementDeadline(statementId: $s, deadline: $d) { id } }', { s: m.id, d: past() }), code: 'BAD_USER_INPUT', field: 'deadline' },
  { name: 'inviting an unknown organisation (create)', run: () => cast.as.lead.gql(ops.create, createInput({ invitedOrganisationIds: [randomUUID()] })), code: 'BAD_USER_INPUT', field: 'invitedOrganisationIds' },
  { name: 'inviting an organisation out of reach (create)', run: () => cast.as.lead.gql(ops.create, createInput({ invitedOrganisationIds: [cast.org['quiet-harbour']] })), code: 'BAD_USER_INPUT', field: 'invitedOrganisationIds' },
  { name: 'inviting an unknown organisation', prepare: open, run: (m) => cast.as.lead.gql(ops.invite, { input: { statementId: m.id, organisationIds: [randomUUID()] } }), code: 'BAD_USER_INPUT', field: 'organisationIds' },
  { name: 'inviting a network the leads are not members of', prepare: open, run: (m) => cast.as.lead.gql(ops.invite, { input: { statementId: m.id, networkIds: [cast.net['harbour-group']] } }), code: 'BAD_USER_INPUT', field: 'networkIds' },
  { name: 'inviting an organisation already taking part', prepare: open, run: (m) => cast.as.lead.gql(ops.invite, { input: { statementId: m.id, organisationIds: [cast.org['rights-relay']] } }), code: 'BAD_USER_INPUT', field: 'organisationIds' },
  { name: 'starting a statement for an organisation one is not in', run: () => cast.as.lead.gql(ops.create, createInput({ leadOrganisationId: cast.org['open-press-desk'] })), code: 'FORBIDDEN', field: 'leadOrganisationId' },
  { name: 'a reference language without a text', run: () => cast.as.lead.gql(ops.create, createInput({ referenceLanguage: 'tr' })), code: 'BAD_USER_INPUT', field: 'referenceLanguage' },
  { name: 'a language code that is not one', run: () => cast.as.lead.gql(ops.create, createInput({ texts: [{ language: 'english', body: 'x' }] })), code: 'BAD_USER_INPUT', field: 'texts.0.language' },
  { name: 'a title too long', run: () => cast.as.lead.gql(ops.create, createInput({ title: 'x'.repeat(301) })), code: 'BAD_USER_INPUT', field: 'title' },
  { name: 'saving against a revision that is not the latest', prepare: async () => { const m = await open(); await save(cast.as.lead, m, 'Newer.'); return m; }, run: (m) => save(cast.as.drafter, m, 'Mine.'), code: 'CONFLICT', field: 'baseRevisionId' },
  { name: 'saving a language the statement does not have', prepare: open, run: (m) => cast.as.lead.gql(ops.save, { input: { statementId: m.id, baseRevisionId: m.revisionId, texts: [{ language: 'de', body: 'x' }] } }), code: 'BAD_USER_INPUT', field: 'texts' },
  { name: 'saving an empty reference text', prepare: open, run: (m) => save(cast.as.lead, m, '  \n'), code: 'BAD_USER_INPUT', field: 'texts' },
  { name: 'saving with nothing changed', prepare: open, run: (m) => save(cast.as.lead, m, 'We, the undersigned,\ncall for their release.\n'), code: 'BAD_USER_INPUT', field: 'texts' },
  { name: 'saving against a revision of another statement', prepare: open, run: (m) => save(cast.as.lead, m, 'x', foreign.revisionId), code: 'BAD_USER_INPUT', field: 'baseRevisionId' },
  { name: 'signing a revision that is not the current one', prepare: async () => { const m = await open(); await save(cast.as.lead, m, 'Newer.'); return m; }, run: (m) => cast.as.invitedAdmin.gql(ops.sign, { input: { statementId: m.id, organisationId: cast.org['rights-relay'], revisionId: m.revisionId } }), code: 'CONFLICT', field: 'revisionId' },
  { name: 'signing for an organisation one is not an admin of', prepare: open, run: (m) => cast.as.invitedMember.gql(ops.sign, { input: { statementId: m.id, organisationId: cast.org['rights-relay'], revisionId: m.revisionId } }), code: 'FORBIDDEN', field: 'organisationId' },
  { name: 'signing for an organisation one is not in', prepare: open, run: (m) => cast.as.invitedAdmin.gql(ops.sign, { input: { statementId: m.id, organisationId: cast.org['lantern-lawyers'], revisionId: m.revisionId } }), code: 'FORBIDDEN', field: 'organisationId' },
  { name: 'signing after the deadline', prepare: async () => { const m = await open(); await t.dataSource.query(`UPDATE statements SET deadline = now() - interval '1 minute' WHERE id = $1`, [m.id]); return m; }, run: (m) => cast.as.invitedAdmin.gql(ops.sign, { input: { statementId: m.id, organisationId: cast.org['rights-relay'], revisionId: m.revisionId } }), code: 'CONFLICT', field: 'deadline' },
  { name: 'signing a closed statement', prepare: () => statementIn(t, cast, 'CLOSED'), run: (m) => cast.as.invitedAdmin.gql(ops.sign, { input: { statementId: m.id, organisationId: cast.org['rights-relay'], revisionId: m.revisionId } }), code: 'CONFLICT', field: 'status' },
  { name: 'publishing with zero confirmed signatures', prepare: async () => { const m = await open(); await ok(cast.as.lead, ops.close, { id: m.id }); return m; }, run: (m) => cast.as.lead.gql(ops.publish, { input: { statementId: m.id, revisionId: m.revisionId } }), code: 'CONFLICT', field: 'signatures' },
  { name: 'publishing a revision that is not the current one', prepare: () => statementIn(t, cast, 'CLOSED'), run: (m) => cast.as.lead.gql(ops.publish, { input: { statementId: m.id, revisionId: foreign.revisionId } }), code: 'CONFLICT', field: 'revisionId' },
  { name: 'an embargo in the past', prepare: () => statementIn(t, cast, 'CLOSED'), run: (m) => cast.as.lead.gql(ops.publish, { input: { statementId: m.id, revisionId: m.revisionId, embargoUntil: past() } }), code: 'BAD_USER_INPUT', field: 'embargoUntil' },
  { name: 'a transition the state machine forbids', prepare: () => makeStatement(cast), run: (m) => cast.as.lead.gql(ops.close, { id: m.id }), code: 'CONFLICT', field: 'status' },
  { name: 'a comment quoting a passage the revision does not have', prepare: open, run: (m) => cast.as.lead.gql(ops.comment, { input: { statementId: m.id, revisionId: m.revisionId, body: 'x', quote: 'not in the text' } }), code: 'BAD_USER_INPUT', field: 'quote' },
  { name: 'a suggestion for a passage the revision does not have', prepare: open, run: (m) => cast.as.invitedAdmin.gql('mutation($input: SuggestEditInput!) { suggestStatementEdit(input: $input) { id } }', { input: { statementId: m.id, revisionId: m.revisionId, language: 'en', quote: 'nowhere', replacement: 'x' } }), code: 'BAD_USER_INPUT', field: 'quote' },
  { name: 'naming a signer who is not a member', prepare: open, run: (m) => cast.as.invitedAdmin.gql('mutation($input: SetSignersInput!) { setStatementSigners(input: $input) }', { input: { statementId: m.id, organisationId: cast.org['rights-relay'], userIds: [cast.user['ece']] } }), code: 'BAD_USER_INPUT', field: 'userIds' },
];

describe('bad input', () => {
  it.each(BAD.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const made = c.prepare ? await c.prepare() : (undefined as unknown as Made);
    const state = made ? await current(t, made.id) : null;
    const before = await snapshot(t);
    const result = await c.run(made);
    const error = errorOf(result);
    expect({ code: error?.extensions.code, field: error?.extensions.field, errors: result.errors?.length }).toEqual({ code: c.code, field: c.field, errors: 1 });
    expect(error!.message.startsWith(`${c.field}:`)).toBe(true);
    expect(await snapshot(t)).toEqual(before);
    if (made) expect(await current(t, made.id)).toEqual(state);
  });
});

describe('statements awaiting my organisation', () => {
  const awaiting = async (client: Client): Promise<string[]> =>
    (await ok(client, '{ statements(first: 100, awaitingMyOrganisation: true) { edges { node { id } } } }')).statements.edges.map((e: { node: { id: string } }) => e.node.id);

  it('lists open statements on which one of my organisations must still decide, again after the text changed, and never others', async () => {
    const waiting = await statementIn(t, cast, 'OPEN_FOR_SIGNATURE');
    const signed = await statementIn(t, cast, 'OPEN_FOR_SIGNATURE');
    const drafting = await statementIn(t, cast, 'DRAFTING');
    const elsewhere = await statementIn(t, cast, 'OPEN_FOR_SIGNATURE', { invited: ['workers-ledger'] });
    await ok(cast.as.invitedAdmin, ops.sign, { input: { statementId: signed.id, organisationId: cast.org['rights-relay'], revisionId: signed.revisionId } });

    // rights-relay (ines, tomas): invited to `waiting` and `signed`; only `waiting` still needs its decision.
    for (const person of ['invitedAdmin', 'invitedMember'] as const) {
      const ids = await awaiting(cast.as[person]);
      expect(ids).toContain(waiting.id);
      expect(ids).not.toContain(signed.id);
      expect(ids).not.toContain(drafting.id);
      expect(ids).not.toContain(elsewhere.id);
    }
    // The lead organisation has not signed `elsewhere` yet: it awaits lantern-lawyers, not rights-relay.
    expect(await awaiting(cast.as.lead)).toContain(elsewhere.id);
    expect(await awaiting(cast.as.outsider)).toEqual([]);

    // A changed text asks rights-relay to reconfirm: the statement is back on its list.
    const saved = await save(cast.as.lead, signed, 'We, the undersigned,\ncall for their immediate release.\n');
    expect(saved.errors).toBeUndefined();
    const { participants } = (await ok(cast.as.invitedAdmin, ops.participants, { id: signed.id })).statement;
    expect(participants.find((p: { organisationId: string }) => p.organisationId === cast.org['rights-relay']).signOnStatus).toBe('NEEDS_RECONFIRMATION');
    expect(await awaiting(cast.as.invitedAdmin)).toContain(signed.id);
  });
});
