// Keyset pagination on a real table: every row exactly once, in (created_at, id) order, whatever
// the page size, with ties on created_at; and a cursor the server did not make is BAD_USER_INPUT.
import { randomUUID } from 'node:crypto';
import { DataSource, EntitySchema } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@sw/testing';
import { AppError } from './app-error.js';
import type { ConnectionShape } from './connection.js';
import { encodeCursor, paginate } from './keyset.js';

interface Item {
  id: string;
  createdAt: Date;
  bucket: number;
}
const ItemSchema = new EntitySchema<Item>({
  name: 'KeysetItem',
  tableName: 'keyset_items',
  columns: {
    id: { type: 'uuid', primary: true },
    createdAt: { name: 'created_at', type: 'timestamptz' },
    bucket: { type: 'int' },
  },
});

const TOTAL = 250;
let database: TestDatabase;
let dataSource: DataSource;
/** Every row as the database orders it: (created_at, id) ascending. */
let ordered: Item[];

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = new DataSource({ type: 'postgres', url: database.url, entities: [ItemSchema] });
  await dataSource.initialize();
  await dataSource.query(`CREATE TABLE keyset_items (id uuid PRIMARY KEY, created_at timestamptz NOT NULL, bucket int NOT NULL)`);
  // 250 rows on 40 distinct millisecond timestamps, so most rows share their created_at with
  // others (and ties must be broken by id); random v4 ids, so id order is not insertion order.
  const base = Date.UTC(2026, 0, 1, 9, 0, 0, 0);
  const rows = Array.from({ length: TOTAL }, (_, i) => [randomUUID(), new Date(base + (i % 40) * 7), i % 3] as const);
  for (const [id, at, bucket] of rows) {
    await dataSource.query('INSERT INTO keyset_items (id, created_at, bucket) VALUES ($1, $2, $3)', [id, at, bucket]);
  }
  ordered = (await dataSource.query('SELECT id, created_at AS "createdAt", bucket FROM keyset_items ORDER BY created_at, id')) as Item[];
});
afterAll(async () => {
  await dataSource.destroy();
  await database.drop();
});

const query = (bucket?: number) => {
  const qb = dataSource.getRepository(ItemSchema).createQueryBuilder('i');
  return bucket === undefined ? qb : qb.where('i.bucket = :bucket', { bucket });
};
const COLUMNS = { createdAt: 'i.created_at', id: 'i.id' };
const key = (row: Item) => ({ createdAt: row.createdAt, id: row.id });

/** Follows endCursor until hasNextPage is false; returns the pages. */
async function allPages(first: number, direction: 'ASC' | 'DESC' = 'ASC', bucket?: number): Promise<ConnectionShape<Item>[]> {
  const pages: ConnectionShape<Item>[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const page: ConnectionShape<Item> = await paginate(query(bucket), { first, after }, { ...COLUMNS, direction }, key);
    pages.push(page);
    if (!page.pageInfo.hasNextPage) return pages;
    after = page.pageInfo.endCursor;
  }
  throw new Error('pagination did not end');
}
const idsOf = (pages: ConnectionShape<Item>[]) => pages.flatMap((p) => p.edges.map((e) => e.node.id));

