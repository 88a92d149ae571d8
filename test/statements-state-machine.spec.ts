// The statement's state machine, exhaustively and on the real database: every status × every
// transition, what else each status allows, and every step of an organisation's own sign-on from
// every one of its statuses. Every refusal is CONFLICT naming the status and changes nothing.
import { STATEMENT_STATUSES, TRANSITIONS, type StatementStatus, type Transition } from '@sw/statements';
import { type GraphqlResult, startTestApp, type TestApp } from './support/test-app.js';
import { type Cast, castOf, current, errorOf, type Made, ok, ops, snapshot, statementIn } from './support/statements-fixture.js';

let t: TestApp;
let cast: Cast;
beforeAll(async () => {
  t = await startTestApp();
  cast = await castOf(t);
});
afterAll(() => t.close());

// Written out on purpose, not derived from TRANSITIONS: a change to the machine must change this too.
const ALLOWED: Record<Transition, Partial<Record<StatementStatus, StatementStatus>>> = {
  open: { DRAFTING: 'OPEN_FOR_SIGNATURE' },
  close: { OPEN_FOR_SIGNATURE: 'CLOSED' },
  publish: { CLOSED: 'PUBLISHED' },
  withdraw: { DRAFTING: 'WITHDRAWN', OPEN_FOR_SIGNATURE: 'WITHDRAWN', CLOSED: 'WITHDRAWN', PUBLISHED: 'WITHDRAWN' },
};

const run: Record<Transition, (made: Made) => Promise<GraphqlResult>> = {
  open: (m) => cast.as.lead.gql(ops.open, { id: m.id, deadline: new Date(Date.now() + 86_400_000).toISOString() }),
  close: (m) => cast.as.lead.gql(ops.close, { id: m.id }),
  publish: (m) => cast.as.lead.gql(ops.publish, { input: { statementId: m.id, revisionId: m.revisionId } }),
  withdraw: (m) => cast.as.lead.gql(ops.withdraw, { id: m.id }),
};

