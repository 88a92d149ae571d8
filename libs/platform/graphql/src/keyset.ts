import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badInput } from './app-error.js';
import type { ConnectionShape, PageArgs } from './connection.js';

/** SQL expressions of the keyset: a timestamp and the id that breaks ties. */
export interface KeysetColumns {
  createdAt: string;
  id: string;
  /** Newest first when 'DESC'. */
  direction?: 'ASC' | 'DESC';
}

interface Cursor {
  at: string;
  id: string;
}

const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

function decodeCursor(after: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
      const [at, id] = value as [string, string];
      // Only what encodeCursor writes: a forged timestamp must not reach PostgreSQL.
      if (ISO_MILLIS.test(at) && new Date(at).toISOString() === at && UUID.test(id)) return { at, id };
    }
  } catch {
    // fall through to the error below
  }
  throw badInput('after', 'is not a cursor from this list');
}

/**
 * One page of a keyset-paginated list (never OFFSET): the query builder already holds the
 * caller's filters, including the authorization condition.
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  args: Pick<PageArgs, 'first' | 'after'>,
  columns: KeysetColumns,
  key: (row: T) => { createdAt: Date; id: string },
): Promise<ConnectionShape<T>> {
  const direction = columns.direction ?? 'ASC';
  if (args.after) {
    const cursor = decodeCursor(args.after);
    const op = direction === 'ASC' ? '>' : '<';
    qb.andWhere(`(${columns.createdAt}, ${columns.id}) ${op} (:keysetAt::timestamptz, :keysetId::uuid)`, {
      keysetAt: cursor.at,
      keysetId: cursor.id,
    });
  }
  const rows = await qb
    .orderBy(columns.createdAt, direction)
    .addOrderBy(columns.id, direction)
    .limit(args.first + 1)
    .getMany();
  const page = rows.slice(0, args.first);
  const edges = page.map((node) => {
    const k = key(node);
    return { node, cursor: encodeCursor(k.createdAt, k.id) };
  });
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > args.first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
