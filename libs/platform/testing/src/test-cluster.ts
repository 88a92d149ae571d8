import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { createDataSource, runMigrations, startEmbeddedPostgres, type RunningPostgres } from '@sw/database';

export const TEMPLATE_DATABASE = 'sw_template';
const URL_VARIABLE = 'SW_TEST_PG_URL';

/** A TCP port on loopback that nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a throw-away cluster for one Jest run and migrates the template every test file clones. */
export async function startTestCluster(migrations: DataSourceOptions['migrations']): Promise<{ cluster: RunningPostgres; dir: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sw-test-pg-'));
  const cluster = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), ephemeral: true });
  const admin = new DataSource({ type: 'postgres', url: cluster.url });
  await admin.initialize();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.destroy();
  const template = createDataSource({ url: cluster.urlFor(TEMPLATE_DATABASE), entities: [], migrations });
  await template.initialize();
  await runMigrations(template);
  await template.destroy();
  process.env[URL_VARIABLE] = cluster.url;
  return { cluster, dir };
}

export async function stopTestCluster(handle: { cluster: RunningPostgres; dir: string }): Promise<void> {
  await handle.cluster.stop();
  rmSync(handle.dir, { recursive: true, force: true });
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file, cloned from the template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const maintenanceUrl = process.env[URL_VARIABLE];
  if (!maintenanceUrl) throw new Error(`${URL_VARIABLE} is not set: run the tests through Jest's global setup`);
  const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new DataSource({ type: 'postgres', url: maintenanceUrl });
  await admin.initialize();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  await admin.destroy();
  const url = new URL(maintenanceUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const dropper = new DataSource({ type: 'postgres', url: maintenanceUrl });
      await dropper.initialize();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.destroy();
    },
  };
}
