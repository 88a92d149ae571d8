// Role × thread operation, over GraphQL and over the socket (SECURITY.md 8, 16, 17, 20, 23). One
// table: a caller, an operation, what must happen. A refusal has the right code and changes no row;
// what a caller may not read does not exist for them (NOT_FOUND). Threads attached to another
// domain's items are granted only by the provider that domain registered in ThreadSubjects: here
// the real BRIEFING provider, on a TLP:RED briefing (libs/discussions/src/thread-access.spec.ts
// tests the registry itself: a kind without a provider grants nothing).
import { randomUUID } from 'node:crypto';
import { Reflector } from '@nestjs/core';
import type { Socket } from 'socket.io-client';
import { type FieldPolicy, PUBLIC_KEY, REQUIRES_KEY } from '@sw/authz';
import { MessageResolver, ThreadResolver, ThreadSubjects } from '@sw/discussions';
import { OutboxRelay } from '@sw/events';
import { RealtimeServerRef } from '@sw/realtime';
import { type Client, codeOf, ROLES, startTestApp, type TestApp } from './support/test-app.js';
import { writeBriefing } from './support/briefings.js';
import { addMembers, ask, data, next, openThread, PASSPHRASE, post, Sockets, waitFor } from './support/discussions.js';

let t: TestApp;
const sockets = new Sockets();
const ROLE_NAMES = ['anonymous', 'revokedSession', 'operator', 'coordinator', 'member', 'memberOrgAdmin', 'partner', 'otherNetwork', 'removedMember', 'suspendedMember'] as const;
type Role = (typeof ROLE_NAMES)[number];
type Code = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND';
type Expected = 'ok' | Code;
const EMAILS: Record<Exclude<Role, 'anonymous' | 'removedMember' | 'suspendedMember'>, string> = {
  revokedSession: 'lucas@demo.invalid', operator: ROLES.operator, coordinator: ROLES.adminAndCoordinator, member: ROLES.member,
  memberOrgAdmin: ROLES.otherOrgAdmin, partner: ROLES.partnerAdmin, otherNetwork: ROLES.otherNetworkAdmin,
};
const clients = {} as Record<Role, Client>;
const socketOf = {} as Record<Role, Socket | null>;
const user = {} as Record<string, string>;
const id = { org: {} as Record<string, string>, net: {} as Record<string, string> };
const thread = {} as Record<'kestrel' | 'kestrelModerated' | 'lantern' | 'attached' | 'nothing', string>;
const message = {} as Record<'selin' | 'urgent' | 'forDeletion' | 'forSocketDeletion', string>;
let briefing: string;
const noSuchBriefing = randomUUID();
const selin = () => t.signIn('selin@demo.invalid');
const emailOf = (role: Role): string | null =>
  role === 'anonymous' ? null : role === 'removedMember' ? 'removed@demo.invalid' : role === 'suspendedMember' ? 'suspended@demo.invalid' : EMAILS[role];

