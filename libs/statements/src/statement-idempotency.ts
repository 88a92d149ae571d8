import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { conflict } from '@sw/graphql';

/** The tables whose rows a client may create idempotently, with the column naming the author. */
const AUTHOR_COLUMN = { statements: 'created_by', statement_comments: 'author_user_id', statement_suggestions: 'author_user_id' } as const;
export type IdempotentTable = keyof typeof AUTHOR_COLUMN;

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .filter((key) => key !== 'clientId' && record[key] !== null && record[key] !== undefined)
        .sort()
        .map((key) => [key, canonical(record[key])]),
    );
  }
  return value;
}

/** A digest of what a request asked for (its clientId aside), to tell a retry from a reuse of the id. */
export const requestDigest = (input: object): string => createHash('sha256').update(JSON.stringify(canonical(input))).digest('hex');

/**
 * The id of the row an earlier request of this user with this clientId made, or null. The same
 * clientId with different input is CONFLICT (SECURITY.md 34).
 */
export async function earlierRequest(db: EntityManager, table: IdempotentTable, userId: string, clientId: string, digest: string): Promise<string | null> {
  const [row] = (await db.query(`SELECT id, client_digest FROM ${table} WHERE ${AUTHOR_COLUMN[table]} = $1 AND client_id = $2`, [userId, clientId])) as {
    id: string;
    client_digest: string;
  }[];
  if (!row) return null;
  if (row.client_digest !== digest) throw conflict('clientId: was already used for a different request', 'clientId');
  return row.id;
}

const isDuplicateRequest = (error: unknown): boolean => {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '23505' && typeof constraint === 'string' && constraint.endsWith('_client_id');
};

/**
 * Runs `work`, and once more if a concurrent twin of the request (same clientId) committed
 * first: the second run finds the twin's row and answers with it.
 */
export async function onceMore<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDuplicateRequest(error)) return work();
    throw error;
  }
}
