// Concurrency decided by the database (ARCHITECTURE.md "Data rules", SECURITY.md 35): many people
// acting on one statement at the same moment, over HTTP against the real app and PostgreSQL.
import { startTestApp, type TestApp } from './support/test-app.js';
import {
  type Cast, castOf, current, errorOf, makeStatement, membersOf, ok, ops, organisationsWithAdmins,
} from './support/statements-fixture.js';

let t: TestApp;
let cast: Cast;
beforeAll(async () => {
  t = await startTestApp();
  cast = await castOf(t);
});
afterAll(() => t.close());

describe('10 drafters saving against the same base revision at once', () => {
  it('ends with exactly one new revision and nine CONFLICT answers carrying both texts and a diff', async () => {
    const drafters = await membersOf(t, cast.org['open-press-desk']!, 10, 'drafter');
    const made = await makeStatement(cast, { texts: [{ language: 'en', body: 'Opening line.\nMiddle line.\nClosing line.\n' }] });
    const textOf = (i: number) => `Opening line.\nMiddle line, as drafter ${i} would put it.\nClosing line.\n`;

    const results = await Promise.all(
      drafters.map(({ client }, i) =>
        client.gql(ops.save, { input: { statementId: made.id, baseRevisionId: made.revisionId, texts: [{ language: 'en', body: textOf(i) }] } }),
      ),
    );

    const winners = results.map((r, i) => [r, i] as const).filter(([r]) => !r.errors);
    const losers = results.map((r, i) => [r, i] as const).filter(([r]) => r.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(9);
    const [winner, w] = winners[0]!;
    const revision = (winner.data as { saveStatementRevision: { id: string; number: number } }).saveStatementRevision;
    expect(revision.number).toBe(2);

    const rows = await t.dataSource.query('SELECT number, texts, author_user_id FROM statement_revisions WHERE statement_id = $1 ORDER BY number', [made.id]);
    expect(rows.map((r: { number: number }) => r.number)).toEqual([1, 2]);
    expect(rows[1].texts).toEqual({ en: textOf(w) });
    expect(rows[1].author_user_id).toBe(drafters[w]!.userId);
    expect(await current(t, made.id)).toEqual({ status: 'DRAFTING', revisionId: revision.id, version: 2 });

    for (const [loser, i] of losers) {
      const error = errorOf(loser)!;
      expect(error.extensions).toMatchObject({
        code: 'CONFLICT',
        field: 'baseRevisionId',
        currentRevision: { id: revision.id, number: 2, texts: [{ language: 'en', body: textOf(w) }] },
        yours: { texts: [{ language: 'en', body: textOf(i) }] },
      });
      expect(error.message).toMatch(/revision 2 was saved after revision 1/);
      const diff = (error.extensions.diff as { texts: { language: string; lines: { op: string; text: string }[] }[] }).texts;
      expect(diff).toEqual([{
        language: 'en',
        lines: [
          { op: 'EQUAL', text: 'Opening line.' },
          { op: 'DELETE', text: `Middle line, as drafter ${w} would put it.` },
          { op: 'INSERT', text: `Middle line, as drafter ${i} would put it.` },
          { op: 'EQUAL', text: 'Closing line.' },
          { op: 'EQUAL', text: '' },
        ],
      }]);
    }
    // One text_changed event: the refused saves left nothing behind.
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'statement.text_changed' AND payload->>'statementId' = $1`, [made.id]);
    expect(n).toBe(1);
  });
});

describe('30 organisations signing at once', () => {
  it('records each signature exactly once, bound to the current revision', async () => {
    const signers = await organisationsWithAdmins(t, cast, 30, 'cosigner');
    const made = await makeStatement(cast, { invited: [] });
    await ok(cast.as.lead, ops.invite, { input: { statementId: made.id, organisationIds: signers.map((s) => s.organisationId) } });
    await ok(cast.as.lead, ops.open, { id: made.id });
    const [{ content_hash: hash }] = await t.dataSource.query('SELECT content_hash FROM statement_revisions WHERE id = $1', [made.revisionId]);

    const results = await Promise.all(
      signers.map(({ client, organisationId }) => client.gql(ops.sign, { input: { statementId: made.id, organisationId, revisionId: made.revisionId } })),
    );

    expect(results.filter((r) => r.errors)).toEqual([]);
    const rows = await t.dataSource.query(
      `SELECT organisation_id, sign_on_status, signed_revision_id, signed_content_hash FROM statement_organisations
       WHERE statement_id = $1 AND organisation_id = ANY($2::uuid[])`,
      [made.id, signers.map((s) => s.organisationId)],
    );
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((r: { organisation_id: string }) => r.organisation_id)).size).toBe(30);
    for (const row of rows) expect(row).toMatchObject({ sign_on_status: 'APPROVED', signed_revision_id: made.revisionId, signed_content_hash: hash });
    const audits = await t.dataSource.query(
      `SELECT organisation_id, count(*)::int AS n FROM audit_log WHERE action = 'statement.signed' AND subject_id = $1 GROUP BY organisation_id`,
      [made.id],
    );
    expect(audits).toHaveLength(30);
    expect(audits.every((a: { n: number }) => a.n === 1)).toBe(true);
  });

  it('records one signature when the same organisation signs twice at once', async () => {
    const made = await makeStatement(cast);
    await ok(cast.as.lead, ops.open, { id: made.id });
    const input = { statementId: made.id, organisationId: cast.org['rights-relay'], revisionId: made.revisionId };
    const results = await Promise.all([1, 2, 3].map(() => cast.as.invitedAdmin.gql(ops.sign, { input })));
    expect(results.filter((r) => r.errors)).toEqual([]);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'statement.signed' AND subject_id = $1`, [made.id]);
    expect(n).toBe(1);
  });
});

