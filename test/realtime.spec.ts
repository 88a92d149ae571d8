import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { z } from 'zod';
import { AppConfig, AppLogger } from '@sw/config';
import { type InboundReply, RealtimeInbound, RealtimePublisher, RealtimeServerRef, RealtimeSessions, REALTIME_LIMITS } from '@sw/realtime';
import { createApp } from '../apps/api/src/bootstrap.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const tokens: string[] = [];
const ALLOWED_ORIGIN = 'https://app.example';
const EVIL_ORIGIN = 'https://evil.example';
const SECRET_MARKER = 'do-not-log-this-payload';
const WAIT_MS = 8_000;

let t: TestApp;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await startTestApp({ CORS_ORIGINS: ALLOWED_ORIGIN });
  // Inbound events as a domain would register them, to exercise the pipeline every event goes through.
  const inbound = t.app.get(RealtimeInbound);
  inbound.register('test.echo', z.object({ n: z.number().int() }), (payload, { actor }) => ({ n: payload.n, userId: actor.userId }));
  inbound.register('test.fail', z.object({ note: z.string() }), () => {
    throw new Error('handler exploded');
  });
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  // Let the server see every client go first: once shutdown starts, a polling client can no longer
  // reach it to say goodbye, and its pending long-poll would hold the HTTP drain for its grace period.
  const server = t.app.get(RealtimeServerRef).server!;
  await waitFor(() => server.engine.clientsCount === 0, 'every client to be gone');
  await t.close();
});

const email = (name: string) => `${name}@demo.invalid`;

function connect(options: Partial<ManagerOptions & SocketOptions> = {}, url = t.url): Socket {
  const token = (options.auth as { token?: unknown } | undefined)?.token;
  if (typeof token === 'string') tokens.push(token);
  const socket = io(url, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, timeout: WAIT_MS, ...options });
  sockets.push(socket);
  return socket;
}