describe('paginate', () => {
  it('has most rows sharing a created_at with another row', () => {
    const perInstant = new Map<number, number>();
    for (const row of ordered) perInstant.set(row.createdAt.getTime(), (perInstant.get(row.createdAt.getTime()) ?? 0) + 1);
    expect(perInstant.size).toBe(40);
    expect(Math.min(...perInstant.values())).toBeGreaterThan(1);
  });

  it('pages through 250 rows with first = 100 in (created_at, id) order, with no duplicate and no gap', async () => {
    const pages = await allPages(100);
    expect(pages.map((p) => p.edges.length)).toEqual([100, 100, 50]);
    expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, false]);
    expect(idsOf(pages)).toEqual(ordered.map((r) => r.id));
  });

  it('gives each edge a cursor that continues right after it', async () => {
    const [first] = await allPages(100);
    const edge = first!.edges[41]!;
    const next = await paginate(query(), { first: 3, after: edge.cursor }, COLUMNS, key);
    expect(next.edges.map((e) => e.node.id)).toEqual(ordered.slice(42, 45).map((r) => r.id));
    expect(first!.pageInfo.endCursor).toBe(first!.edges.at(-1)!.cursor);
    expect(edge.cursor).toBe(encodeCursor(ordered[41]!.createdAt, ordered[41]!.id));
  });

  it.each([1, 7, 39, 40, 41, 99, 249, 250, 251])('gives every row exactly once with first = %d', async (first) => {
    const pages = await allPages(first);
    expect(idsOf(pages)).toEqual(ordered.map((r) => r.id));
    expect(pages.slice(0, -1).every((p) => p.edges.length === first)).toBe(true);
  });

  it('pages newest first with direction DESC', async () => {
    const pages = await allPages(100, 'DESC');
    expect(idsOf(pages)).toEqual(ordered.map((r) => r.id).reverse());
  });

  it('keeps the caller\'s filter on every page', async () => {
    const pages = await allPages(30, 'ASC', 1);
    expect(idsOf(pages)).toEqual(ordered.filter((r) => r.bucket === 1).map((r) => r.id));
  });

  it('sees a row inserted behind the cursor on no later page, and one inserted ahead of it', async () => {
    const [first] = await allPages(100);
    const end = first!.pageInfo.endCursor!;
    const behind = randomUUID();
    const ahead = randomUUID();
    await dataSource.query('INSERT INTO keyset_items (id, created_at, bucket) VALUES ($1, $2, 9), ($3, $4, 9)', [
      behind, ordered[0]!.createdAt, ahead, new Date(ordered.at(-1)!.createdAt.getTime() + 1),
    ]);
    try {
      const rest: string[] = [];
      let after: string | null = end;
      for (;;) {
        const page: ConnectionShape<Item> = await paginate(query(), { first: 100, after }, COLUMNS, key);
        rest.push(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(rest).toEqual([...ordered.slice(100).map((r) => r.id), ahead]);
    } finally {
      await dataSource.query('DELETE FROM keyset_items WHERE bucket = 9');
    }
  });

  it('relies on keyset timestamps of millisecond precision, which every such column of the schema has', async () => {
    // A cursor carries a JS Date (milliseconds): a microsecond created_at would repeat or skip rows.
    const columns: { table_name: string; column_name: string; column_default: string | null }[] = await dataSource.query(
      `SELECT table_name, column_name, column_default FROM information_schema.columns
       WHERE table_schema = 'public' AND column_name IN ('created_at', 'occurred_at') AND table_name <> 'keyset_items'
       ORDER BY table_name`,
    );
    expect(columns.length).toBeGreaterThanOrEqual(8);
    const coarse = columns.filter((c) => !c.column_default?.includes("date_trunc('milliseconds'"));
    expect(coarse).toEqual([]);
  });

  it('answers an empty list with no cursor', async () => {
    const page = await paginate(query(7), { first: 10 }, COLUMNS, key);
    expect(page).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });
});

describe('a cursor the server did not make', () => {
  const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const ID = '0190a5e4-0000-7000-8000-000000000000';

  async function refusal(after: string): Promise<unknown> {
    try {
      await paginate(query(), { first: 10, after }, COLUMNS, key);
    } catch (error) {
      return error;
    }
    throw new Error(`cursor ${after} was accepted`);
  }
  const expectBadAfter = (error: unknown) => {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BAD_USER_INPUT');
    expect((error as AppError).extensions['field']).toBe('after');
    expect((error as AppError).extensions['code']).toBe('BAD_USER_INPUT');
  };

  it.each([
    ['garbage', 'garbage'],
    ['not base64 at all', '%%%'],
    ['JSON that is not a pair', cursor({ at: '2026-01-01T00:00:00.000Z', id: ID })],
    ['a pair of the wrong types', cursor([1767225600000, ID])],
    ['an id that is not a uuid', cursor(['2026-01-01T00:00:00.000Z', 'row-1'])],
    ['an upper-case uuid', cursor(['2026-01-01T00:00:00.000Z', ID.toUpperCase()])],
    ['a timestamp that is not a date', cursor(['yesterday', ID])],
    ['a valid cursor with bytes appended', `${encodeCursor(new Date(), ID)}AAAA`],
  ])('refuses %s with BAD_USER_INPUT naming `after`', async (_, after) => {
    expectBadAfter(await refusal(after));
  });

  // BUG: decodeCursor only checks Date.parse, which accepts far more than PostgreSQL's timestamptz
  // input; the value then fails in the database (QueryFailedError → an internal error).
  it.each([
    ['a bare number', '1'],
    ['a day that does not exist', '2021-02-30'],
    ['a month name', 'March 7'],
    ['a year beyond what PostgreSQL stores', '+275760-09-13T00:00:00.000Z'],
  ])('refuses a timestamp that is %s with BAD_USER_INPUT naming `after`', async (_, at) => {
    expectBadAfter(await refusal(cursor([at, ID])));
  });
});