beforeAll(async () => {
  t = await startTestApp();
  for (const r of await t.dataSource.query('SELECT id, slug FROM organisations')) id.org[r.slug] = r.id;
  for (const r of await t.dataSource.query('SELECT id, slug FROM networks')) id.net[r.slug] = r.id;
  expect(t.app.get(ThreadSubjects).provider('BRIEFING')).toBeDefined();

  const deniz = await t.signIn(ROLES.adminAndCoordinator);
  const [removed, suspended] = await addMembers(t, deniz, id.org['lantern-lawyers']!, ['removed', 'suspended']);
  for (const r of await t.dataSource.query(`SELECT id, split_part(email, '@', 1) AS name FROM users`)) user[r.name] = r.id;
  const membership = async (userId: string) => (await t.dataSource.query('SELECT id FROM memberships WHERE user_id = $1', [userId]))[0].id;
  data(await deniz.gql('mutation($m: ID!) { removeMember(id: $m) }', { m: await membership(removed!.userId) }));
  data(await deniz.gql('mutation($m: ID!) { suspendMember(id: $m, suspended: true) { id } }', { m: await membership(suspended!.userId) }));

  clients.anonymous = t.client();
  for (const [role, email] of Object.entries(EMAILS)) clients[role as Role] = await t.signIn(email);
  clients.removedMember = await t.signIn('removed@demo.invalid', PASSPHRASE);
  clients.suspendedMember = await t.signIn('suspended@demo.invalid', PASSPHRASE);

  thread.kestrel = await openThread(clients.member, 'NETWORK', id.net['kestrel-network']!, 'Network thread');
  thread.kestrelModerated = await openThread(clients.member, 'NETWORK', id.net['kestrel-network']!, 'To be moderated');
  thread.lantern = await openThread(clients.member, 'ORGANISATION', id.org['lantern-lawyers']!, 'Organisation thread');
  // TLP:RED, written by kerem (open-press-desk) for ece alone: its readers are exactly the two of
  // them, not ece's own organisation's admin and network coordinator (deniz), nor kerem's colleagues.
  briefing = await writeBriefing(clients.memberOrgAdmin, { organisationId: id.org['open-press-desk']!, tlp: 'RED', audience: { userIds: [user['ece']!] } });
  thread.attached = await openThread(clients.member, 'BRIEFING', briefing, 'On a briefing');
  // Attached to a briefing that does not exist: nobody may read it.
  thread.nothing = randomUUID();
  await t.dataSource.query(`INSERT INTO threads (id, space_kind, subject_id, title, created_by) VALUES ($1, 'BRIEFING', $2, 'Nobody may read this', $3)`,
    [thread.nothing, noSuchBriefing, user['ece']]);

  const writer = await selin();
  message.selin = (await post(writer, thread.kestrel, 'Written by selin')).id;
  message.urgent = (await post(writer, thread.kestrel, 'Please acknowledge', { importance: 'URGENT', requestAcknowledgement: true })).id;
  message.forDeletion = (await post(writer, thread.kestrel, 'A moderator will delete this')).id;
  message.forSocketDeletion = (await post(writer, thread.kestrel, 'This one too, over the socket')).id;

  data(await clients.revokedSession.gql('mutation { revokeAllSessions }'));
  for (const role of ROLE_NAMES) {
    const socket = sockets.connect(t.url, clients[role].token);
    const { event } = await next(socket, ['session.ready', 'connect_error']);
    socketOf[role] = event === 'session.ready' ? socket : null;
  }
});

afterAll(async () => {
  sockets.closeAll();
  const server = t.app.get(RealtimeServerRef).server!;
  await waitFor(() => server.engine.clientsCount === 0, 'every client to be gone');
  await t.close();
});

/** Everything a refused operation could have changed. */
async function snapshot() {
  const [row] = await t.dataSource.query(`SELECT
    (SELECT json_agg(x ORDER BY x.id) FROM (SELECT id, title, last_seq, locked_at, resolved_at, retention_days FROM threads) x) AS threads,
    (SELECT json_agg(x ORDER BY x.id) FROM (SELECT id, body, version, deleted_at FROM messages) x) AS messages,
    (SELECT count(*)::int FROM message_reactions) AS reactions, (SELECT count(*)::int FROM message_acknowledgements) AS acks,
    (SELECT json_agg(x ORDER BY x.thread_id, x.user_id) FROM thread_reads x) AS reads,
    (SELECT count(*)::int FROM outbox_events) AS events, (SELECT count(*)::int FROM audit_log) AS audit`);
  return row;
}

interface Operation {
  via: 'graphql' | 'socket';
  run(role: Role): Promise<{ code: string | undefined; answered: boolean }>;
}
const gql = (field: string, query: string, variables: () => Record<string, unknown>): Operation => ({
  via: 'graphql',
  async run(role) {
    const result = await clients[role].gql(query, variables());
    return { code: codeOf(result), answered: result.data?.[field] != null && !result.errors };
  },
});
const emit = (event: string, payload: () => Record<string, unknown>): Operation => ({
  via: 'socket',
  async run(role) {
    const socket = socketOf[role];
    if (!socket) return { code: 'UNAUTHENTICATED', answered: false }; // the handshake was refused
    const reply = await ask(socket, event, payload());
    return reply.ok ? { code: undefined, answered: true } : { code: reply.error.code, answered: false };
  },
});

