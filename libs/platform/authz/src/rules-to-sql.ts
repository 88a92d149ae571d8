/**
 * Row-level authorisation in SQL: turns the rules a CASL ability has for (action, subject type)
 * into a WHERE condition that selects exactly the rows for which
 * `ability.can(action, subject(subjectType, row))` is true.
 *
 * Deny by default. No access is `null`, never an empty condition, and whatever this module does
 * not understand (an operator, a field without a column, a value type) throws instead of being
 * skipped.
 *
 * How it stays faithful to CASL's JavaScript semantics:
 * - `rulesToAST` flattens CASL's rule priorities into and/or/not. NOT is pushed down to the leaves
 *   (De Morgan), and every leaf is TRUE exactly where CASL's test is true; it may be NULL only
 *   where CASL's test is false. SQL's three-valued logic therefore never leaks through a negation.
 * - Rows are compared as loaded, with every mapped field present and NULL as null. NULL columns
 *   behave as in CASL: `{ f: null }` matches NULL; `$ne`/`$nin` match NULL unless null is the
 *   value (or in the list); `$in` matches NULL only when the list holds null; a range operator
 *   matches NULL when JS's `null < value` (etc.) is true, which depends on the value.
 * - Range operators take numbers and Dates only: JS and PostgreSQL order strings differently.
 * - Columns must be scalar (CASL matches array fields element-wise), and each value must have the
 *   JS type the entity exposes for its column: CASL compares with `===`, whereas PostgreSQL casts a
 *   parameter to the column's type. Timestamps compare at SQL precision, not JS milliseconds.
 */
import type { AnyMongoAbility } from '@casl/ability';
import { rulesToAST } from '@casl/ability/extra';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Maps a rule field name (as used in CASL conditions) to a SQL expression, e.g.
 * { organisationId: 'b.organisation_id' }. Fields not in the map make conversion throw (never
 * silently ignored).
 */
export type FieldColumns = Record<string, string>;

export interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
}

type Node = NonNullable<ReturnType<typeof rulesToAST>>;
type Scalar = string | number | boolean | Date;
type RangeOperator = 'lt' | 'lte' | 'gt' | 'gte';

const TRUE = 'TRUE';
const FALSE = 'FALSE';
const SQL_OPERATORS: Record<RangeOperator, string> = { lt: '<', lte: '<=', gt: '>', gte: '>=' };
const COMPLEMENTS: Record<RangeOperator, RangeOperator> = { lt: 'gte', lte: 'gt', gt: 'lte', gte: 'lt' };
// Bare (optionally qualified, optionally quoted) column references need no parentheses.
const PLAIN_COLUMN = /^(?:[A-Za-z_][A-Za-z0-9_]*|"[^"]+")(?:\.(?:[A-Za-z_][A-Za-z0-9_]*|"[^"]+"))*$/;
const PARAM_PREFIX = /^[A-Za-z_][A-Za-z0-9_]*$/;

let conditionsMade = 0;

/**
 * Returns null when the ability grants nothing for (action, subjectType) — the caller must then
 * return no rows and must NOT run an unfiltered query. Returns { sql: 'TRUE', params: {} } when
 * access is unconditional. Parameters are named `<paramPrefix>_0`, `<paramPrefix>_1`, …; the
 * default prefix is new on every call, so several conditions can share one query.
 */
export function abilityToSql(
  ability: AnyMongoAbility,
  action: string,
  subjectType: string,
  columns: FieldColumns,
  paramPrefix = `authz${conditionsMade++}`,
): SqlCondition | null {
  if (!PARAM_PREFIX.test(paramPrefix)) throw new Error(`rules-to-sql: invalid parameter prefix "${paramPrefix}"`);
  // Field-level rules (`fields`) are enforced elsewhere: as in can() without a field, `can` rules
  // restricted to fields still grant the row and `cannot` rules restricted to fields are skipped.
  const ast = rulesToAST(ability, action, subjectType);
  if (ast === null) return null;
  const compiler = new Compiler(columns, paramPrefix);
  const sql = compiler.compile(ast, false);
  return sql === FALSE ? null : { sql, params: compiler.params };
}

/**
 * Applies the condition with andWhere; when abilityToSql returns null it adds `AND FALSE` (so the
 * query returns nothing). Returns the builder. Call it after the query's own where clauses, and
 * never add orWhere after it.
 */
export function whereAllowed<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  ability: AnyMongoAbility,
  action: string,
  subjectType: string,
  columns: FieldColumns,
): SelectQueryBuilder<T> {
  const condition = abilityToSql(ability, action, subjectType, columns);
  // TypeORM joins where clauses without parentheses, so `where('a OR b')` followed by
  // andWhere(x) would read as `a OR (b AND x)`: bracket whatever the caller put there first.
  const { wheres } = qb.expressionMap;
  if (wheres.length > 0) {
    qb.expressionMap.wheres = [{ type: 'and', condition: { operator: 'brackets', condition: wheres } }];
  }
  if (condition === null) return qb.andWhere(FALSE);
  const existing = qb.getParameters();
  const clash = Object.keys(condition.params).find((name) => Object.hasOwn(existing, name));
  // A clash would silently replace one of the values the condition was built with.
  if (clash !== undefined) throw new Error(`rules-to-sql: query already has a parameter named "${clash}"`);
  return qb.andWhere(condition.sql, condition.params);
}

class Compiler {
  readonly params: Record<string, unknown> = {};
  private paramCount = 0;

  constructor(
    private readonly columns: FieldColumns,
    private readonly prefix: string,
  ) {}

