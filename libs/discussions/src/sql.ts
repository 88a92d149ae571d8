import type { EntityManager } from 'typeorm';

/** Runs SQL written with TypeORM's named parameters (`:name`), as the access conditions are. */
export async function namedQuery<T>(db: EntityManager, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const [query, values] = db.dataSource.driver.escapeQueryWithParameters(sql, params);
  return db.query(query, values);
}

export const isUniqueViolation = (error: unknown): boolean => (error as { code?: string }).code === '23505';
