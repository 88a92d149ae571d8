// The scale-out topology without Docker: two built servers (dist/, as `npm start` runs them) on one
// database, fanned out through PostgreSQL (REALTIME_ADAPTER=postgres) and, when redis-server is
// installed (.ci/run installs it), through Redis. Clients on both instances in one thread see every
// message exactly once and in order; SIGKILL of one instance mid-stream loses no acknowledged
// message, and its clients resume on the other with afterSeq. (discussions.e2e-spec.ts has the
// smaller cross-instance check, and that nothing is logged.)
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import type { Socket } from 'socket.io-client';
import { createTestDatabase, type TestDatabase } from '@sw/testing';
import { DEMO_PASSWORD } from '@sw/identity';
import type { InboundReply, ThreadMessageEvent } from '@sw/realtime';
import { type BuiltApp, freePort, gql, startBuiltApp } from '../support/built-app.js';
import { ok, range, record, Sockets, waitFor } from '../support/discussions.js';

const KEY = `e2e:${Buffer.alloc(32, 9).toString('base64')}`;

function redisInstalled(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const REDIS = redisInstalled();
if (!REDIS) process.stderr.write('scale-out: redis-server is not on PATH here (.ci/run installs it): only the PostgreSQL fan-out is tested.\n');

/** A throw-away redis-server on a free loopback port, nothing persisted. */
async function startRedis(): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: 'ignore' });
  await waitFor(() => new Promise<boolean>((resolve) => {
    const probe = net.connect(port, '127.0.0.1', () => {
      probe.end();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  }), 'redis-server to listen');
  return { url: `redis://127.0.0.1:${port}`, process: child };
}

const VARIANTS: [string, 'postgres' | 'redis'][] = [['PostgreSQL fan-out', 'postgres'], ...(REDIS ? [['Redis fan-out', 'redis'] as [string, 'redis']] : [])];

describe.each(VARIANTS)(`two built instances on one database (Redis ${REDIS ? 'installed' : 'not installed: PostgreSQL only'}), %s`, (_name, adapter) => {
  let db: TestDatabase;
  let redis: { url: string; process: ChildProcess } | undefined;
  let first: BuiltApp;
  let second: BuiltApp;
  const sockets = new Sockets();
  const token: Record<string, string> = {};
  let threadId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    if (adapter === 'redis') redis = await startRedis();
    const env = { DATABASE_URL: db.url, DATA_ENCRYPTION_KEY: KEY, REALTIME_ADAPTER: adapter, ...(redis ? { REDIS_URL: redis.url } : {}) };
    first = await startBuiltApp({ ...env, SEED_DEMO: 'true' });
    second = await startBuiltApp({ ...env, SEED_DEMO: 'false' });
    expect(first.output() + second.output()).toContain(`"fanout":"${adapter}"`);
    for (const name of ['ece', 'kerem', 'selin', 'baran']) {
      const signed = await gql(first.url, 'mutation($i: SignInInput!) { signIn(input: $i) { token } }', undefined, { i: { email: `${name}@demo.invalid`, password: DEMO_PASSWORD } });
      token[name] = signed.body.data.signIn.token;
    }
    const [{ id: kestrel }] = (await gql(first.url, '{ networks { edges { node { id } } } }', token['ece'])).body.data.networks.edges.map((e: { node: unknown }) => e.node);
    threadId = (await gql(first.url, 'mutation($i: CreateThreadInput!) { createThread(input: $i) { id } }', token['ece'], {
      i: { spaceKind: 'NETWORK', spaceId: kestrel, title: `Across instances (${adapter})` },
    })).body.data.createThread.id;
  }, 60_000);

  afterAll(async () => {
    sockets.closeAll();
    for (const app of [first, second]) app?.process.kill('SIGTERM');
    await Promise.all([first?.exited, second?.exited]);
    redis?.process.kill('SIGTERM');
    await db?.drop();
  });

  it('clients on both instances see every message exactly once and in order; after SIGKILL of one, no acknowledged message is lost and its clients resume on the other with afterSeq', async () => {
    // Two clients on each instance: ece and selin on the first, kerem and baran on the second.
    const clients = {
      ece: await sockets.ready(first.url, token['ece']!),
      selin: await sockets.ready(first.url, token['selin']!),
      kerem: await sockets.ready(second.url, token['kerem']!),
      baran: await sockets.ready(second.url, token['baran']!),
    };
    const got = Object.fromEntries(Object.entries(clients).map(([name, socket]) => [name, record<ThreadMessageEvent>(socket, 'message.created')])) as Record<keyof typeof clients, ThreadMessageEvent[]>;
    for (const socket of Object.values(clients)) await ok(socket, 'thread:subscribe', { threadId, afterSeq: 0 });

    // 1. Both instances post at once: 12 through each.
    const post = (socket: Socket, body: string) => ok<{ message: ThreadMessageEvent }>(socket, 'message:post', { threadId, clientId: randomUUID(), body });
    const acks = await Promise.all([
      ...range(1, 12).map((n) => post(clients.ece, `first instance ${n}`)),
      ...range(1, 12).map((n) => post(clients.kerem, `second instance ${n}`)),
    ]);
    expect(acks.map((a) => a.message.seq).sort((a, b) => a - b)).toEqual(range(1, 24));
    for (const [name, list] of Object.entries(got)) {
      await waitFor(() => list.length >= 24, `${name} to receive 24 messages`);
      expect({ name, seqs: list.map((m) => m.seq) }).toEqual({ name, seqs: range(1, 24) });
    }

    // 2. A stream from both instances; the second is killed in the middle of it.
    const acked: number[] = [];
    const stream = async (socket: Socket, label: string, count: number) => {
      for (let n = 1; n <= count && socket.connected; n++) {
        const reply = (await socket.timeout(3_000).emitWithAck('message:post', { threadId, clientId: randomUUID(), body: `${label} ${n}` }).catch(() => null)) as InboundReply<{ message: ThreadMessageEvent }> | null;
        if (reply?.ok) acked.push(reply.data.message.seq);
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    };
    const onFirst = stream(clients.selin, 'stream on the first', 15);
    const onSecond = stream(clients.baran, 'stream on the second', 15);
    await waitFor(() => acked.length >= 8, 'the stream to be under way');
    const killedAt = acked.length;
    second.process.kill('SIGKILL');
    await Promise.all([onFirst, onSecond]);
    expect(await second.exited).toBeNull(); // killed by the signal
    expect(acked.length).toBeGreaterThan(killedAt);

    // Every acknowledged message is stored, gap-free.
    const top: number = (await gql(first.url, 'query($t: ID!) { thread(threadId: $t) { lastSeq } }', token['ece'], { t: threadId })).body.data.thread.lastSeq;
    expect(Math.max(...acked)).toBeLessThanOrEqual(top);

    // The survivors' clients receive everything, once, in order.
    for (const name of ['ece', 'selin'] as const) {
      await waitFor(() => got[name].some((m) => m.seq === top), `${name} to receive through ${top}`);
      expect({ name, seqs: got[name].map((m) => m.seq) }).toEqual({ name, seqs: range(1, top) });
    }

    // The killed instance's clients resume on the survivor from the last seq they had.
    for (const name of ['kerem', 'baran'] as const) {
      await waitFor(() => !clients[name].connected, `${name} to notice the instance is gone`);
      const seen = got[name].map((m) => m.seq);
      expect(seen).toEqual(range(1, seen.length)); // in order, no duplicates, up to where it stopped
      const again = await sockets.ready(first.url, token[name]!);
      const live = record<ThreadMessageEvent>(again, 'message.created');
      const resumed = await ok<{ messages: ThreadMessageEvent[]; hasMore: boolean; lastSeq: number }>(again, 'thread:subscribe', { threadId, afterSeq: seen.length });
      expect({ name, hasMore: resumed.hasMore, seqs: resumed.messages.map((m) => m.seq) }).toEqual({ name, hasMore: false, seqs: range(seen.length + 1, top) });
      got[name] = [...got[name], ...resumed.messages];
      Object.assign(clients, { [name]: again });
      (got as Record<string, ThreadMessageEvent[]>)[`${name}Live`] = live;
    }

    // Live again, for everyone, on the one instance left.
    const last = await post(clients.ece, 'after the failover');
    expect(last.message.seq).toBe(top + 1);
    for (const name of ['kerem', 'baran'] as const) {
      const live = (got as Record<string, ThreadMessageEvent[]>)[`${name}Live`]!;
      await waitFor(() => live.some((m) => m.seq === top + 1), `${name} to receive the live message`);
      expect(live.map((m) => m.seq)).toEqual([top + 1]);
      expect([...got[name], ...live].map((m) => m.seq)).toEqual(range(1, top + 1));
    }
    for (const seq of acked) expect(got.kerem.some((m) => m.seq === seq)).toBe(true);
  });
});
