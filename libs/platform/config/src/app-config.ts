import path from 'node:path';
import { environmentSchema, type Environment } from './config.schema.js';

/** Raised when the environment is invalid; its message lists every bad variable, one per line. */
export class ConfigError extends Error {}

/** Typed, validated configuration. The only place that reads process.env. */
export class AppConfig {
  readonly production: boolean;
  readonly dataDir: string;

  constructor(readonly env: Environment) {
    this.production = env.NODE_ENV === 'production';
    this.dataDir = path.resolve(env.DATA_DIR);
  }

  static fromEnvironment(source: NodeJS.ProcessEnv = process.env): AppConfig {
    // An empty variable (`PORT=`) means "not set", not zero or an empty list.
    const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
    const parsed = environmentSchema.safeParse(present);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
      throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
    }
    return new AppConfig(parsed.data);
  }

  get corsOrigins(): string[] {
    const port = this.env.PORT;
    return this.env.CORS_ORIGINS.length > 0
      ? this.env.CORS_ORIGINS
      : [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  }

  /** What the realtime layer fans out with when several instances share the work. */
  get realtimeAdapter(): 'none' | 'postgres' | 'redis' {
    if (this.env.REALTIME_ADAPTER) return this.env.REALTIME_ADAPTER;
    if (this.env.REDIS_URL) return 'redis';
    return this.env.DATABASE_URL ? 'postgres' : 'none';
  }
}
