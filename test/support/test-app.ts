import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@sw/testing';
import { AppConfig, AppLogger } from '@sw/config';
import { DEMO_PASSWORD, seedDemoData } from '@sw/identity';
import { createApp, openDatabase } from '../../apps/api/src/bootstrap.js';

export interface GraphqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string; reason?: string } }[];
}

export interface Client {
  token: string | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers field by field, each shaped by its own query
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphqlResult<T>>;
}

export interface TestApp {
  app: INestApplication;
  url: string;
  dataSource: DataSource;
  database: TestDatabase;
  logLines: string[];
  client(token?: string | null): Client;
  signIn(email: string, password?: string, extra?: Record<string, unknown>): Promise<Client>;
  close(): Promise<void>;
}

/** The demo accounts by role; tests name the role, not the person. */
export const ROLES = {
  operator: 'operator@demo.invalid',
  adminAndCoordinator: 'deniz@demo.invalid', // admin of lantern-lawyers, coordinator of kestrel-network
  member: 'ece@demo.invalid', // member of lantern-lawyers
  otherOrgAdmin: 'kerem@demo.invalid', // admin of open-press-desk (same network)
  partnerAdmin: 'nazli@demo.invalid', // admin of workers-ledger (partner in kestrel-network)
  otherNetworkAdmin: 'hanna@demo.invalid', // admin of quiet-harbour (harbour-group only)
} as const;

/** The whole application in-process on a fresh database of its own, listening on a free port. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = AppConfig.fromEnvironment({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATA_ENCRYPTION_KEY: `test:${Buffer.alloc(32, 7).toString('base64')}`,
    LOG_LEVEL: 'info',
    // Every test signs in from 127.0.0.1; the per-address limit has its own test.
    SIGNIN_LIMIT_PER_ADDRESS: '10000',
    ...env,
  });
  const logLines: string[] = [];
  const logger = new AppLogger(config.env.LOG_LEVEL, { write: (line: string) => void logLines.push(line) });
  const { dataSource } = await openDatabase(config, logger);
  await seedDemoData(dataSource);
  const app = await createApp(config, logger, dataSource);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const client = (token: string | null = null): Client => ({
    token,
    async gql(query, variables) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
  });

  return {
    app, url, dataSource, database, logLines, client,
    async signIn(email, password = DEMO_PASSWORD, extra = {}) {
      const result = await client().gql<{ signIn: { token: string } }>(
        'mutation($input: SignInInput!) { signIn(input: $input) { token } }',
        { input: { email, password, ...extra } },
      );
      if (!result.data?.signIn) throw new Error(`sign-in of ${email} failed: ${JSON.stringify(result.errors)}`);
      return client(result.data.signIn.token);
    },
    async close() {
      await app.close();
      await dataSource.destroy();
      await database.drop();
    },
  };
}

export const codeOf = (result: GraphqlResult) => result.errors?.[0]?.extensions?.code;
