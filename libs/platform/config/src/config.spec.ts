import path from 'node:path';
import { AppConfig, ConfigError } from './app-config.js';

const KEY = `k1:${Buffer.alloc(32, 3).toString('base64')}`;
const OLD_KEY = `k0:${Buffer.alloc(32, 4).toString('base64')}`;

/** The message a bad environment produces (and that it is a ConfigError). */
function problemsOf(env: Record<string, string>): string {
  try {
    AppConfig.fromEnvironment(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}
/** The variables a message names, one per line as `  NAME: problem` (or `  NAME.<index>: problem` for a list). */
const namedIn = (message: string) => [...new Set([...message.matchAll(/^ {2}([A-Z_]+)(?:\.\d+)?: /gm)].map((m) => m[1]))].sort();

describe('AppConfig', () => {
  it('needs no variable at all: the defaults are the embedded database, port 3000, development', () => {
    const config = AppConfig.fromEnvironment({});
    expect(config.production).toBe(false);
    expect(config.env).toMatchObject({
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: 3000,
      DATA_DIR: '.data',
      DB_POOL_MAX: 10,
      DB_STATEMENT_TIMEOUT_MS: 10_000,
      SESSION_IDLE_MINUTES: 480,
      SESSION_ABSOLUTE_HOURS: 336,
      INVITATION_TTL_HOURS: 72,
      SEED_DEMO: true,
      SIGNIN_LIMIT_PER_ADDRESS: 30,
      LOG_LEVEL: 'info',
      DATA_ENCRYPTION_OLD_KEYS: [],
      CORS_ORIGINS: [],
      TRUSTED_PROXIES: [],
    });
    expect(config.env.DATABASE_URL).toBeUndefined();
    expect(config.env.DATA_ENCRYPTION_KEY).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve('.data'));
    expect(config.realtimeAdapter).toBe('none');
    expect(config.corsOrigins).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000']);
  });

  it('reads well-formed values', () => {
    const config = AppConfig.fromEnvironment({
      NODE_ENV: 'production',
      PORT: '8080',
      DATABASE_URL: 'postgres://app:pw@db.internal:5432/solidarity',
      DATA_ENCRYPTION_KEY: KEY,
      DATA_ENCRYPTION_OLD_KEYS: ` ${OLD_KEY} ,`,
      CORS_ORIGINS: 'https://a.example, https://b.example',
      SEED_DEMO: '0',
      REDIS_URL: 'redis://cache:6379',
    });
    expect(config.production).toBe(true);
    expect(config.env.PORT).toBe(8080);
    expect(config.env.DATA_ENCRYPTION_OLD_KEYS).toEqual([OLD_KEY]);
    expect(config.env.SEED_DEMO).toBe(false);
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.realtimeAdapter).toBe('redis');
    expect(AppConfig.fromEnvironment({ DATABASE_URL: 'postgres://h/db' }).realtimeAdapter).toBe('postgres');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['NODE_ENV', 'staging'],
    ['DATABASE_URL', 'not a url'],
    ['DATA_ENCRYPTION_KEY', 'short'],
    ['DATA_ENCRYPTION_KEY', `k1:${Buffer.alloc(16, 1).toString('base64')}`],
    ['DATA_ENCRYPTION_KEY', `key id too long!:${Buffer.alloc(32, 1).toString('base64')}`],
    ['DB_POOL_MAX', '0'],
    ['SESSION_IDLE_MINUTES', '-5'],
    ['SEED_DEMO', 'yes'],
    ['LOG_LEVEL', 'verbose'],
    ['REALTIME_ADAPTER', 'kafka'],
    ['EMBEDDED_PG_PORT', '80'],
  ])('names %s when it is %j', (name, value) => {
    const message = problemsOf({ [name]: value });
    expect(namedIn(message)).toEqual([name]);
    expect(message).toMatch(/^Invalid configuration:\n/);
  });

  it('never repeats a secret value in its message', () => {
    const almostKey = `k1:${'A'.repeat(40)}`;
    expect(problemsOf({ DATA_ENCRYPTION_KEY: almostKey })).not.toContain(almostKey);
  });

  it('names both DATABASE_URL and DATA_ENCRYPTION_KEY when production lacks them', () => {
    const message = problemsOf({ NODE_ENV: 'production' });
    expect(namedIn(message)).toEqual(['DATABASE_URL', 'DATA_ENCRYPTION_KEY']);
    expect(message).toContain('DATABASE_URL: is required when NODE_ENV=production');
    expect(namedIn(problemsOf({ NODE_ENV: 'production', DATABASE_URL: 'postgres://h/db' }))).toEqual(['DATA_ENCRYPTION_KEY']);
    expect(namedIn(problemsOf({ NODE_ENV: 'production', DATA_ENCRYPTION_KEY: KEY }))).toEqual(['DATABASE_URL']);
  });

  it('names every bad variable at once', () => {
    expect(namedIn(problemsOf({ PORT: 'abc', LOG_LEVEL: 'loud', DB_POOL_MAX: 'many' }))).toEqual(['DB_POOL_MAX', 'LOG_LEVEL', 'PORT']);
  });

  // BUG: the production check is a refinement of the whole object, which zod skips once any field
  // has failed, so a typo elsewhere hides the missing production variables until the next start.
  it('names the missing production variables even when another variable is also bad', () => {
    expect(namedIn(problemsOf({ NODE_ENV: 'production', PORT: 'abc' }))).toEqual(['DATABASE_URL', 'DATA_ENCRYPTION_KEY', 'PORT']);
  });

  // BUG: DATA_ENCRYPTION_OLD_KEYS is split but never checked, so a mangled old key passes validation
  // and the server later fails in FieldCipher with a message that does not name the variable.
  it.each([['k0:short'], [`${OLD_KEY},not-a-key`]])('names DATA_ENCRYPTION_OLD_KEYS when it holds %j', (value) => {
    expect(namedIn(problemsOf({ DATA_ENCRYPTION_OLD_KEYS: value }))).toEqual(['DATA_ENCRYPTION_OLD_KEYS']);
  });
});
