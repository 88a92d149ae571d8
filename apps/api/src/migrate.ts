import 'reflect-metadata';
import { AppConfig, AppLogger, ConfigError } from '@sw/config';
import { openDatabase } from './bootstrap.js';

// `npm run migrate`: applies pending migrations (the app also does so on start) and exits.
try {
  const config = AppConfig.fromEnvironment();
  const { dataSource, embedded } = await openDatabase(config, new AppLogger(config.env.LOG_LEVEL));
  await dataSource.destroy();
  await embedded?.stop();
  process.stdout.write('database is up to date\n');
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? '' : 'Migration failed: '}${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