describe('every status × every transition', () => {
  it('the table in the code is the one written here', () => {
    const fromCode = Object.fromEntries(
      Object.entries(TRANSITIONS).map(([name, { from, to }]) => [name, Object.fromEntries(from.map((status) => [status, to]))]),
    );
    expect(fromCode).toEqual(ALLOWED);
  });

  const cases = STATEMENT_STATUSES.flatMap((status) => (Object.keys(ALLOWED) as Transition[]).map((transition) => [status, transition] as const));
  it.each(cases)('%s → %s', async (status, transition) => {
    const made = await statementIn(t, cast, status);
    const before = await snapshot(t);
    const result = await run[transition](made);
    const to = ALLOWED[transition][status];
    if (to) {
      expect(result.errors).toBeUndefined();
      expect((await current(t, made.id)).status).toBe(to);
    } else {
      expect(errorOf(result)?.extensions).toMatchObject({ code: 'CONFLICT', field: 'status' });
      expect(errorOf(result)?.message).toContain(status);
      expect(await snapshot(t)).toEqual(before);
    }
  });

  it('lets one of two racing closes win and refuses the other', async () => {
    const made = await statementIn(t, cast, 'OPEN_FOR_SIGNATURE');
    const results = await Promise.all([cast.as.lead.gql(ops.close, { id: made.id }), cast.as.lead.gql(ops.close, { id: made.id })]);
    expect(results.map((r) => (r.errors ? errorOf(r)!.extensions.code : 'ok')).sort()).toEqual(['CONFLICT', 'ok']);
    const audits = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'statement.closed' AND subject_id = $1`, [made.id]);
    expect(audits[0].n).toBe(1);
  });
});

// What a status allows besides transitions: each use case asks the same table.
const ALLOWS: Record<string, StatementStatus[]> = {
  save: ['DRAFTING', 'OPEN_FOR_SIGNATURE'],
  comment: ['DRAFTING', 'OPEN_FOR_SIGNATURE', 'CLOSED'],
  sign: ['OPEN_FOR_SIGNATURE'],
  decline: ['OPEN_FOR_SIGNATURE'],
  withdrawSignature: ['OPEN_FOR_SIGNATURE', 'CLOSED'],
};
const doing: Record<keyof typeof ALLOWS, (made: Made) => Promise<GraphqlResult>> = {
  save: (m) => cast.as.drafter.gql(ops.save, { input: { statementId: m.id, baseRevisionId: m.revisionId, texts: [{ language: 'en', body: 'Changed.' }] } }),
  comment: (m) => cast.as.lead.gql(ops.comment, { input: { statementId: m.id, revisionId: m.revisionId, body: 'A remark.' } }),
  sign: (m) => cast.as.drafterAdmin.gql(ops.sign, { input: { statementId: m.id, organisationId: cast.org['open-press-desk'], revisionId: m.revisionId } }),
  decline: (m) => cast.as.drafterAdmin.gql(ops.decline, { input: { statementId: m.id, organisationId: cast.org['open-press-desk'] } }),
  withdrawSignature: (m) => cast.as.lead.gql(ops.withdrawSignature, { s: m.id, o: cast.org['lantern-lawyers'] }),
};

describe('what each status allows', () => {
  const cases = STATEMENT_STATUSES.flatMap((status) => Object.keys(ALLOWS).map((what) => [status, what] as const));
  it.each(cases)('%s: %s', async (status, what) => {
    const made = await statementIn(t, cast, status);
    // So that withdrawing has a signature to withdraw where the statement was never signed on the way.
    if (what === 'withdrawSignature' && status === 'OPEN_FOR_SIGNATURE') {
      await ok(cast.as.lead, ops.sign, { input: { statementId: made.id, organisationId: cast.org['lantern-lawyers'], revisionId: made.revisionId } });
    }
    const before = await snapshot(t);
    const result = await doing[what]!(made);
    if (ALLOWS[what]!.includes(status)) {
      expect(result.errors).toBeUndefined();
    } else {
      expect(errorOf(result)?.extensions).toMatchObject({ code: 'CONFLICT', field: 'status' });
      expect(await snapshot(t)).toEqual(before);
    }
  });
});

// An organisation's own process: INVITED → REVIEWING → APPROVED | DECLINED, WITHDRAWN later, and
// NEEDS_RECONFIRMATION when the text changed after it signed.
const SIGN_ON = ['INVITED', 'REVIEWING', 'APPROVED', 'NEEDS_RECONFIRMATION', 'DECLINED', 'WITHDRAWN'] as const;
const STEP_ALLOWED: Record<string, Partial<Record<(typeof SIGN_ON)[number], string>>> = {
  review: { INVITED: 'REVIEWING', REVIEWING: 'REVIEWING' },
  sign: { INVITED: 'APPROVED', REVIEWING: 'APPROVED', APPROVED: 'APPROVED', NEEDS_RECONFIRMATION: 'APPROVED', DECLINED: 'APPROVED', WITHDRAWN: 'APPROVED' },
  decline: { INVITED: 'DECLINED', REVIEWING: 'DECLINED', NEEDS_RECONFIRMATION: 'DECLINED', WITHDRAWN: 'DECLINED' },
  withdraw: { APPROVED: 'WITHDRAWN', NEEDS_RECONFIRMATION: 'WITHDRAWN' },
};

describe("every sign-on status × every step of the organisation's process", () => {
  const relay = () => cast.org['rights-relay']!;
  const step = (m: Made, name: string) => {
    const o = relay();
    const s = m.id;
    switch (name) {
      case 'review':
        return cast.as.invitedAdmin.gql('mutation($s: ID!, $o: ID!) { reviewStatement(statementId: $s, organisationId: $o) { signOnStatus } }', { s, o });
      case 'sign':
        return cast.as.invitedAdmin.gql(ops.sign, { input: { statementId: s, organisationId: o, revisionId: m.revisionId } });
      case 'decline':
        return cast.as.invitedAdmin.gql(ops.decline, { input: { statementId: s, organisationId: o, reason: 'Not our mandate' } });
      default:
        return cast.as.invitedAdmin.gql(ops.withdrawSignature, { s, o });
    }
  };
  async function inSignOn(status: (typeof SIGN_ON)[number]): Promise<Made> {
    const made = await statementIn(t, cast, 'OPEN_FOR_SIGNATURE');
    if (status === 'REVIEWING') await step(made, 'review');
    if (['APPROVED', 'NEEDS_RECONFIRMATION', 'WITHDRAWN'].includes(status)) await step(made, 'sign');
    if (status === 'WITHDRAWN') await step(made, 'withdraw');
    if (status === 'DECLINED') await step(made, 'decline');
    if (status === 'NEEDS_RECONFIRMATION') {
      const saved = await ok(cast.as.lead, ops.save, { input: { statementId: made.id, baseRevisionId: made.revisionId, texts: [{ language: 'en', body: 'New words.' }] } });
      made.revisionId = saved.saveStatementRevision.id;
    }
    const [row] = await t.dataSource.query('SELECT sign_on_status FROM statement_organisations WHERE statement_id = $1 AND organisation_id = $2', [made.id, relay()]);
    expect(row.sign_on_status).toBe(status);
    return made;
  }

  const cases = SIGN_ON.flatMap((status) => Object.keys(STEP_ALLOWED).map((name) => [status, name] as const));
  it.each(cases)('%s: %s', async (status, name) => {
    const made = await inSignOn(status);
    const before = await snapshot(t);
    const result = await step(made, name);
    const to = STEP_ALLOWED[name]![status];
    const [row] = await t.dataSource.query('SELECT sign_on_status FROM statement_organisations WHERE statement_id = $1 AND organisation_id = $2', [made.id, relay()]);
    if (to) {
      expect(result.errors).toBeUndefined();
      expect(row.sign_on_status).toBe(to);
    } else {
      expect(errorOf(result)?.extensions).toMatchObject({ code: 'CONFLICT', field: 'signOnStatus' });
      expect(await snapshot(t)).toEqual(before);
    }
  });
});
