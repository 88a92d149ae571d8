import 'reflect-metadata';
import { AppConfig, AppLogger, ConfigError } from '@sw/config';
import { DatabaseStartError } from '@sw/database';
import { DEMO_PASSWORD, seedDemoData } from '@sw/identity';
import { createApp, DatabaseUnavailableError, openDatabase } from './bootstrap.js';
import { builtWebDir } from './web-app.js';

async function main(): Promise<void> {
  const config = AppConfig.fromEnvironment();
  const logger = new AppLogger(config.env.LOG_LEVEL);
  const started = Date.now();
  const { dataSource, embedded } = await openDatabase(config, logger);
  const app = await createApp(config, logger, dataSource);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received, stopping`, 'main');
    await app.close().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  if (config.env.SEED_DEMO && !config.production) {
    const accounts = await seedDemoData(dataSource);
    if (accounts) {
      process.stdout.write(
        `\nSeeded a fictional demo network. Sign in with any of these and the passphrase "${DEMO_PASSWORD}":\n` +
          accounts.map((a) => `  ${a.email.padEnd(24)} ${a.role}`).join('\n') + '\n\n',
      );
    }
  }
  await app.listen(config.env.PORT, config.env.HOST);
  const where = `http://${config.env.HOST === '0.0.0.0' ? 'localhost' : config.env.HOST}:${config.env.PORT}`;
  const web = builtWebDir() ? `open ${where} in a browser; ` : 'the web app is not built (npm run build); ';
  process.stdout.write(`Solidarity Workspace is ready: ${web}GraphQL at ${where}/graphql, socket.io on the same port.\n`);
  logger.log(`ready in ${Date.now() - started} ms: GraphQL at ${where}/graphql, socket.io on the same port${embedded ? `, embedded PostgreSQL in ${config.dataDir}` : ''}`, 'main');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseStartError || error instanceof DatabaseUnavailableError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
