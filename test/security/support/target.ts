// The app under attack: the built server (dist/, as `npm start` runs it) in a child process on a
// fresh database cloned from the test template, seeded with the fictional demo network. Nothing is
// mocked: the attacker talks HTTP and socket.io to it, and reads the database (raw rows) and the
// process output (the server log) from outside.
import pg from 'pg';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { createTestDatabase, type TestDatabase } from '@sw/testing';
import { DEMO_PASSWORD } from '@sw/identity';
import { type BuiltApp, startBuiltApp } from '../../support/built-app.js';
import type { Client, GraphqlResult } from '../../support/test-app.js';

export type { Client, GraphqlResult };
export const KEY = `attack:${Buffer.alloc(32, 9).toString('base64')}`;
export const WAIT_MS = 10_000;

export interface Target {
  url: string;
  database: TestDatabase;
  app: BuiltApp;
  sql<T = Record<string, any>>(query: string, params?: unknown[]): Promise<T[]>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Everything the process wrote (stdout and stderr): its log. */
  output(): string;
  client(token?: string | null, headers?: Record<string, string>): Client;
  signIn(email: string, password?: string, extra?: Record<string, unknown>): Promise<Client>;
  /** A socket.io client on the app (WebSocket, no reconnection); closed by stop(). */
  socket(token: string | null, options?: Partial<ManagerOptions & SocketOptions>): Socket;
  stop(): Promise<void>;
}

/**
 * Starts the built app on its own database (or on `existing`, which it then drops on stop). `env`
 * adds to the defaults (a test environment with the demo data).
 */
export async function startTarget(env: Record<string, string> = {}, existing?: TestDatabase): Promise<Target> {
  const database = existing ?? (await createTestDatabase());
  const app = await startBuiltApp({
    DATABASE_URL: database.url,
    DATA_ENCRYPTION_KEY: KEY,
    SEED_DEMO: 'true',
    // Every request comes from 127.0.0.1; the per-address sign-in limit is attacked on its own app.
    SIGNIN_LIMIT_PER_ADDRESS: '100000',
    ...env,
  });
  if (!app.output().includes('ready in')) {
    await database.drop();
    throw new Error(`the built app did not start:\n${app.output()}`);
  }
  const pool = new pg.Pool({ connectionString: database.url, max: 3 });
  const sockets: Socket[] = [];

  const client = (token: string | null = null, headers: Record<string, string> = {}): Client => ({
    token,
    async gql(query, variables) {
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      try {
        return { status: response.status, ...(JSON.parse(text) as object) };
      } catch {
        return { status: response.status, errors: [{ message: text, extensions: { code: `HTTP_${response.status}` } }] };
      }
    },
  });

  return {
    url: app.url,
    database,
    app,
    async sql(query, params = []) {
      return (await pool.query(query, params)).rows;
    },
    output: () => app.output(),
    client,
    async signIn(email, password = DEMO_PASSWORD, extra = {}) {
      const result = await client().gql<{ signIn: { token: string } }>(
        'mutation($input: SignInInput!) { signIn(input: $input) { token } }',
        { input: { email, password, ...extra } },
      );
      if (!result.data?.signIn) throw new Error(`sign-in of ${email} failed: ${JSON.stringify(result.errors)}`);
      return client(result.data.signIn.token);
    },
    socket(token, options = {}) {
      const socket = io(app.url, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, timeout: WAIT_MS, auth: { token }, ...options });
      sockets.push(socket);
      return socket;
    },
    async stop() {
      for (const socket of sockets) socket.disconnect();
      app.process.kill('SIGTERM');
      await app.exited;
      await pool.end();
      await database.drop();
    },
  };
}

/** The server's structured log lines (pino JSON), parsed. */
export function logLinesOf(target: Target): Record<string, unknown>[] {
  return target
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export const codeOf = (result: GraphqlResult): string | undefined => result.errors?.[0]?.extensions?.code;

/** The data of a successful request; throws with the errors otherwise. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- results are read as loosely as Client.gql's
export async function ok<T = Record<string, any>>(client: Client, query: string, variables?: Record<string, unknown>): Promise<T> {
  const result = await client.gql<T>(query, variables);
  if (result.errors || !result.data) throw new Error(`${query.replace(/\s+/g, ' ').slice(0, 80)}…: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** The first of `events` the socket emits, with its argument; rejects after `ms`. */
export function next(socket: Socket, events: string[], ms = WAIT_MS): Promise<{ event: string; arg: unknown }> {
  return new Promise((resolve, reject) => {
    const handlers = events.map((event) => {
      const handler = (arg: unknown) => {
        cleanup();
        resolve({ event, arg });
      };
      socket.once(event, handler);
      return [event, handler] as const;
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`none of ${events.join(', ')} within ${ms} ms`));
    }, ms);
    const cleanup = () => {
      clearTimeout(timer);
      for (const [event, handler] of handlers) socket.off(event, handler);
    };
  });
}

/** Resolves once the socket says session.ready; rejects with the connect_error message otherwise. */
export async function ready(socket: Socket): Promise<Socket> {
  const { event, arg } = await next(socket, ['session.ready', 'connect_error']);
  if (event === 'connect_error') throw new Error(`connect_error: ${(arg as Error).message}`);
  return socket;
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, ms = WAIT_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