const op = {
  thread: (which: keyof typeof thread) => gql('thread', 'query($t: ID!) { thread(threadId: $t) { id } }', () => ({ t: thread[which] })),
  messages: (which: keyof typeof thread) => gql('threadMessages', 'query($t: ID!) { threadMessages(threadId: $t) { edges { node { id } } } }', () => ({ t: thread[which] })),
  receipts: () => gql('messageReceipts', 'query($m: ID!) { messageReceipts(messageId: $m) { seen } }', () => ({ m: message.selin })),
  post: (which: keyof typeof thread) => gql('postMessage', 'mutation($i: PostMessageInput!) { postMessage(input: $i) { id } }', () => ({ i: { threadId: thread[which], clientId: randomUUID(), body: 'hello' } })),
  edit: () => gql('editMessage', 'mutation($i: EditMessageInput!) { editMessage(input: $i) { id } }', () => ({ i: { messageId: message.selin, body: 'changed' } })),
  delete: () => gql('deleteMessage', 'mutation($m: ID!) { deleteMessage(messageId: $m) { id } }', () => ({ m: message.forDeletion })),
  react: () => gql('setReaction', 'mutation($m: ID!) { setReaction(messageId: $m, emoji: "🙏", reacted: true) { id } }', () => ({ m: message.selin })),
  acknowledge: () => gql('acknowledgeMessage', 'mutation($m: ID!) { acknowledgeMessage(messageId: $m) { id } }', () => ({ m: message.urgent })),
  markRead: () => gql('markThreadRead', 'mutation($t: ID!) { markThreadRead(threadId: $t, seq: 1) { id } }', () => ({ t: thread.kestrel })),
  lock: (which: keyof typeof thread) => gql('setThreadLocked', 'mutation($t: ID!) { setThreadLocked(threadId: $t, locked: false) { id } }', () => ({ t: thread[which] })),
  retention: () => gql('setThreadRetention', 'mutation($t: ID!) { setThreadRetention(threadId: $t, retentionDays: 30) { id } }', () => ({ t: thread.kestrelModerated })),
  resolve: () => gql('setThreadResolved', 'mutation($t: ID!) { setThreadResolved(threadId: $t, resolved: true) { id } }', () => ({ t: thread.kestrelModerated })),
  create: (spaceKind: () => string, spaceId: () => string) => gql('createThread', 'mutation($i: CreateThreadInput!) { createThread(input: $i) { id } }',
    () => ({ i: { spaceKind: spaceKind(), spaceId: spaceId(), title: 'New' } })),
  subscribe: (which: keyof typeof thread) => emit('thread:subscribe', () => ({ threadId: thread[which], afterSeq: 0 })),
  socketPost: () => emit('message:post', () => ({ threadId: thread.kestrel, clientId: randomUUID(), body: 'over the socket' })),
  socketDelete: () => emit('message:delete', () => ({ messageId: message.forSocketDeletion })),
  socketRead: () => emit('thread:read', () => ({ threadId: thread.kestrel, seq: 1 })),
};

interface Row { role: Role; action: string; op: Operation; expected: Expected }
/** `rest` is what every role not named gets; signed-out callers are UNAUTHENTICATED. Refusals run before successes. */
function rows(action: string, operation: Operation, expected: Partial<Record<Role, Expected>> & { rest: Expected }): Row[] {
  const list = ROLE_NAMES.map((role) => ({
    role, action: `${action} [${operation.via}]`, op: operation,
    expected: role === 'anonymous' || role === 'revokedSession' ? 'UNAUTHENTICATED' : (expected[role] ?? expected.rest),
  }));
  return [...list.filter((r) => r.expected !== 'ok'), ...list.filter((r) => r.expected === 'ok')];
}
const READERS = { coordinator: 'ok', member: 'ok', memberOrgAdmin: 'ok', rest: 'NOT_FOUND' } as const;
const MODERATOR = { coordinator: 'ok', member: 'FORBIDDEN', memberOrgAdmin: 'FORBIDDEN', rest: 'NOT_FOUND' } as const;
const NOBODY = { rest: 'NOT_FOUND' } as const;

