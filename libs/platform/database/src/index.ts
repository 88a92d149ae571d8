export { startEmbeddedPostgres, DatabaseStartError, type RunningPostgres } from './embedded-postgres.js';
export { createDataSource, runMigrations, ensureDatabase, type DataSourceSettings } from './data-source.js';
export { DatabaseModule } from './database.module.js';
export { FieldCipher, type CipherContext } from './field-cipher.js';
export { loadOrCreateLocalKey } from './local-key.js';
export { RateLimiter, type RateLimit } from './rate-limiter.js';
export { newId } from './ids.js';
export { returning } from './returning.js';