describe('a save while organisations sign', () => {
  it('never leaves a signature marked approved on a text that is no longer current', async () => {
    const signers = await organisationsWithAdmins(t, cast, 8, 'racer');
    const made = await makeStatement(cast, { invited: [] });
    await ok(cast.as.lead, ops.invite, { input: { statementId: made.id, organisationIds: signers.map((s) => s.organisationId) } });
    await ok(cast.as.lead, ops.open, { id: made.id });

    const [save, ...signed] = await Promise.all([
      cast.as.lead.gql(ops.save, { input: { statementId: made.id, baseRevisionId: made.revisionId, texts: [{ language: 'en', body: 'Amended at the last minute.' }] } }),
      ...signers.map(({ client, organisationId }) => client.gql(ops.sign, { input: { statementId: made.id, organisationId, revisionId: made.revisionId } })),
    ]);
    expect(save!.errors).toBeUndefined();
    // Those who signed before the save need to reconfirm; those after were told the revision is not current.
    for (const result of signed) if (result.errors) expect(errorOf(result)!.extensions).toMatchObject({ code: 'CONFLICT', field: 'revisionId' });
    const rows = await t.dataSource.query(
      `SELECT so.sign_on_status, so.signed_content_hash = r.content_hash AS on_current FROM statement_organisations so
       JOIN statements s ON s.id = so.statement_id JOIN statement_revisions r ON r.id = s.current_revision_id
       WHERE so.statement_id = $1 AND so.organisation_id = ANY($2::uuid[])`,
      [made.id, signers.map((s) => s.organisationId)],
    );
    const accepted = signed.filter((r) => !r.errors).length;
    expect(rows.filter((r: { sign_on_status: string }) => r.sign_on_status === 'NEEDS_RECONFIRMATION')).toHaveLength(accepted);
    expect(rows.filter((r: { sign_on_status: string; on_current: boolean | null }) => r.sign_on_status === 'APPROVED')).toEqual([]);
    const events = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'signature.needs_reconfirmation' AND payload->>'statementId' = $1`, [made.id]);
    expect(events[0].n).toBe(accepted);
  });
});