const table: Row[] = [
  // a thread in the network's space: members of its member organisations and its coordinators
  ...rows('thread(kestrel)', op.thread('kestrel'), READERS),
  ...rows('threadMessages(kestrel)', op.messages('kestrel'), READERS),
  ...rows('messageReceipts(kestrel message)', op.receipts(), READERS),
  ...rows('postMessage(kestrel)', op.post('kestrel'), READERS),
  ...rows("editMessage(someone else's)", op.edit(), { coordinator: 'FORBIDDEN', member: 'FORBIDDEN', memberOrgAdmin: 'FORBIDDEN', rest: 'NOT_FOUND' }),
  ...rows("deleteMessage(someone else's)", op.delete(), MODERATOR),
  ...rows('setReaction', op.react(), READERS),
  ...rows('acknowledgeMessage', op.acknowledge(), READERS),
  ...rows('markThreadRead', op.markRead(), READERS),
  ...rows('setThreadLocked(kestrel)', op.lock('kestrelModerated'), MODERATOR),
  ...rows('setThreadRetention', op.retention(), MODERATOR),
  ...rows('setThreadResolved (opened by member)', op.resolve(), { ...MODERATOR, member: 'ok' }),
  ...rows('createThread(NETWORK kestrel)', op.create(() => 'NETWORK', () => id.net['kestrel-network']!), {
    ...READERS, partner: 'FORBIDDEN', operator: 'FORBIDDEN',
  }),
  ...rows('thread:subscribe(kestrel)', op.subscribe('kestrel'), READERS),
  ...rows('message:post(kestrel)', op.socketPost(), READERS),
  ...rows("message:delete(someone else's)", op.socketDelete(), MODERATOR),
  ...rows('thread:read(kestrel)', op.socketRead(), READERS),
  // a thread in an organisation's space: its members; its admins moderate
  ...rows('thread(lantern)', op.thread('lantern'), { coordinator: 'ok', member: 'ok', rest: 'NOT_FOUND' }),
  ...rows('setThreadLocked(lantern)', op.lock('lantern'), { coordinator: 'ok', member: 'FORBIDDEN', rest: 'NOT_FOUND' }),
  ...rows('createThread(ORGANISATION lantern)', op.create(() => 'ORGANISATION', () => id.org['lantern-lawyers']!), {
    coordinator: 'ok', member: 'ok', operator: 'FORBIDDEN', rest: 'NOT_FOUND',
  }),
  ...rows('thread:subscribe(lantern)', op.subscribe('lantern'), { coordinator: 'ok', member: 'ok', rest: 'NOT_FOUND' }),
  // attached to an item: exactly whom its provider names (the RED briefing: ece reads; kerem, its author, moderates)
  ...rows('thread(attached)', op.thread('attached'), { member: 'ok', memberOrgAdmin: 'ok', rest: 'NOT_FOUND' }),
  ...rows('postMessage(attached)', op.post('attached'), { member: 'ok', memberOrgAdmin: 'ok', rest: 'NOT_FOUND' }),
  ...rows('setThreadLocked(attached)', op.lock('attached'), { member: 'FORBIDDEN', memberOrgAdmin: 'ok', rest: 'NOT_FOUND' }),
  ...rows('createThread(attached item)', op.create(() => 'BRIEFING', () => briefing), { member: 'ok', memberOrgAdmin: 'ok', rest: 'NOT_FOUND' }),
  ...rows('thread:subscribe(attached)', op.subscribe('attached'), { member: 'ok', memberOrgAdmin: 'ok', rest: 'NOT_FOUND' }),
  // attached to an item that does not exist: deny by default
  ...rows('thread(attached to nothing)', op.thread('nothing'), NOBODY),
  ...rows('thread:subscribe(attached to nothing)', op.subscribe('nothing'), NOBODY),
  ...rows('createThread(no such briefing)', op.create(() => 'BRIEFING', () => noSuchBriefing), NOBODY),
];

describe('role × thread operation', () => {
  it.each(table.map((row) => [row.role, row.action, row.expected, row] as const))('%s · %s → %s', async (_role, _action, _expected, row) => {
    const before = await snapshot();
    const { code, answered } = await row.op.run(row.role);
    if (row.expected === 'ok') {
      expect({ code, answered }).toEqual({ code: undefined, answered: true });
    } else {
      expect({ code, answered }).toEqual({ code: row.expected, answered: false });
      expect(await snapshot()).toEqual(before);
    }
  });

  it('covers every role for every action', () => {
    const roles = new Map<string, Set<Role>>();
    for (const row of table) roles.set(row.action, (roles.get(row.action) ?? new Set()).add(row.role));
    expect([...roles].filter(([, set]) => set.size !== ROLE_NAMES.length)).toEqual([]);
  });
});

