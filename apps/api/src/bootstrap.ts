import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import type { DataSource } from 'typeorm';
import { AppConfig, AppLogger } from '@sw/config';
import {
  createDataSource, ensureDatabase, FieldCipher, loadOrCreateLocalKey, runMigrations, startEmbeddedPostgres,
  type RunningPostgres,
} from '@sw/database';
import { validationPipe } from '@sw/graphql';
import { RealtimeIoAdapter } from '@sw/realtime';
import { migrations } from '@sw/migrations';
import { AppModule } from './app.module.js';
import { entities } from './entities.js';
import { serveWebApp } from './web-app.js';

const DATABASE_NAME = 'solidarity';

export interface OpenDatabase {
  dataSource: DataSource;
  embedded: RunningPostgres | null;
}

/** Connects (starting the embedded PostgreSQL when no DATABASE_URL is set) and applies pending migrations. */
export async function openDatabase(config: AppConfig, logger: AppLogger): Promise<OpenDatabase> {
  let url = config.env.DATABASE_URL;
  let embedded: RunningPostgres | null = null;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.env.EMBEDDED_PG_PORT,
      log: (line) => logger.pino.debug({ context: 'postgres' }, line),
    });
    await ensureDatabase(embedded.url, DATABASE_NAME);
    url = embedded.urlFor(DATABASE_NAME);
  }
  const dataSource = createDataSource({
    url,
    entities,
    migrations,
    poolMax: config.env.DB_POOL_MAX,
    statementTimeoutMs: config.env.DB_STATEMENT_TIMEOUT_MS,
  });
  try {
    await dataSource.initialize();
  } catch (error) {
    await embedded?.stop();
    throw new DatabaseUnavailableError(error);
  }
  const applied = await runMigrations(dataSource);
  if (applied.length > 0) logger.log(`applied migrations: ${applied.join(', ')}`, 'database');
  return { dataSource, embedded };
}

export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    const code = (cause as { code?: string }).code;
    super(`Cannot connect to the database${code ? ` (${code})` : ''}: check DATABASE_URL and that PostgreSQL is running.`);
  }
}

/** The data-encryption keys: from the environment, or generated into the data folder for the embedded default. */
export async function loadCipher(config: AppConfig): Promise<FieldCipher> {
  const current = FieldCipher.parseKey(config.env.DATA_ENCRYPTION_KEY ?? (await loadOrCreateLocalKey(config.dataDir)));
  return new FieldCipher(current, config.env.DATA_ENCRYPTION_OLD_KEYS.map((k) => FieldCipher.parseKey(k)));
}

/** The Nest application with the HTTP hygiene every instance needs; not yet listening. */
export async function createApp(config: AppConfig, logger: AppLogger, dataSource: DataSource): Promise<INestApplication> {
  const cipher = await loadCipher(config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, logger, dataSource, cipher }), {
    logger,
    bodyParser: true,
  });
  // X-Forwarded-For is believed only from the configured proxies (SECURITY.md 5).
  app.set('trust proxy', config.env.TRUSTED_PROXIES.length > 0 ? config.env.TRUSTED_PROXIES : false);
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: '256kb' });
  app.use(
    helmet({
      // The web app and the API share one origin and load nothing from anywhere else (SECURITY.md 31).
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          'default-src': ["'self'"],
          'base-uri': ["'none'"],
          'object-src': ["'none'"],
          'script-src': ["'self'"],
          'script-src-attr': ["'none'"],
          'style-src': ["'self'"],
          'img-src': ["'self'"],
          'font-src': ["'self'"],
          'connect-src': ["'self'"],
          'media-src': ["'none'"],
          'worker-src': ["'none'"],
          'manifest-src': ["'self'"],
          'form-action': ["'self'"],
          'frame-src': ["'none'"],
          'frame-ancestors': ["'none'"],
          // Behind TLS in production; on http://localhost it would break the app's own requests.
          ...(config.production ? { 'upgrade-insecure-requests': [] } : {}),
        },
      },
      crossOriginEmbedderPolicy: { policy: 'require-corp' },
      strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  app.use('/graphql', (_req: unknown, res: { setHeader(n: string, v: string): void }, next: () => void) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(cookieParser());
  app.enableCors({ origin: config.corsOrigins, credentials: true });
  app.useWebSocketAdapter(await RealtimeIoAdapter.create(app, config, logger, dataSource));
  serveWebApp(app);
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();
  return app;
}
