import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface RateLimit {
  /** e.g. `signin:account:<hash>`; never a raw email, token or address in clear. */
  key: string;
  limit: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in PostgreSQL, so every instance behind the load balancer shares them.
 * Counting happens in its own statement: a refused attempt still counts even when the caller's
 * transaction rolls back.
 */
@Injectable()
export class RateLimiter {
  constructor(private readonly dataSource: DataSource) {}

  /** Counts one hit; returns the seconds to wait when the limit is exceeded, else 0. */
  async hit({ key, limit, windowSeconds }: RateLimit): Promise<number> {
    const rows: { hits: number; retry: number }[] = await this.dataSource.query(
      `WITH w AS (SELECT to_timestamp(floor(extract(epoch FROM now()) / $2) * $2) AS start)
       INSERT INTO rate_limit_counters (key, window_start, hits)
       SELECT $1, w.start, 1 FROM w
       ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_counters.hits + 1
       RETURNING hits, ceil(extract(epoch FROM (window_start + make_interval(secs => $2) - now())))::int AS retry`,
      [key, windowSeconds],
    );
    const row = rows[0]!;
    return row.hits > limit ? Math.max(1, row.retry) : 0;
  }

  /** Clears a key after a success (e.g. a correct password resets the per-account counter). */
  async reset(key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM rate_limit_counters WHERE key = $1', [key]);
  }

  async purgeExpired(): Promise<void> {
    await this.dataSource.query(`DELETE FROM rate_limit_counters WHERE window_start < now() - interval '1 day'`);
  }
}
