// The built server (dist/, as `npm start` runs it) twice on one database with REALTIME_ADAPTER=postgres:
// a message posted through one instance reaches a socket subscribed on the other, and neither logs it.
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { createTestDatabase, type TestDatabase } from '@sw/testing';
import { DEMO_PASSWORD } from '@sw/identity';
import type { InboundReply, ThreadMessageEvent } from '@sw/realtime';
import { type BuiltApp, gql, startBuiltApp } from '../support/built-app.js';

const KEY = `e2e:${Buffer.alloc(32, 5).toString('base64')}`;
const SECRET_BODY = 'hearing-date-do-not-log-7f3c';

describe('two built instances on one database', () => {
  let db: TestDatabase;
  let first: BuiltApp;
  let second: BuiltApp;
  let socket: Socket | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, DATA_ENCRYPTION_KEY: KEY, REALTIME_ADAPTER: 'postgres' };
    first = await startBuiltApp({ ...env, SEED_DEMO: 'true' }); // seeds the demo network first
    second = await startBuiltApp({ ...env, SEED_DEMO: 'false' });
  });
  afterAll(async () => {
    socket?.disconnect();
    for (const app of [first, second]) app?.process.kill('SIGTERM');
    await Promise.all([first?.exited, second?.exited]);
    await db?.drop();
  });

  it('delivers a message posted on one to a subscriber on the other, and keeps it out of both logs', async () => {
    const signIn = async (url: string, email: string) =>
      (await gql(url, 'mutation($i: SignInInput!) { signIn(input: $i) { token } }', undefined, { i: { email, password: DEMO_PASSWORD } })).body.data.signIn.token as string;
    const ece = await signIn(first.url, 'ece@demo.invalid');
    const kerem = await signIn(second.url, 'kerem@demo.invalid');
    const [{ id: kestrel }] = (await gql(first.url, '{ networks { edges { node { id } } } }', ece)).body.data.networks.edges.map((e: { node: unknown }) => e.node);
    const created = await gql(first.url, 'mutation($i: CreateThreadInput!) { createThread(input: $i) { id } }', ece, { i: { spaceKind: 'NETWORK', spaceId: kestrel, title: 'Across processes' } });
    const threadId: string = created.body.data.createThread.id;

    socket = io(second.url, { path: '/socket.io', transports: ['websocket'], reconnection: false, auth: { token: kerem } });
    await new Promise<void>((resolve, reject) => {
      socket!.once('session.ready', () => resolve());
      socket!.once('connect_error', reject);
    });
    const received: ThreadMessageEvent[] = [];
    socket.on('message.created', (m: ThreadMessageEvent) => received.push(m));
    const subscribed = (await socket.timeout(10_000).emitWithAck('thread:subscribe', { threadId, afterSeq: 0 })) as InboundReply;
    expect(subscribed).toMatchObject({ ok: true, data: { lastSeq: 0, messages: [] } });

    for (const n of [1, 2, 3]) {
      const posted = await gql(first.url, 'mutation($i: PostMessageInput!) { postMessage(input: $i) { seq } }', ece, {
        i: { threadId, clientId: randomUUID(), body: `${SECRET_BODY} #${n}` },
      });
      expect(posted.body.data.postMessage.seq).toBe(n);
    }
    const deadline = Date.now() + 10_000;
    while (received.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(received.map((m) => [m.seq, m.body])).toEqual([1, 2, 3].map((n) => [n, `${SECRET_BODY} #${n}`]));
    expect(first.output() + second.output()).not.toContain(SECRET_BODY);
  });
});
