import { z } from 'zod';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1'));

const list = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []));

const encryptionKey = z
  .string()
  .regex(/^([A-Za-z0-9_-]{1,16}:)?[A-Za-z0-9+/]{43}=$/, 'must be base64 of 32 bytes, optionally prefixed "keyId:"');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every environment variable the server reads. Nothing is required in development. */
export const environmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: z.string().url().optional(),
    DATA_DIR: z.string().min(1).default('.data'),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
    DB_POOL_MAX: positiveInt(10),
    DB_STATEMENT_TIMEOUT_MS: positiveInt(10_000),
    DATA_ENCRYPTION_KEY: encryptionKey.optional(),
    DATA_ENCRYPTION_OLD_KEYS: list.pipe(z.array(encryptionKey)),
    CORS_ORIGINS: list,
    TRUSTED_PROXIES: list,
    SESSION_IDLE_MINUTES: positiveInt(8 * 60),
    SESSION_ABSOLUTE_HOURS: positiveInt(14 * 24),
    INVITATION_TTL_HOURS: positiveInt(72),
    SEED_DEMO: bool(true),
    /** Sign-in attempts per client address per 15 minutes (per account it is 10). */
    SIGNIN_LIMIT_PER_ADDRESS: positiveInt(30),
    /** Longest briefing body accepted, in characters. */
    BRIEFING_BODY_MAX_CHARS: positiveInt(100_000),
    /** Largest attachment accepted, in bytes (default 20 MB). */
    ATTACHMENT_MAX_BYTES: positiveInt(20 * 1024 * 1024),
    /** Where attachment bytes live: in PostgreSQL, or in DATA_DIR/attachments. */
    ATTACHMENT_STORAGE: z.enum(['database', 'folder']).default('database'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    REDIS_URL: z.string().url().optional(),
    REALTIME_ADAPTER: z.enum(['none', 'postgres', 'redis']).optional(),
    /** Longest thread message in characters. Capped so that any message fits a 64 KiB socket frame. */
    MESSAGE_MAX_LENGTH: z.coerce.number().int().min(1).max(15_000).default(10_000),
  })
  .superRefine(
    (env, ctx) => {
      if (env.NODE_ENV !== 'production') return;
      for (const key of ['DATABASE_URL', 'DATA_ENCRYPTION_KEY'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when NODE_ENV=production' });
      }
    },
    // Report these even when another variable is also wrong, so one run names every problem.
    { when: () => true },
  );

export type Environment = z.infer<typeof environmentSchema>;