describe('lists and audiences', () => {
  it('threads(space) holds exactly the threads of the space for its readers, and nothing for anyone else', async () => {
    const listed = async (role: Role) => data(await clients[role].gql('query($s: ID!) { threads(spaceKind: NETWORK, spaceId: $s, first: 100) { edges { node { id } } } }',
      { s: id.net['kestrel-network'] })).threads.edges.map((e: { node: { id: string } }) => e.node.id).sort();
    const all = (await t.dataSource.query('SELECT id FROM threads WHERE space_network_id = $1', [id.net['kestrel-network']])).map((r: { id: string }) => r.id).sort();
    for (const role of ['coordinator', 'member', 'memberOrgAdmin'] as const) expect(await listed(role)).toEqual(all);
    for (const role of ['operator', 'partner', 'otherNetwork', 'removedMember', 'suspendedMember'] as const) expect(await listed(role)).toEqual([]);
  });

  it('@thread reaches exactly the people the rules let read the thread (the audience and the policy agree)', async () => {
    const authors: [keyof typeof thread, Role][] = [['kestrel', 'memberOrgAdmin'], ['lantern', 'coordinator'], ['attached', 'memberOrgAdmin']];
    for (const [which, author] of authors) {
      const sent = await post(clients[author], thread[which], 'Everyone, please read', { mentionThread: true });
      const reached = (await t.dataSource.query('SELECT user_id FROM message_mentions WHERE message_id = $1', [sent.id])).map((r: { user_id: string }) => r.user_id);
      for (const role of ROLE_NAMES.filter((r) => r !== 'anonymous' && r !== 'revokedSession' && r !== author)) {
        const mayRead = codeOf(await clients[role].gql('query($t: ID!) { thread(threadId: $t) { id } }', { t: thread[which] })) === undefined;
        const userId = (await t.dataSource.query('SELECT id FROM users WHERE email = $1', [emailOf(role)]))[0].id;
        expect({ which, role, reached: reached.includes(userId) }).toEqual({ which, role, reached: mayRead });
      }
    }
  });

  it('narrowing the audience of an attached item takes its readers out of the room at once (audienceChanged)', async () => {
    // Both readers are in the room (thread:subscribe rows above); the author takes ece off the briefing.
    const socket = socketOf.member!;
    const left = next(socket, ['thread.left']);
    data(await clients.memberOrgAdmin.gql('mutation($id: ID!, $u: [ID!]!) { classifyBriefing(id: $id, input: { remove: { userIds: $u } }) { id } }',
      { id: briefing, u: [user['ece']] }));
    await t.app.get(OutboxRelay).kick();
    expect((await left).arg).toEqual({ threadId: thread.attached });
    const received: unknown[] = [];
    socket.on('message.created', (m) => received.push(m));
    const stillReading = next(socketOf.memberOrgAdmin!, ['message.created']);
    const sent = await post(clients.memberOrgAdmin, thread.attached, 'after the narrowing');
    expect((await stillReading).arg).toMatchObject({ id: sent.id });
    expect(await ask(socket, 'thread:subscribe', { threadId: thread.attached, afterSeq: 0 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(received).toEqual([]);
  });
});

describe('the schema', () => {
  it('has a policy (never @Public) on every root field of the discussions resolvers', () => {
    const reflector = new Reflector();
    const fields = [ThreadResolver, MessageResolver].flatMap((resolver) =>
      Object.getOwnPropertyNames(resolver.prototype).filter((name) => name !== 'constructor').map((name) => {
        const handler = (resolver.prototype as unknown as Record<string, () => unknown>)[name]!;
        return { name, isPublic: reflector.get<boolean>(PUBLIC_KEY, handler) === true, policy: reflector.get<FieldPolicy | undefined>(REQUIRES_KEY, handler), root: Reflect.getMetadata('graphql:resolver_type', handler) };
      }));
    const roots = fields.filter((f) => f.root === 'Query' || f.root === 'Mutation');
    expect(roots.length).toBe(15);
    expect(roots.filter((f) => f.isPublic || !f.policy).map((f) => f.name)).toEqual([]);
  });
});
