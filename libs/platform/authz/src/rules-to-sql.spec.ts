import {
  AbilityBuilder,
  buildMongoQueryMatcher,
  createMongoAbility,
  subject,
  type MongoAbility,
  type RawRuleOf,
} from '@casl/ability';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@sw/testing';
import { abilityToSql, whereAllowed, type FieldColumns } from './rules-to-sql.js';

type Ability = MongoAbility<[string, string | object]>;
type Rule = RawRuleOf<Ability>;

interface Thing {
  id: number;
  org: string;
  label: string | null;
  n: number | null;
  flag: boolean;
  at: Date | null;
}

const COLUMNS: FieldColumns = { org: 't.org', label: 't.label', n: 't.n', flag: 't.flag', at: 't.at' };
const ORGS = [
  '0b6c7c3e-5d0a-4f61-9a57-3f4b8e2d1c01',
  '5e2f0a9b-8c1d-4e7f-b3a2-6d9c0e1f2a02',
  'a7d3e1c9-2b4f-4a6e-8d0c-1f3e5a7b9c03',
];
const UNUSED_ORG = 'f0e1d2c3-b4a5-4968-8776-655443322104';
const HOSTILE = `o'hara"); DROP TABLE things; --\\`;
const LABELS = ['alpha', 'beta', HOSTILE];
// One instant before the epoch: CASL's answer for NULL under a range operator depends on the sign.
const INSTANTS = ['1969-12-31T23:59:59.999Z', '2024-01-01T00:00:00.000Z', '2024-06-30T12:30:00.250Z'].map(
  (iso) => new Date(iso),
);

let db: TestDatabase;
let ds: DataSource;

