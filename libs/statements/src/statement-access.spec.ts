// The statement rules in SQL agree with can() (SECURITY.md 17, 19): for many generated callers,
// the statements the EXISTS condition selects for an action are exactly those StatementAccess
// allows, over statements in every status with organisations in every role and sign-on status.
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { type Actor, PolicyRegistry, type RequestAuth } from '@sw/authz';
import { newId } from '@sw/database';
import { createTestDatabase, type TestDatabase } from '@sw/testing';
import { StatementAccess, StatementAccessLoader, whereStatementAllowed } from './statement-access.js';
import { statementEntities, StatementEntity } from './statement.entity.js';
import { statementPolicy, statementPublicPolicy } from './statement.policy.js';
import { PARTICIPANT_ROLES, SIGN_ON_STATUSES, STATEMENT_STATUSES } from './statement-state.js';

let database: TestDatabase;
let dataSource: DataSource;
const policies = new PolicyRegistry();
policies.register('statements', statementPolicy);
policies.registerPublic('statements', statementPublicPolicy);
const ORGS = Array.from({ length: 4 }, () => newId());
const HASH = 'a'.repeat(64);

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = new DataSource({ type: 'postgres', url: database.url, entities: statementEntities });
  await dataSource.initialize();
  for (const [i, id] of ORGS.entries()) await dataSource.query('INSERT INTO organisations (id, name, slug) VALUES ($1, $2, $3)', [id, `Org ${i}`, `org-${i}`]);

  // Statements in every status, opened or not, under embargo or not, each with a random set of
  // organisations in random roles and sign-on statuses (a fixed seed: the same rows every run).
  const statement = fc.record({
    status: fc.constantFrom(...STATEMENT_STATUSES),
    opened: fc.boolean(),
    embargo: fc.boolean(),
    participants: fc.uniqueArray(
      fc.record({ org: fc.constantFrom(...ORGS), role: fc.constantFrom(...PARTICIPANT_ROLES), signOn: fc.constantFrom(...SIGN_ON_STATUSES) }),
      { selector: (p) => p.org, minLength: 1, maxLength: 4 },
    ),
  });
  for (const s of fc.sample(statement, { numRuns: 160, seed: 20261121 })) {
    await dataSource.transaction(async (db) => {
      const id = newId();
      const revision = newId();
      const published = s.status === 'PUBLISHED' || s.embargo;
      await db.query(
        `INSERT INTO statements (id, title, status, reference_language, languages, current_revision_id, opened_at, embargo_until, published_at, publication_revision_id)
         VALUES ($1, 'T', $2, 'en', '{en}', $3, $4, $5, $6, $7)`,
        [id, s.status, revision, s.opened ? new Date() : null, s.embargo ? new Date(Date.now() + 3_600_000) : null,
          s.status === 'PUBLISHED' ? new Date() : null, published ? revision : null],
      );
      await db.query(`INSERT INTO statement_revisions (id, statement_id, number, title, texts, content_hash) VALUES ($1, $2, 1, 'T', '{"en":"x"}', $3)`, [revision, id, HASH]);
      for (const p of s.participants) {
        const signed = p.signOn === 'APPROVED' || p.signOn === 'NEEDS_RECONFIRMATION';
        await db.query(
          `INSERT INTO statement_organisations (statement_id, organisation_id, role, sign_on_status, signed_revision_id, signed_content_hash, signed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [id, p.org, p.role, p.signOn, signed ? revision : null, signed ? HASH : null, signed ? new Date() : null],
        );
      }
    });
  }
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

const actor = fc.record({
  memberships: fc.uniqueArray(fc.record({ organisationId: fc.constantFrom(...ORGS), role: fc.constantFrom('ADMIN' as const, 'MEMBER' as const) }), {
    selector: (m) => m.organisationId,
    maxLength: 3,
  }),
  isOperator: fc.boolean(),
  anonymous: fc.boolean(),
});

describe('statement rules in SQL', () => {
  it.each(['read', 'comment', 'suggest', 'revise', 'lead', 'export', 'readPublic'])('select exactly the statements can(%s) allows', async (action) => {
    const loader = new StatementAccessLoader();
    const statements = await dataSource.getRepository(StatementEntity).find();
    expect(new Set(statements.map((s) => s.status)).size).toBe(STATEMENT_STATUSES.length);
    const sizes = new Set<number>();
    await fc.assert(
      fc.asyncProperty(actor, async ({ memberships, isOperator, anonymous }) => {
        const facts: Actor | null = anonymous ? null : { userId: newId(), sessionId: newId(), isOperator, memberships, networkStandings: [], coordinatedNetworkIds: [] };
        const auth: RequestAuth = { actor: facts, ability: policies.abilityFor(facts), token: null };
        const qb = dataSource.getRepository(StatementEntity).createQueryBuilder('s').select('s.id');
        const selected = (await whereStatementAllowed(qb, auth.ability, action).getMany()).map((s) => s.id).sort();
        const mine = await loader.mine(dataSource.manager, auth, statements.map((s) => s.id));
        const expected = statements
          .filter((s) => new StatementAccess(s, mine.filter((p) => p.statementId === s.id), auth.ability).can(action))
          .map((s) => s.id)
          .sort();
        expect(selected).toEqual(expected);
        sizes.add(expected.length);
      }),
      { numRuns: 60 },
    );
    // Not vacuous: different callers were allowed different, non-trivial sets (the public rule
    // gives everyone the same: the published statements).
    if (action === 'readPublic') expect([...sizes]).toEqual([statements.filter((s) => s.status === 'PUBLISHED').length]);
    else expect(sizes.size).toBeGreaterThan(3);
  });
});
