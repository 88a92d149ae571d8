import type { INestApplication } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import pg from 'pg';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import { Server, type ServerOptions } from 'socket.io';
import type { DataSource } from 'typeorm';
import { AppConfig, AppLogger } from '@sw/config';
import { originAllowed } from './origin.js';
import { errorText } from './realtime.sessions.js';
import { REALTIME_LIMITS } from './realtime.types.js';
import { REALTIME_PATH } from './realtime.gateway.js';

/** The table @socket.io/postgres-adapter keeps payloads over NOTIFY's 8000-byte limit in (created by a migration). */
export const ATTACHMENTS_TABLE = 'socket_io_attachments';

/** How messages reach sockets on the other instances, and how it is shut down. */
interface Fanout {
  adapter: ServerOptions['adapter'] | undefined;
  close(): Promise<void>;
}

/**
 * Creates the socket.io server for Nest's gateways: on the API's HTTP server, with the limits
 * and origin check of SECURITY.md 22, 24 and 25 (no connection-state recovery), fanned out through
 * PostgreSQL or Redis when several instances run. Install it with `RealtimeIoAdapter.create`
 * before the application initialises.
 */
export class RealtimeIoAdapter extends IoAdapter {
  private server: Server | null = null;

  private constructor(
    app: INestApplication,
    private readonly config: AppConfig,
    private readonly log: Logger,
    private readonly fanout: Fanout,
  ) {
    super(app);
  }

  /** Connects the fan-out ('postgres' | 'redis' | 'none', from config.realtimeAdapter) first, so the server starts complete. */
  static async create(app: INestApplication, config: AppConfig, logger: AppLogger, dataSource: DataSource): Promise<RealtimeIoAdapter> {
    const log = logger.pino.child({ context: 'realtime' });
    let fanout: Fanout;
    switch (config.realtimeAdapter) {
      case 'postgres': {
        const url = (dataSource.options as { url?: string }).url ?? config.env.DATABASE_URL;
        if (!url) throw new Error('REALTIME_ADAPTER=postgres needs a database URL');
        fanout = await postgresFanout(url, log);
        break;
      }
      case 'redis': {
        if (!config.env.REDIS_URL) throw new Error('REALTIME_ADAPTER=redis needs REDIS_URL');
        fanout = await redisFanout(config.env.REDIS_URL, log);
        break;
      }
      default:
        fanout = { adapter: undefined, close: async () => undefined };
    }
    log.info({ fanout: config.realtimeAdapter }, 'realtime fan-out ready');
    return new RealtimeIoAdapter(app, config, log, fanout);
  }

  override createIOServer(port: number, options?: Parameters<IoAdapter['createIOServer']>[1]): ReturnType<IoAdapter['createIOServer']> {
    if (port !== 0 || !this.httpServer) throw new Error('realtime gateways share the HTTP server: declare them without a port');
    if (this.server) throw new Error('a second socket.io server was requested; gateways must share one path');
    const allowed = this.config.corsOrigins;
    const server = new Server(this.httpServer, {
      ...(options as Partial<ServerOptions> | undefined),
      path: REALTIME_PATH,
      serveClient: false,
      maxHttpBufferSize: REALTIME_LIMITS.maxHttpBufferSize,
      perMessageDeflate: false,
      httpCompression: false,
      cookie: false,
      allowEIO3: false,
      connectTimeout: REALTIME_LIMITS.connectTimeoutMs,
      cors: { origin: allowed, credentials: true },
      // CORS does not apply to WebSockets: a page elsewhere could open one with the user's cookie.
      allowRequest: (req, callback) => {
        const ok = originAllowed(req.headers.origin, allowed);
        callback(ok ? null : 'origin not allowed', ok);
      },
      connectionStateRecovery: undefined,
      adapter: this.fanout.adapter,
    });
    server.engine.on('connection_error', (error: { code?: number; message?: string }) => {
      this.log.debug({ code: error.code, reason: error.message }, 'realtime connection refused');
    });
    this.server = server;
    // Nest types this with the copy of socket.io it bundles; the instance is the application's socket.io 4.8.
    return server as unknown as ReturnType<IoAdapter['createIOServer']>;
  }

  /**
   * Always closes the socket.io server itself (Nest skips that when it force-closes connections):
   * its adapter holds a database connection or a Redis subscription. Namespaces close with it.
   */
  override async close(server: Parameters<IoAdapter['close']>[0]): Promise<void> {
    const target = server as unknown;
    if (!(target instanceof Server) || target !== this.server) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      void target.close(() => resolve());
    });
  }

  override async dispose(): Promise<void> {
    await this.fanout.close();
  }
}

/**
 * LISTEN/NOTIFY on a small pool of its own (one connection stays checked out for LISTEN). The
 * adapter never releases a connection the server dropped, so that is done here; otherwise every
 * database restart would leak a pool slot, and an "error" on it would crash the process.
 */
async function postgresFanout(url: string, log: Logger): Promise<Fanout> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    application_name: 'solidarity-workspace-realtime',
    statement_timeout: 10_000,
  });
  const checkedOut = new WeakSet<pg.PoolClient>();
  pool.on('error', (error) => log.warn({ err: errorText(error) }, 'realtime database connection lost (idle)'));
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_error, client) => checkedOut.delete(client));
  pool.on('connect', (client) => {
    client.on('error', (error) => log.warn({ err: errorText(error) }, 'realtime database connection lost'));
    client.on('end', () => {
      const held = client as pg.PoolClient;
      if (!checkedOut.has(held)) return;
      try {
        held.release(new Error('connection ended'));
      } catch {
        // Already released by its user in the meantime.
      }
    });
  });
  const found: { table: string | null }[] = (await pool.query('SELECT to_regclass($1)::text AS table', [ATTACHMENTS_TABLE])).rows;
  if (!found[0]?.table) {
    log.warn(`table ${ATTACHMENTS_TABLE} is missing (run the migrations): events over 8000 bytes cannot reach other instances`);
  }
  const adapter = createPostgresAdapter(pool, {
    errorHandler: (error: Error) => log.warn({ err: errorText(error) }, 'realtime fan-out error'),
  });
  return {
    adapter,
    close: async () => {
      await pool.end().catch((error: unknown) => log.warn({ err: errorText(error) }, 'realtime pool did not close cleanly'));
    },
  };
}

/** Two connections (publish, subscribe); the URL may hold a password and is never logged. */
async function redisFanout(url: string, log: Logger): Promise<Fanout> {
  const pub = createClient({ url, socket: { connectTimeout: 5_000, reconnectStrategy: (retries: number) => Math.min(250 * 2 ** retries, 5_000) } });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) client.on('error', (error: unknown) => log.warn({ err: errorText(error) }, 'realtime redis error'));
  const timeout = new Promise<never>((_, reject) => {
    setTimeout(() => reject(new Error('Redis (REDIS_URL) did not answer within 10 s')), 10_000).unref();
  });
  try {
    await Promise.race([Promise.all([pub.connect(), sub.connect()]), timeout]);
  } catch (error) {
    pub.destroy();
    sub.destroy();
    throw error;
  }
  return {
    adapter: createRedisAdapter(pub, sub),
    close: async () => {
      await Promise.allSettled([pub.close(), sub.close()]);
    },
  };
}