beforeAll(async () => {
  db = await createTestDatabase();
  ds = new DataSource({ type: 'postgres', url: db.url });
  await ds.initialize();
  await ds.query(`CREATE TABLE things (
    id integer PRIMARY KEY, org uuid NOT NULL, label text, n integer, flag boolean NOT NULL, at timestamptz)`);
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

async function replaceRows(rows: Thing[]): Promise<void> {
  await ds.query('DELETE FROM things');
  await ds.query(
    `INSERT INTO things (id, org, label, n, flag, at)
     SELECT * FROM unnest($1::int[], $2::uuid[], $3::text[], $4::int[], $5::boolean[], $6::timestamptz[])`,
    (['id', 'org', 'label', 'n', 'flag', 'at'] as const).map((column) => rows.map((r) => r[column])),
  );
}

const things = () => ds.createQueryBuilder().select('t.id', 'id').from('things', 't');

async function allowedIds(ability: Ability, action = 'read', qb = things()): Promise<number[]> {
  const rows = await whereAllowed(qb, ability, action, 'Thing', COLUMNS).getRawMany<{ id: number }>();
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

const expectedIds = (ability: Ability, rows: Thing[], action = 'read'): number[] =>
  rows.filter((row) => ability.can(action, subject('Thing', { ...row }))).map((r) => r.id);

function abilityFrom(define: (b: AbilityBuilder<Ability>) => void): Ability {
  const builder = new AbilityBuilder<Ability>(createMongoAbility);
  define(builder);
  return builder.build();
}

const thing = (id: number, fields: Partial<Thing> = {}): Thing => ({
  id,
  org: ORGS[0],
  label: null,
  n: null,
  flag: false,
  at: null,
  ...fields,
});

describe('abilityToSql / whereAllowed', () => {
  const rows = [
    thing(1, { org: ORGS[0], label: 'alpha', n: 1, flag: true }),
    thing(2, { org: ORGS[1], label: HOSTILE, n: -2 }),
    thing(3, { org: ORGS[1] }),
    thing(4, { org: ORGS[2], label: 'beta', n: 3, flag: true, at: INSTANTS[1] }),
  ];
  beforeAll(() => replaceRows(rows));

  it('denies everything when there are no rules', async () => {
    const ability = abilityFrom(() => undefined);
    expect(abilityToSql(ability, 'read', 'Thing', COLUMNS)).toBeNull();
    expect(await allowedIds(ability)).toEqual([]);
  });

  it('denies everything when there are only cannot rules', async () => {
    const conditional = abilityFrom(({ cannot }) => cannot('read', 'Thing', { org: ORGS[0] }));
    const unconditional = abilityFrom(({ cannot }) => cannot('read', 'Thing'));
    expect(abilityToSql(conditional, 'read', 'Thing', COLUMNS)).toBeNull();
    expect(abilityToSql(unconditional, 'read', 'Thing', COLUMNS)).toBeNull();
    expect(await allowedIds(conditional)).toEqual([]);
  });

  it('denies everything when an unconditional cannot overrides the can rules', async () => {
    const ability = abilityFrom(({ can, cannot }) => {
      can('read', 'Thing', { org: ORGS[1] });
      can('read', 'Thing');
      cannot('read', 'Thing');
    });
    expect(abilityToSql(ability, 'read', 'Thing', COLUMNS)).toBeNull();
  });

  it('denies everything when the conditions can match no row', () => {
    const ability = abilityFrom(({ can }) => can('read', 'Thing', { org: { $in: [] } }));
    expect(abilityToSql(ability, 'read', 'Thing', COLUMNS)).toBeNull();
  });

  it('allows every row for an unconditional can', async () => {
    const ability = abilityFrom(({ can }) => can('read', 'Thing'));
    expect(abilityToSql(ability, 'read', 'Thing', COLUMNS)).toEqual({ sql: 'TRUE', params: {} });
    expect(await allowedIds(ability)).toEqual([1, 2, 3, 4]);
  });

  it('subtracts a later cannot from an earlier conditional can', async () => {
    const ability = abilityFrom(({ can, cannot }) => {
      can('read', 'Thing', { org: { $in: [ORGS[0], ORGS[1]] } });
      cannot('read', 'Thing', { label: HOSTILE });
    });
    expect(await allowedIds(ability)).toEqual([1, 3]);
    expect(await allowedIds(ability)).toEqual(expectedIds(ability, rows));
  });

  it('lets a later can win over an earlier cannot', async () => {
    const ability = abilityFrom(({ can, cannot }) => {
      cannot('read', 'Thing', { flag: false });
      can('read', 'Thing', { org: ORGS[1] });
    });
    expect(await allowedIds(ability)).toEqual([2, 3]);
    expect(await allowedIds(ability)).toEqual(expectedIds(ability, rows));
  });

  it('turns cannot rules into negated conditions on the can rules before them', async () => {
    const ability = abilityFrom(({ can, cannot }) => {
      can('read', 'Thing', { org: { $in: [ORGS[0], ORGS[1]] } });
      cannot('read', 'Thing', { label: null });
      cannot('read', 'Thing', { n: { $lt: 0 } });
    });
    // CASL's `null < 0` is true, so the last rule also denies a NULL n: `>=` leaves NULL out.
    expect(abilityToSql(ability, 'read', 'Thing', COLUMNS, 'g')).toEqual({
      sql: '(t.org = ANY(:g_0) AND t.n >= :g_1 AND t.label IS NOT NULL)',
      params: { g_0: [ORGS[0], ORGS[1]], g_1: 0 },
    });
    expect(await allowedIds(ability)).toEqual([1]);
    expect(expectedIds(ability, rows)).toEqual([1]);
  });

  it('treats NULL as CASL does', async () => {
    const cases: [Rule['conditions'], number[]][] = [
      [{ label: null }, [3]],
      [{ label: { $ne: 'alpha' } }, [2, 3, 4]],
      [{ label: { $nin: ['alpha'] } }, [2, 3, 4]],
      [{ label: { $in: ['beta', null] } }, [3, 4]],
      [{ label: { $nin: ['beta', null] } }, [1, 2]],
      [{ label: { $in: [null] } }, [3]],
      [{ label: { $nin: [null] } }, [1, 2, 4]],
      [{ label: { $nin: [] } }, [1, 2, 3, 4]],
      // JS orders null as 0, so CASL lets a NULL through `< 3` but not through `< -1`.
      [{ n: { $lt: 3 } }, [1, 2, 3]],
      [{ n: { $lt: -1 } }, [2]],
      [{ n: { $gt: -3 } }, [1, 2, 3, 4]],
    ];
    for (const [conditions, ids] of cases) {
      const ability = abilityFrom(({ can }) => can('read', 'Thing', conditions));
      expect({ conditions, ids: await allowedIds(ability) }).toEqual({ conditions, ids });
      expect(expectedIds(ability, rows)).toEqual(ids);
    }
  });

  it('throws for a field without a column', () => {
    const ability = abilityFrom(({ can }) => can('read', 'Thing', { secret: 1 }));
    expect(() => abilityToSql(ability, 'read', 'Thing', COLUMNS)).toThrow('no column for field "secret"');
    expect(() => whereAllowed(things(), ability, 'read', 'Thing', COLUMNS)).toThrow('no column');
    const inherited: FieldColumns = Object.create({ secret: 't.label' });
    expect(() => abilityToSql(ability, 'read', 'Thing', inherited)).toThrow('no column for field "secret"');
  });

  it('throws for operators it does not support, naming them', () => {
    const cases: [Rule['conditions'], string][] = [
      [{ label: { $regex: '^a' } }, 'unsupported operator "regex"'],
      [{ label: { $exists: true } }, 'unsupported operator "exists"'],
      [{ label: { $all: ['a'] } }, 'unsupported operator "all"'],
      [{ label: { $size: 1 } }, 'unsupported operator "size"'],
      [{ label: { $elemMatch: { $eq: 'a' } } }, 'unsupported operator "elemMatch"'],
      [{ label: /^a/ }, 'unsupported RegExp value for "label"'],
      [{ org: undefined }, 'unsupported Undefined value for "org"'],
      [{ n: { $in: [1, Number.NaN] } }, 'unsupported NaN value for "n"'],
      [{ label: { $gt: 'a' } }, '"gt" on "label" needs a number or a Date'],
    ];
    for (const [conditions, message] of cases) {
      const ability = abilityFrom(({ can }) => can('read', 'Thing', conditions));
      expect(() => abilityToSql(ability, 'read', 'Thing', COLUMNS)).toThrow(message);
    }
  });

  it('fails closed on $or, which CASL 7 reads as a field name', () => {
    const ability = abilityFrom(({ can }) => can('read', 'Thing', { $or: [{ org: ORGS[0] }] }));
    expect(ability.can('read', subject('Thing', { ...rows[0] }))).toBe(false);
    expect(() => abilityToSql(ability, 'read', 'Thing', COLUMNS)).toThrow('no column for field "$or"');
  });

  it('passes values as parameters, never as SQL', async () => {
    const ability = abilityFrom(({ can }) => can('read', 'Thing', { label: { $in: [HOSTILE, 'beta'] } }));
    const condition = abilityToSql(ability, 'read', 'Thing', COLUMNS, 'x');
    expect(condition).toEqual({ sql: 't.label = ANY(:x_0)', params: { x_0: [HOSTILE, 'beta'] } });
    expect(await allowedIds(ability)).toEqual([2, 4]);
  });

  it('keeps the parameters of two conditions in one query apart', async () => {
    const ability = abilityFrom(({ can }) => {
      can('read', 'Thing', { org: ORGS[1] });
      can('update', 'Thing', { label: HOSTILE });
    });
    const qb = whereAllowed(things(), ability, 'read', 'Thing', COLUMNS);
    expect(await allowedIds(ability, 'update', qb)).toEqual([2]);
  });

  it('is not bypassed by an OR in the where clause the caller wrote first', async () => {
    const none = abilityFrom(() => undefined);
    expect(await allowedIds(none, 'read', things().where('t.flag = true OR t.n = 3'))).toEqual([]);
    const some = abilityFrom(({ can }) => can('read', 'Thing', { org: ORGS[2] }));
    expect(await allowedIds(some, 'read', things().where('t.flag = true').orWhere('t.id = 2'))).toEqual([4]);
  });

  it('wraps a column expression in parentheses', () => {
    const ability = abilityFrom(({ can }) => can('read', 'Thing', { n: 1 }));
    const condition = abilityToSql(ability, 'read', 'Thing', { n: 'coalesce(t.n, 0)' }, 'p');
    expect(condition?.sql).toBe('(coalesce(t.n, 0)) = :p_0');
  });
});

describe('abilityToSql agrees with ability.can()', () => {
  // NULL is where SQL and JS part ways, so conditions and rows hold it often.
  const orNull = <T>(values: fc.Arbitrary<T>) =>
    fc.oneof({ arbitrary: fc.constant(null), weight: 1 }, { arbitrary: values, weight: 2 });
  const orgValue = orNull(fc.constantFrom(...ORGS, UNUSED_ORG));
  const labelValue = orNull(fc.constantFrom(...LABELS, 'gamma'));
  const nValue = orNull(fc.integer({ min: -3, max: 3 }));
  const flagValue = orNull(fc.boolean());
  const atValue = orNull(fc.constantFrom(...INSTANTS));

  const row = fc.record({
    org: fc.constantFrom(...ORGS),
    label: orNull(fc.constantFrom(...LABELS)),
    n: orNull(fc.integer({ min: -3, max: 3 })),
    flag: fc.boolean(),
    at: orNull(fc.constantFrom(...INSTANTS)),
  });
  const rows = fc
    .array(row, { maxLength: 30, size: 'max' })
    .map((list) => list.map((r, id): Thing => ({ id, ...r })));

  /** A field's condition: a bare value (equality) or one or two operators. */
  function fieldCondition<V>(value: fc.Arbitrary<V>, range?: fc.Arbitrary<number | Date>): fc.Arbitrary<unknown> {
    const list = fc.array(value, { maxLength: 3 });
    const ranges = range ? (['$lt', '$lte', '$gt', '$gte'] as const).map((op) => range.map((v) => ({ [op]: v }))) : [];
    const operator = fc.oneof(
      value.map(($eq) => ({ $eq })),
      value.map(($ne) => ({ $ne })),
      list.map(($in) => ({ $in })),
      list.map(($nin) => ({ $nin })),
      ...ranges,
    );
    return fc.oneof(value, operator, fc.tuple(operator, operator).map(([a, b]) => ({ ...a, ...b })));
  }

  const conditionOf = {
    org: fieldCondition(orgValue),
    label: fieldCondition(labelValue),
    n: fieldCondition(nValue, fc.integer({ min: -4, max: 4 })),
    flag: fieldCondition(flagValue),
    at: fieldCondition(atValue, fc.constantFrom(...INSTANTS)),
  };
  // Few fields per query: a conjunction over all of them matches almost no row and hides mistakes.
  const namedCondition = fc.oneof(
    ...Object.entries(conditionOf).map(([name, condition]) => condition.map((c) => [name, c] as const)),
  );
  const fields = fc.array(namedCondition, { maxLength: 3 }).map((entries) => Object.fromEntries(entries));

  function rules(conditions: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Rule[]> {
    const rule = fc.record({
      action: fc.constantFrom('read', 'read', 'update', 'manage'),
      subject: fc.constantFrom('Thing', 'Thing', 'Other', 'all'),
      inverted: fc.boolean(),
      conditions: fc.option(conditions, { nil: undefined }),
      // Rules restricted to fields still count: can() without a field keeps `can` ones, skips `cannot` ones.
      fields: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 7 },
        { arbitrary: fc.constant<string[]>(['label']), weight: 1 },
      ),
    });
    return fc.array(rule, { maxLength: 5 });
  }

  async function agree(ability: Ability, table: Thing[]): Promise<void> {
    await replaceRows(table);
    expect(await allowedIds(ability)).toEqual(expectedIds(ability, table));
  }

  it('for the operators CASL supports, with NULLs', async () => {
    await fc.assert(
      fc.asyncProperty(rules(fields), rows, (ruleSet, table) =>
        agree(createMongoAbility<Ability>(ruleSet), table),
      ),
      { numRuns: 1000 },
    );
  });

  it('for nested $and/$or, where a conditions matcher accepts them', async () => {
    // CASL 7's default matcher has no logical operators; an application may register them.
    const conditionsMatcher = buildMongoQueryMatcher(
      { $and: { type: 'compound' }, $or: { type: 'compound' } },
      {
        or: (node, object, { interpret }) =>
          (node.value as Parameters<typeof interpret>[0][]).some((child) => interpret(child, object)),
      },
    );
    const { query } = fc.letrec<{ query: Record<string, unknown> }>((tie) => ({
      query: fc.oneof(
        { depthSize: 'small' },
        fields,
        fc
          .tuple(fields, fc.constantFrom('$and', '$or'), fc.array(tie('query'), { maxLength: 3 }))
          .map(([plain, operator, nested]) => ({ ...plain, [operator]: nested })),
      ),
    }));
    await fc.assert(
      fc.asyncProperty(rules(query), rows, (ruleSet, table) =>
        agree(createMongoAbility<Ability>(ruleSet, { conditionsMatcher }), table),
      ),
      { numRuns: 1000 },
    );
  });
});
