export { startEmbeddedPostgres, DatabaseStartError, type RunningPostgres } from './embedded-postgres';
export { createDataSource, runMigrations, ensureDatabase, type DataSourceSettings } from './data-source';