  /**
   * SQL that is TRUE exactly where `node` holds (or, when `negate`, where it does not). It may be
   * NULL only where it must not be TRUE, which AND and OR preserve.
   */
  compile(node: Node, negate: boolean): string {
    switch (node.operator) {
      case 'and':
      case 'or': {
        const parts = childrenOf(node).map((child) => this.compile(child, negate));
        return (node.operator === 'and') !== negate ? all(parts) : any(parts);
      }
      case 'not': {
        const children = childrenOf(node);
        if (children.length !== 1) throw new Error(`rules-to-sql: "not" takes one condition, got ${children.length}`);
        return this.compile(children[0], !negate);
      }
      case 'eq':
        return this.equals(node, negate);
      case 'ne':
        return this.equals(node, !negate);
      case 'in':
        return this.within(node, negate);
      case 'nin':
        return this.within(node, !negate);
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte':
        return this.range(node.operator, node, negate);
      default:
        throw new Error(`rules-to-sql: unsupported operator "${node.operator}"`);
    }
  }

  private equals(node: Node, negate: boolean): string {
    const column = this.column(node);
    const value = valueOf(node.value, node);
    if (value === null) return `${column} ${negate ? 'IS NOT NULL' : 'IS NULL'}`;
    // Plain `=` keeps indexes usable; once negated, a NULL column must count as "not equal".
    return negate ? `${column} IS DISTINCT FROM ${this.param(value)}` : `${column} = ${this.param(value)}`;
  }

  private within(node: Node, negate: boolean): string {
    const column = this.column(node);
    if (!Array.isArray(node.value)) {
      throw new Error(`rules-to-sql: "${node.operator}" on "${fieldOf(node)}" needs an array`);
    }
    const values: (Scalar | null)[] = node.value.map((value: unknown) => valueOf(value, node));
    const listsNull = values.includes(null);
    const others = values.filter((value): value is Scalar => value !== null);
    if (!negate) {
      const inOthers = others.length > 0 ? `${column} = ANY(${this.param(others)})` : FALSE;
      return listsNull ? any([inOthers, `${column} IS NULL`]) : inOthers;
    }
    // `<> ALL` is NULL for a NULL column, so whether NULL is outside the list is said explicitly.
    const notInOthers = others.length > 0 ? `${column} <> ALL(${this.param(others)})` : TRUE;
    return listsNull ? all([notInOthers, `${column} IS NOT NULL`]) : any([notInOthers, `${column} IS NULL`]);
  }

  private range(operator: RangeOperator, node: Node, negate: boolean): string {
    const column = this.column(node);
    const value = valueOf(node.value, node);
    if (typeof value !== 'number' && !(value instanceof Date)) {
      throw new Error(`rules-to-sql: "${operator}" on "${fieldOf(node)}" needs a number or a Date`);
    }
    // Over non-NULL values the order is total, so "not <" is ">=".
    const compared = `${column} ${SQL_OPERATORS[negate ? COMPLEMENTS[operator] : operator]} ${this.param(value)}`;
    return nullSatisfies(operator, value) !== negate ? any([compared, `${column} IS NULL`]) : compared;
  }

  private column(node: Node): string {
    const field = fieldOf(node);
    if (!Object.hasOwn(this.columns, field)) throw new Error(`rules-to-sql: no column for field "${field}"`);
    const sql = this.columns[field];
    return PLAIN_COLUMN.test(sql) ? sql : `(${sql})`;
  }

  private param(value: Scalar | Scalar[]): string {
    const name = `${this.prefix}_${this.paramCount++}`;
    this.params[name] = value;
    return `:${name}`;
  }
}

/**
 * What CASL answers for a NULL column. ucast compares with `a === b ? 0 : a > b ? 1 : -1` (Dates
 * as epoch milliseconds), and JS turns null into 0 for `>`: so `null < 3` and `null > -3` hold.
 */
function nullSatisfies(operator: RangeOperator, value: number | Date): boolean {
  const order = 0 > (value instanceof Date ? value.getTime() : value) ? 1 : -1;
  return operator === 'lt' || operator === 'lte' ? order === -1 : order === 1;
}

function childrenOf(node: Node): Node[] {
  if (!Array.isArray(node.value)) throw new Error(`rules-to-sql: "${node.operator}" without a list of conditions`);
  return node.value as Node[];
}

function fieldOf(node: Node): string {
  const { field } = node as { field?: unknown };
  if (typeof field !== 'string') throw new Error(`rules-to-sql: unsupported condition "${node.operator}"`);
  return field;
}

/**
 * Only values SQL compares the way CASL does. Undefined (usually a missing fact about the actor),
 * RegExps, other objects and NaN throw.
 */
function valueOf(value: unknown, node: Node): Scalar | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  const kind = typeof value === 'number' ? String(value) : Object.prototype.toString.call(value).slice(8, -1);
  throw new Error(`rules-to-sql: unsupported ${kind} value for "${fieldOf(node)}"`);
}

function all(parts: string[]): string {
  if (parts.includes(FALSE)) return FALSE;
  const rest = parts.filter((part) => part !== TRUE);
  if (rest.length === 0) return TRUE;
  return rest.length === 1 ? rest[0] : `(${rest.join(' AND ')})`;
}

function any(parts: string[]): string {
  if (parts.includes(TRUE)) return TRUE;
  const rest = parts.filter((part) => part !== FALSE);
  if (rest.length === 0) return FALSE;
  return rest.length === 1 ? rest[0] : `(${rest.join(' OR ')})`;
}
