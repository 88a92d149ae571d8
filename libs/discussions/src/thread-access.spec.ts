// The thread-subject registry's contract, on its own (the app registers a real provider for every
// kind; test/discussions-authorization.spec.ts and test/thread-subjects.spec.ts go through those):
// a kind without a provider grants nothing, a provider grants exactly its own kind, its SELECT runs
// in the same statement under its own parameter names, and audienceChanged is part of the caller's
// transaction.
import { DataSource } from 'typeorm';
import { type Actor, PolicyRegistry } from '@sw/authz';
import { newId } from '@sw/database';
import { Outbox } from '@sw/events';
import { createTestDatabase, type TestDatabase } from '@sw/testing';
import { discussionsEntities } from './discussions.entities.js';
import { discussionsPolicy } from './discussions.policy.js';
import { ThreadAccess } from './thread-access.js';
import { AUDIENCE_CHANGED, type Caller, type ThreadSubjectProvider, ThreadSubjects } from './thread-subjects.js';
import { ThreadEntity, type ThreadSpaceKind } from './thread.entity.js';

let database: TestDatabase;
let dataSource: DataSource;
const policies = new PolicyRegistry();
policies.register('discussions', discussionsPolicy);
const item = newId();
const network = newId();
const threads = {} as Record<'briefing' | 'statement' | 'network', string>;

const caller = (facts: Partial<Actor> = {}): Caller => {
  const actor: Actor = { userId: newId(), sessionId: newId(), isOperator: false, memberships: [], networkStandings: [], coordinatedNetworkIds: [], ...facts };
  return { actor, ability: policies.abilityFor(actor) };
};

/** Reads every item, whoever asks; records the parameter prefixes it was given. */
const prefixes: string[] = [];
const everything: ThreadSubjectProvider = {
  readableIds: (_caller, prefix) => {
    prefixes.push(prefix);
    return { sql: `SELECT :${prefix}_item::uuid`, params: { [`${prefix}_item`]: item } };
  },
  audience: async () => [],
};

async function readable(access: ThreadAccess, who: Caller, action: 'read' | 'moderate' = 'read'): Promise<string[]> {
  const qb = dataSource.getRepository(ThreadEntity).createQueryBuilder('t').select('t.id', 'id');
  const rows: { id: string }[] = await access.where(qb, who, action).orderBy('t.id').getRawMany();
  return rows.map((r) => r.id);
}

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = new DataSource({ type: 'postgres', url: database.url, entities: discussionsEntities });
  await dataSource.initialize();
  await dataSource.query(`INSERT INTO networks (id, name, slug) VALUES ($1, 'N', 'n')`, [network]);
  const insert = async (kind: ThreadSpaceKind) => {
    const id = newId();
    await dataSource.query(
      `INSERT INTO threads (id, space_kind, space_network_id, subject_id, title) VALUES ($1, $2, $3, $4, 'T')`,
      [id, kind, kind === 'NETWORK' ? network : null, kind === 'NETWORK' ? null : item],
    );
    return id;
  };
  // A briefing and a statement that happen to share an id: only the kind tells them apart.
  threads.briefing = await insert('BRIEFING');
  threads.statement = await insert('STATEMENT');
  threads.network = await insert('NETWORK');
});

afterAll(async () => {
  await dataSource.destroy();
  await database.drop();
});

describe('ThreadSubjects and ThreadAccess', () => {
  it('a kind without a provider grants nothing: no condition at all for a caller with no Thread rule', async () => {
    const access = new ThreadAccess(new ThreadSubjects(new Outbox()));
    expect(access.condition(caller(), 'read')).toBeNull();
    expect(await readable(access, caller())).toEqual([]);
    // A network reader reads the network's thread, and still nothing attached to an item.
    const coordinator = caller({ coordinatedNetworkIds: [network] });
    expect(await readable(access, coordinator)).toEqual([threads.network]);
  });

  it('a provider grants exactly its own kind, in the same statement, under the parameter prefix it is given', async () => {
    const subjects = new ThreadSubjects(new Outbox());
    subjects.register('BRIEFING', everything);
    const access = new ThreadAccess(subjects);
    prefixes.length = 0;
    expect(await readable(access, caller())).toEqual([threads.briefing]);
    expect(await readable(access, caller({ coordinatedNetworkIds: [network] }))).toEqual([threads.briefing, threads.network].sort());
    // Each condition gets a prefix of its own, so two in one statement (read and moderate) cannot clash.
    expect(new Set(prefixes).size).toBe(prefixes.length);
    expect(prefixes.every((p) => /^thread_subject\d+$/.test(p))).toBe(true);
  });

  it('without moderatedIds nobody moderates the kind; a provider answering null grants nothing', async () => {
    const subjects = new ThreadSubjects(new Outbox());
    subjects.register('BRIEFING', everything);
    subjects.register('STATEMENT', { readableIds: () => null, moderatedIds: () => null, audience: async () => [] });
    const access = new ThreadAccess(subjects);
    expect(await readable(access, caller(), 'moderate')).toEqual([]);
    expect(await readable(access, caller())).toEqual([threads.briefing]);
  });

  it('refuses a second provider for a kind', () => {
    const subjects = new ThreadSubjects(new Outbox());
    subjects.register('WORKSHOP', everything);
    expect(() => subjects.register('WORKSHOP', everything)).toThrow('thread subject WORKSHOP registered twice');
    expect(subjects.registered().map(([kind]) => kind)).toEqual(['WORKSHOP']);
  });

  it('audienceChanged is written in the caller\'s transaction: it goes out with the change, or not at all', async () => {
    const subjects = new ThreadSubjects(new Outbox());
    const count = async () => (await dataSource.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = $1 AND payload->>'subjectId' = $2`, [AUDIENCE_CHANGED, item]))[0].n;
    await dataSource.transaction(async (manager) => {
      await subjects.audienceChanged(manager, 'BRIEFING', item);
      await manager.query('SELECT 1');
    });
    expect(await count()).toBe(1);
    await expect(dataSource.transaction(async (manager) => {
      await subjects.audienceChanged(manager, 'BRIEFING', item);
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    expect(await count()).toBe(1);
  });
});