/** The first of `events` the socket emits, with its argument; fails after the timeout. */
function next(socket: Socket, events: string[], ms = WAIT_MS): Promise<{ event: string; arg: unknown }> {
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

/** Connects and resolves with session.ready's payload, or rejects with the connect_error message. */
async function ready(socket: Socket): Promise<{ sessionId: string }> {
  const { event, arg } = await next(socket, ['session.ready', 'connect_error']);
  if (event === 'connect_error') throw new Error(`connect_error: ${(arg as Error).message}`);
  return arg as { sessionId: string };
}

async function refusal(socket: Socket): Promise<string> {
  const { event, arg } = await next(socket, ['session.ready', 'connect_error']);
  expect(event).toBe('connect_error');
  return (arg as Error).message;
}

const disconnected = async (socket: Socket): Promise<string> => (await next(socket, ['disconnect'])).arg as string;

const ask = <T = unknown>(socket: Socket, event: string, payload: unknown): Promise<InboundReply<T>> =>
  socket.timeout(WAIT_MS).emitWithAck(event, payload) as Promise<InboundReply<T>>;

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, ms = WAIT_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sessionsOf = async (userEmail: string): Promise<string[]> =>
  (await t.dataSource.query('SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1 AND s.revoked_at IS NULL', [userEmail])).map(
    (r: { id: string }) => r.id,
  );
const userIdOf = async (userEmail: string): Promise<string> => (await t.dataSource.query('SELECT id FROM users WHERE email = $1', [userEmail]))[0].id;

describe('the handshake', () => {
  it('is refused without a session: no token, a garbage token, a token of the wrong type, a token only in the query string', async () => {
    const kerem = await t.signIn(email('kerem'));
    expect(await refusal(connect())).toBe('UNAUTHENTICATED');
    expect(await refusal(connect({ auth: { token: 'x'.repeat(43) } }))).toBe('UNAUTHENTICATED');
    expect(await refusal(connect({ auth: { token: 12345 } }))).toBe('UNAUTHENTICATED');
    expect(await refusal(connect({ query: { token: kerem.token! } }))).toBe('UNAUTHENTICATED');
    expect(await refusal(connect({ transports: ['polling'], query: { token: kerem.token! } }))).toBe('UNAUTHENTICATED');
  });

  it('accepts the token in auth or the session cookie, over WebSocket and polling, and says session.ready', async () => {
    const kerem = await t.signIn(email('kerem'));
    const viaAuth = await ready(connect({ auth: { token: kerem.token } }));
    expect(await sessionsOf(email('kerem'))).toContain(viaAuth.sessionId);
    const viaCookie = await ready(connect({ extraHeaders: { cookie: `__Host-sw_session=${kerem.token}` } }));
    expect(viaCookie.sessionId).toBe(viaAuth.sessionId);
    const viaPolling = await ready(connect({ transports: ['polling'], auth: { token: kerem.token } }));
    expect(viaPolling.sessionId).toBe(viaAuth.sessionId);
  });

  it('checks the Origin header against the allow-list, over WebSocket and polling', async () => {
    const kerem = await t.signIn(email('kerem'));
    await ready(connect({ auth: { token: kerem.token }, extraHeaders: { origin: ALLOWED_ORIGIN } }));
    const evilWs = connect({ auth: { token: kerem.token }, extraHeaders: { origin: EVIL_ORIGIN } });
    expect(await refusal(evilWs)).not.toBe('');
    const evilPolling = connect({ transports: ['polling'], auth: { token: kerem.token }, extraHeaders: { origin: EVIL_ORIGIN } });
    expect(await refusal(evilPolling)).not.toBe('');

    // The engine's own handshake, as a page elsewhere would send it; an accepted one is closed again.
    const handshake = async (origin?: string): Promise<number> => {
      const engine = `${t.url}/socket.io/?EIO=4&transport=polling`;
      const headers: Record<string, string> = origin ? { origin } : {};
      const response = await fetch(engine, { headers });
      const body = await response.text();
      if (response.status === 200) {
        const { sid } = JSON.parse(body.slice(1)) as { sid: string };
        await fetch(`${engine}&sid=${sid}`, { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: '1' });
      }
      return response.status;
    };
    expect(await handshake(EVIL_ORIGIN)).toBe(403);
    expect(await handshake('null')).toBe(403);
    expect(await handshake(ALLOWED_ORIGIN)).toBe(200);
    expect(await handshake()).toBe(200);
  });

  it('caps the sockets of one user on an instance and frees the slot when one closes', async () => {
    const margit = await t.signIn(email('margit'));
    const userId = await userIdOf(email('margit'));
    const open = Array.from({ length: REALTIME_LIMITS.connectionsPerUser }, () => connect({ auth: { token: margit.token } }));
    await Promise.all(open.map(ready));
    expect(await refusal(connect({ auth: { token: margit.token } }))).toBe('TOO_MANY_CONNECTIONS');
    open[0]!.disconnect();
    const sessions = t.app.get(RealtimeSessions);
    await waitFor(() => sessions.connectionsOf(userId) === REALTIME_LIMITS.connectionsPerUser - 1, 'the slot to be freed');
    await ready(connect({ auth: { token: margit.token } }));
    for (const socket of open) socket.disconnect();
    await waitFor(() => sessions.connectionsOf(userId) === 1, 'the closed sockets to be counted out');
  });
});

describe('ending a session', () => {
  it('disconnects the live socket after revokeAllSessions, and the old token cannot reconnect', async () => {
    const ece = await t.signIn(email('ece'));
    const socket = connect({ auth: { token: ece.token } });
    await ready(socket);
    const gone = disconnected(socket);
    expect((await ece.gql('mutation { revokeAllSessions }')).data).toEqual({ revokeAllSessions: 1 });
    expect(await gone).toBe('io server disconnect');
    expect(await refusal(connect({ auth: { token: ece.token } }))).toBe('UNAUTHENTICATED');
  });

  it("disconnects a member's socket when an org admin suspends the membership", async () => {
    const ines = await t.signIn(email('ines'));
    const tomas = await t.signIn(email('tomas'));
    const socket = connect({ auth: { token: tomas.token } });
    await ready(socket);
    const [{ id: relay }] = await t.dataSource.query(`SELECT id FROM organisations WHERE slug = 'rights-relay'`);
    const members = await ines.gql(`{ members(organisationId: "${relay}") { edges { node { id role } } } }`);
    const membership = members.data!.members.edges.find((e: { node: { role: string } }) => e.node.role === 'MEMBER').node;
    const gone = disconnected(socket);
    const suspended = await ines.gql(`mutation { suspendMember(id: "${membership.id}", suspended: true) { suspended } }`);
    expect(suspended.data).toEqual({ suspendMember: { suspended: true } });
    expect(await gone).toBe('io server disconnect');
  });

  it('is noticed by the next inbound event even without a relayed event (ensureLive)', async () => {
    const nazli = await t.signIn(email('nazli'));
    const socket = connect({ auth: { token: nazli.token } });
    const { sessionId } = await ready(socket);
    expect(await ask(socket, 'test.echo', { n: 1 })).toMatchObject({ ok: true });
    // Ended behind the relay's back, as an expiry would be: no session.revoked event.
    await t.dataSource.query('UPDATE sessions SET revoked_at = now() WHERE id = $1', [sessionId]);
    const gone = disconnected(socket);
    // Within a second at most (the cached check), an event finds the session gone.
    await waitFor(async () => {
      if (!socket.connected) return true;
      socket.emit('test.echo', { n: 2 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      return !socket.connected;
    }, 'the socket to be dropped');
    expect(await gone).toBe('io server disconnect');
  });
});

describe('a session that ends without an event', () => {
  it('loses its sockets at the next expiry sweep, whether idle, past its absolute limit or its user suspended; live sessions keep theirs', async () => {
    const people = ['selin', 'margit', 'lucas', 'baran'];
    const clients = await Promise.all(people.map((name) => t.signIn(email(name))));
    const socketsOf = clients.map((client) => connect({ auth: { token: client.token } }));
    const [idle, old] = await Promise.all(socketsOf.map((socket) => ready(socket)));
    // As time would end them: no session.revoked event is written for an expiry.
    await t.dataSource.query(`UPDATE sessions SET idle_expires_at = now() - interval '1 second' WHERE id = $1`, [idle!.sessionId]);
    await t.dataSource.query(`UPDATE sessions SET absolute_expires_at = now() - interval '1 second' WHERE id = $1`, [old!.sessionId]);
    await t.dataSource.query(`UPDATE users SET suspended_at = now() WHERE email = $1`, [email('lucas')]);
    const gone = socketsOf.slice(0, 3).map((socket) => disconnected(socket));
    try {
      expect(await t.app.get(RealtimeSessions).sweepEnded()).toBe(3);
      expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect', 'io server disconnect']);
      expect(socketsOf[3]!.connected).toBe(true);
      expect(await ask(socketsOf[3]!, 'test.echo', { n: 7 })).toMatchObject({ ok: true });
      expect(await t.app.get(RealtimeSessions).sweepEnded()).toBe(0);
    } finally {
      await t.dataSource.query('UPDATE users SET suspended_at = NULL WHERE email = $1', [email('lucas')]);
    }
  });
});

describe('inbound events', () => {
  it('answer through the ack with the fresh actor; bad payloads and handler failures get a code, never the payload back', async () => {
    const baran = await t.signIn(email('baran'));
    const socket = connect({ auth: { token: baran.token } });
    await ready(socket);
    expect(await ask(socket, 'test.echo', { n: 7 })).toEqual({ ok: true, data: { n: 7, userId: await userIdOf(email('baran')) } });

    const bad = await ask(socket, 'test.echo', { n: SECRET_MARKER });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT' } });
    expect(JSON.stringify(bad)).not.toContain(SECRET_MARKER);

    const failed = await ask(socket, 'test.fail', { note: SECRET_MARKER });
    expect(failed).toMatchObject({ ok: false, error: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(failed)).not.toContain('exploded');
    const reference = /reference ([0-9a-f-]{36})/.exec((failed as { error: { message: string } }).error.message)![1]!;
    const logged = t.logLines.filter((line) => line.includes(reference));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('handler exploded');
    expect(t.logLines.join('\n')).not.toContain(SECRET_MARKER);

    // The socket and the process are still fine.
    expect(await ask(socket, 'test.echo', { n: 8 })).toMatchObject({ ok: true, data: { n: 8 } });
  });

  it('are rate limited per socket', async () => {
    const baran = await t.signIn(email('baran'));
    const socket = connect({ auth: { token: baran.token } });
    await ready(socket);
    const answers = await Promise.all(Array.from({ length: REALTIME_LIMITS.eventBurst + 5 }, (_, i) => ask(socket, 'test.echo', { n: i })));
    const limited = answers.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED');
    const served = answers.filter((a) => a.ok);
    expect(served.length).toBeGreaterThanOrEqual(REALTIME_LIMITS.eventBurst);
    expect(limited.length).toBeGreaterThan(0);
    expect(served.length + limited.length).toBe(answers.length);
    expect(socket.connected).toBe(true);
  });

  it('are rate limited per user across their sockets', async () => {
    const lucas = await t.signIn(email('lucas'));
    const perSocket = REALTIME_LIMITS.eventBurst;
    const count = Math.ceil(REALTIME_LIMITS.userEventBurst / perSocket) + 1;
    const own = Array.from({ length: count }, () => connect({ auth: { token: lucas.token } }));
    await Promise.all(own.map(ready));
    // Each socket stays within its own budget; together they exceed the user's.
    const answers = (await Promise.all(own.map((socket) => Promise.all(Array.from({ length: perSocket }, (_, i) => ask(socket, 'test.echo', { n: i })))))).flat();
    const limited = answers.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED');
    expect(answers.filter((a) => a.ok).length).toBeGreaterThanOrEqual(REALTIME_LIMITS.userEventBurst);
    expect(limited.length).toBeGreaterThan(0);
  });

  it('a frame over 64 KiB drops only that socket; the server keeps serving the others', async () => {
    const selin = await t.signIn(email('selin'));
    const kerem = await t.signIn(email('kerem'));
    const big = connect({ auth: { token: selin.token } });
    const bigPolling = connect({ transports: ['polling'], auth: { token: selin.token } });
    const other = connect({ auth: { token: kerem.token } });
    await Promise.all([ready(big), ready(bigPolling), ready(other)]);

    const gone = disconnected(big);
    big.emit('test.echo', { n: 1, padding: 'x'.repeat(REALTIME_LIMITS.maxHttpBufferSize + 1024) });
    expect(await gone).toMatch(/transport (close|error)/);
    const gonePolling = disconnected(bigPolling);
    bigPolling.emit('test.echo', { n: 1, padding: 'x'.repeat(REALTIME_LIMITS.maxHttpBufferSize + 1024) });
    expect(await gonePolling).toMatch(/transport (close|error)/);

    // A frame socket.io cannot parse: only that connection goes.
    const garbled = connect({ auth: { token: selin.token } });
    await ready(garbled);
    const goneGarbled = disconnected(garbled);
    garbled.io.engine.write('42["test.echo", {"n": 1');
    expect(await goneGarbled).toMatch(/transport (close|error)|io server disconnect/);

    expect(await ask(other, 'test.echo', { n: 3 })).toMatchObject({ ok: true, data: { n: 3 } });
    const pushed = next(other, ['session.ready']);
    t.app.get(RealtimePublisher).toUser(await userIdOf(email('kerem')), 'session.ready', { sessionId: 'pushed' });
    expect((await pushed).arg).toEqual({ sessionId: 'pushed' });
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });
});

describe('with two instances on one database (postgres adapter)', () => {
  let second: INestApplication;
  let secondUrl: string;

  beforeAll(async () => {
    const config = AppConfig.fromEnvironment({
      NODE_ENV: 'test',
      DATABASE_URL: t.database.url,
      DATA_ENCRYPTION_KEY: `test:${Buffer.alloc(32, 7).toString('base64')}`,
      LOG_LEVEL: 'warn',
      CORS_ORIGINS: ALLOWED_ORIGIN,
    });
    expect(config.realtimeAdapter).toBe('postgres');
    second = await createApp(config, new AppLogger('warn', { write: () => undefined }), t.dataSource);
    await second.listen(0, '127.0.0.1');
    secondUrl = `http://127.0.0.1:${(second.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await second.close();
  });

  it('delivers events and revocations to sockets on the other instance', async () => {
    const hanna = await t.signIn(email('hanna'));
    const socket = connect({ auth: { token: hanna.token } }, secondUrl);
    await ready(socket);

    const pushed = next(socket, ['session.ready']);
    t.app.get(RealtimePublisher).toUser(await userIdOf(email('hanna')), 'session.ready', { sessionId: 'from-the-first-instance' });
    expect((await pushed).arg).toEqual({ sessionId: 'from-the-first-instance' });

    const gone = disconnected(socket);
    expect((await hanna.gql('mutation { revokeAllSessions }')).data).toEqual({ revokeAllSessions: 1 });
    expect(await gone).toBe('io server disconnect');
  });
});

describe('the log', () => {
  it('holds no session token and no payload', () => {
    expect(tokens.length).toBeGreaterThan(5);
    const log = t.logLines.join('\n');
    for (const token of new Set(tokens)) expect(log).not.toContain(token);
    expect(log).not.toContain(SECRET_MARKER);
    expect(log).not.toContain('padding');
  });
});
