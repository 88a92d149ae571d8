// Live thread events over real sockets: typing and presence, changes to messages, notifications,
// bad input over the socket, floods, and the scheduled jobs (urgent reminders, retention purge).
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { DISCUSSION_LIMITS, DiscussionsJobs } from '@sw/discussions';
import { RealtimeServerRef, REALTIME_LIMITS, type ThreadMessageEvent } from '@sw/realtime';
import { type Client, codeOf, ROLES, startTestApp, type TestApp } from './support/test-app.js';
import { ask, data, type Loose, next, ok, openThread, post, postMessage, record, Sockets, waitFor } from './support/discussions.js';

let t: TestApp;
const sockets = new Sockets();
let deniz: Client; // coordinator of kestrel-network, admin of lantern-lawyers
let ece: Client;
let kerem: Client;
let selin: Client; // member of open-press-desk
const id = { org: {} as Record<string, string>, net: {} as Record<string, string>, user: {} as Record<string, string> };

beforeAll(async () => {
  t = await startTestApp();
  for (const r of await t.dataSource.query('SELECT id, slug FROM organisations')) id.org[r.slug] = r.id;
  for (const r of await t.dataSource.query('SELECT id, slug FROM networks')) id.net[r.slug] = r.id;
  for (const r of await t.dataSource.query(`SELECT id, split_part(email, '@', 1) AS name FROM users`)) id.user[r.name] = r.id;
  [deniz, ece, kerem, selin] = await Promise.all([ROLES.adminAndCoordinator, ROLES.member, ROLES.otherOrgAdmin, 'selin@demo.invalid'].map((e) => t.signIn(e)));
});

afterAll(async () => {
  sockets.closeAll();
  const server = t.app.get(RealtimeServerRef).server!;
  await waitFor(() => server.engine.clientsCount === 0, 'every client to be gone');
  await t.close();
});

const kestrelThread = (client: Client, title: string) => openThread(client, 'NETWORK', id.net['kestrel-network']!, title);
const subscribe = (socket: Socket, threadId: string, afterSeq = 0) => ok(socket, 'thread:subscribe', { threadId, afterSeq });
const roundTrip = (socket: Socket) => ask(socket, 'thread:presence', { threadId: randomUUID() });
const count = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0].n as number;
const stored = () => count('SELECT ((SELECT count(*) FROM messages) + (SELECT count(*) FROM outbox_events) + (SELECT count(*) FROM message_reactions))::int AS n');

describe('typing and presence', () => {
  it('go to the thread room only, are never stored, and typing is rate limited', async () => {
    const threadId = await kestrelThread(ece, 'Typing');
    const [a, b, outsider] = await Promise.all([ece, kerem, selin].map((c) => sockets.ready(t.url, c.token)));
    const typingAtB = record(b, 'typing');
    const typingAtA = record(a, 'typing');
    const typingOutside = record(outsider, 'typing');
    const presenceAtA = record(a, 'presence');
    await subscribe(a, threadId);
    await subscribe(b, threadId);
    await waitFor(() => presenceAtA.some((p) => (p as { userId: string }).userId === id.user['kerem']), 'presence of kerem');
    expect(presenceAtA).toContainEqual({ threadId, userId: id.user['kerem'], present: true });
    expect(await ok(a, 'thread:presence', { threadId })).toEqual({ threadId, userIds: [id.user['ece'], id.user['kerem']].sort() });

    const before = await stored();
    expect(await ok(a, 'thread:typing', { threadId })).toEqual({ sent: true });
    await waitFor(() => typingAtB.length === 1, 'typing to reach the other reader');
    expect(typingAtB).toEqual([{ threadId, userId: id.user['ece'] }]);
    await Promise.all([roundTrip(a), roundTrip(outsider)]);
    expect([typingAtA, typingOutside]).toEqual([[], []]);
    expect(await ask(outsider, 'thread:typing', { threadId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const burst = await Promise.all(Array.from({ length: DISCUSSION_LIMITS.typingBurst + 3 }, () => ask(a, 'thread:typing', { threadId })));
    expect(burst.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED').length).toBeGreaterThan(0);
    expect(await stored()).toBe(before);

    expect(await ok(b, 'thread:unsubscribe', { threadId })).toEqual({ unsubscribed: true });
    await waitFor(() => presenceAtA.some((p) => (p as { present: boolean }).present === false), 'kerem to be shown absent');
    expect(presenceAtA.at(-1)).toEqual({ threadId, userId: id.user['kerem'], present: false });
  });
});

describe('changes reach the room live', () => {
  it('edits, reactions, deletions, read markers and thread state, each from the reader\'s side', async () => {
    const threadId = await kestrelThread(ece, 'Live changes');
    const [a, b] = await Promise.all([ece, kerem].map((c) => sockets.ready(t.url, c.token)));
    const events = (socket: Socket) => Object.fromEntries(['message.created', 'message.updated', 'message.deleted', 'reaction.changed', 'read.updated', 'thread.updated']
      .map((e) => [e, record<Loose>(socket, e)]));
    const [atA, atB] = [events(a), events(b)];
    await subscribe(a, threadId);
    await subscribe(b, threadId);

    const { message } = await ok<{ message: ThreadMessageEvent }>(a, 'message:post', { threadId, clientId: randomUUID(), body: 'Draft _one_' });
    await ok(a, 'message:edit', { messageId: message.id, body: 'Draft _two_' });
    await waitFor(() => atB['message.updated']!.length === 1, 'the edit');
    expect(atB['message.updated']![0]).toMatchObject({ id: message.id, body: 'Draft _two_', bodyHtml: '<p>Draft <em>two</em></p>\n', version: 2 });

    await ok(b, 'message:react', { messageId: message.id, emoji: '✊', reacted: true });
    await waitFor(() => atA['reaction.changed']!.length === 1 && atB['reaction.changed']!.length === 1, 'the reaction');
    expect(atA['reaction.changed']![0]).toMatchObject({ messageId: message.id, reactions: [{ emoji: '✊', count: 1, reactedByMe: false }] });
    expect(atB['reaction.changed']![0]!.reactions).toEqual([{ emoji: '✊', count: 1, reactedByMe: true }]);

    await ok(b, 'thread:read', { threadId, seq: 1 });
    await waitFor(() => atA['read.updated']!.length === 1, 'the read marker');
    expect(atA['read.updated']).toEqual([{ threadId, userId: id.user['kerem'], seq: 1 }]);

    await ok(a, 'message:delete', { messageId: message.id });
    await waitFor(() => atB['message.deleted']!.length === 1, 'the deletion');
    expect(atB['message.deleted']![0]).toMatchObject({ threadId, id: message.id, seq: 1 });

    data(await deniz.gql('mutation($t: ID!) { setThreadLocked(threadId: $t, locked: true) { id } }', { t: threadId }));
    await waitFor(() => atA['thread.updated']!.length === 1 && atB['thread.updated']!.length === 1, 'the lock');
    expect(atB['thread.updated']![0]).toMatchObject({ threadId, locked: true, resolved: false, lastSeq: 1 });
    expect(atB['message.created']!.map((m) => m.seq)).toEqual([1]);
  });
});

describe('notifications', () => {
  it('tell the people named, and re-notify an urgent message to those who have not acknowledged it', async () => {
    const threadId = await kestrelThread(deniz, 'Urgent');
    const [atEce, atKerem, atDeniz] = await Promise.all([ece, kerem, deniz].map(async (c) => record(await sockets.ready(t.url, c.token), 'notification.created')));
    const named = await post(deniz, threadId, 'Kerem, can you check?', { mentionUserIds: [id.user['kerem']] });
    await waitFor(() => atKerem.length === 1, 'the mention');
    expect(atKerem).toEqual([{ kind: 'MENTION', threadId, messageId: named.id }]);

    const urgent = await post(deniz, threadId, 'Hearing moved to tomorrow 9:00', { importance: 'URGENT', requestAcknowledgement: true });
    const asked = { kind: 'ACK_REQUESTED', threadId, messageId: urgent.id };
    await waitFor(() => atEce.length === 1 && atKerem.length === 2, 'the acknowledgement request');
    expect([atEce, atKerem.slice(1)]).toEqual([[asked], [asked]]);
    data(await kerem.gql('mutation($m: ID!) { acknowledgeMessage(messageId: $m) { id } }', { m: urgent.id }));

    const jobs = t.app.get(DiscussionsJobs);
    expect(await jobs.remindUnacknowledged()).toBe(0); // not yet due
    await t.dataSource.query(`UPDATE messages SET created_at = now() - make_interval(mins => $2) WHERE id = $1`, [urgent.id, DISCUSSION_LIMITS.reminderEveryMinutes + 1]);
    expect(await jobs.remindUnacknowledged()).toBe(1);
    await waitFor(() => atEce.length === 2, 'the reminder');
    expect(atEce[1]).toEqual({ kind: 'ACK_REMINDER', threadId, messageId: urgent.id });
    expect(await jobs.remindUnacknowledged()).toBe(0); // reminded just now
    expect(atKerem).toHaveLength(2); // acknowledged: no reminder
    expect(atDeniz).toEqual([]); // the author
  });
});

describe('bad input over the socket', () => {
  it('gets a code naming the field, stores nothing, and leaves the connection usable', async () => {
    const threadId = await kestrelThread(ece, 'Bad input');
    const internal = await openThread(deniz, 'ORGANISATION', id.org['lantern-lawyers']!, 'Not for kerem');
    const others = await post(ece, threadId, 'ece wrote this');
    const socket = await sockets.ready(t.url, kerem.token);
    const before = await stored();
    const cases: [string, unknown, string, RegExp][] = [
      ['message:post', { threadId, clientId: randomUUID(), body: '' }, 'BAD_USER_INPUT', /^body: /],
      ['message:post', { threadId, clientId: randomUUID(), body: 'x'.repeat(10_001) }, 'BAD_USER_INPUT', /^body: must be at most 10000 characters/],
      ['message:post', { threadId: 'nope', clientId: randomUUID(), body: 'hi' }, 'BAD_USER_INPUT', /^threadId: must be an id/],
      ['message:post', { threadId, clientId: randomUUID(), body: 'hi', sneaky: true }, 'BAD_USER_INPUT', /sneaky/],
      ['message:post', 'just a string', 'BAD_USER_INPUT', /^payload: /],
      ['message:post', { threadId: internal, clientId: randomUUID(), body: 'hi' }, 'NOT_FOUND', /^Thread not found$/],
      ['thread:subscribe', { threadId, afterSeq: -1 }, 'BAD_USER_INPUT', /^afterSeq: /],
      ['thread:subscribe', { threadId, afterSeq: 99 }, 'BAD_USER_INPUT', /^afterSeq: is beyond/],
      ['thread:join', { threadId }, 'BAD_USER_INPUT', /^Unknown event$/],
      ['message:edit', { messageId: others.id, body: 'not mine' }, 'FORBIDDEN', /author/],
      ['message:delete', { messageId: others.id }, 'FORBIDDEN', /author or a moderator/],
      ['message:react', { messageId: others.id, emoji: 'no', reacted: true }, 'BAD_USER_INPUT', /^emoji: /],
    ];
    for (const [event, payload, code, message] of cases) {
      const reply = await ask(socket, event, payload);
      expect({ event, reply }).toEqual({ event, reply: { ok: false, error: { code, message: expect.stringMatching(message) } } });
    }
    // A thread that does not exist and one the caller may not read get the same answer.
    const [missing, unreadable] = await Promise.all([randomUUID(), internal].map((threadId) => ask(socket, 'thread:subscribe', { threadId, afterSeq: 0 })));
    expect(unreadable).toEqual(missing);
    expect(missing).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Thread not found' } });

    data(await deniz.gql('mutation($t: ID!) { setThreadLocked(threadId: $t, locked: true) { id } }', { t: threadId }));
    expect(await ask(socket, 'message:post', { threadId, clientId: randomUUID(), body: 'into a locked thread' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/locked/) } });
    expect(await stored()).toBe(before + 1); // only the lock's outbox event
    expect(socket.connected).toBe(true);
    expect(await subscribe(socket, threadId)).toMatchObject({ lastSeq: 1 });
  });

  it('a frame over the size limit closes only that connection, and nothing is stored', async () => {
    const threadId = await kestrelThread(ece, 'Big frames');
    const [big, other] = await Promise.all([selin, kerem].map((c) => sockets.ready(t.url, c.token)));
    const gone = next(big, ['disconnect']);
    big.emit('message:post', { threadId, clientId: randomUUID(), body: 'x'.repeat(REALTIME_LIMITS.maxHttpBufferSize + 1) });
    expect((await gone).arg).toMatch(/transport (close|error)/);
    expect(await count('SELECT count(*)::int AS n FROM messages WHERE thread_id = $1', [threadId])).toBe(0);
    expect(await ok(other, 'message:post', { threadId, clientId: randomUUID(), body: 'still here' })).toMatchObject({ message: { seq: 1 } });
  });

  it('a flood of messages is refused with RATE_LIMITED, over the socket and over GraphQL, and only what was accepted is stored', async () => {
    const threadId = await kestrelThread(ece, 'Flood');
    const socket = await sockets.ready(t.url, selin.token);
    const answers = await Promise.all(Array.from({ length: REALTIME_LIMITS.eventBurst + 5 }, (_, n) =>
      ask(socket, 'message:post', { threadId, clientId: randomUUID(), body: `flood ${n}` })));
    const accepted = answers.filter((a) => a.ok).length;
    expect(answers.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length).toBeGreaterThan(0);
    let refused = false;
    for (let n = 0; n < 2 * DISCUSSION_LIMITS.postsPerWindow + 1 && !refused; n++) {
      const result = await postMessage(selin, threadId, `more ${n}`);
      if (codeOf(result) === 'RATE_LIMITED') refused = true;
      else data(result);
    }
    expect(refused).toBe(true);
    const [{ n, top }] = await t.dataSource.query('SELECT count(*)::int AS n, max(seq) AS top FROM messages WHERE thread_id = $1', [threadId]);
    expect(top).toBe(n); // gap-free even with refusals in between
    expect(n).toBeGreaterThanOrEqual(accepted);
    expect(socket.connected).toBe(true);
  });
});

describe('retention', () => {
  it('deletes old messages for good with their reactions, history, mentions and outbox events, and tells subscribers', async () => {
    const threadId = await openThread(ece, 'ORGANISATION', id.org['lantern-lawyers']!, 'Ephemeral', 1);
    const first = await post(ece, threadId, 'old, with a mention', { mentionUserIds: [id.user['deniz']] });
    const second = await post(deniz, threadId, 'old, then edited');
    data(await deniz.gql('mutation($input: EditMessageInput!) { editMessage(input: $input) { id } }', { input: { messageId: second.id, body: 'edited' } }));
    data(await deniz.gql('mutation($m: ID!) { setReaction(messageId: $m, emoji: "👍", reacted: true) { id } }', { m: first.id }));
    await post(ece, threadId, 'recent');
    const socket = await sockets.ready(t.url, deniz.token);
    await subscribe(socket, threadId, 3);
    const purged = next(socket, ['messages.purged']);
    const gone = [first.id, second.id];
    await t.dataSource.query(`UPDATE messages SET created_at = now() - interval '2 days' WHERE id = ANY($1::uuid[])`, [gone]);
    const outboxOf = () => count(`SELECT count(*)::int AS n FROM outbox_events WHERE payload->>'messageId' = ANY($1::text[])`, [gone]);
    expect(await outboxOf()).toBeGreaterThan(0);

    expect(await t.app.get(DiscussionsJobs).purgeExpired()).toBe(2);
    expect((await purged).arg).toEqual({ threadId, throughSeq: 2 });
    for (const table of ['message_reactions', 'message_edits', 'message_mentions']) {
      expect({ table, n: await count(`SELECT count(*)::int AS n FROM ${table} WHERE message_id = ANY($1::uuid[])`, [gone]) }).toEqual({ table, n: 0 });
    }
    expect(await count('SELECT count(*)::int AS n FROM messages WHERE id = ANY($1::uuid[])', [gone])).toBe(0);
    expect(await outboxOf()).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'thread.messages_purged' AND subject_id = $1`, [threadId])).toBe(1);
    const page = data(await ece.gql('query($t: ID!) { threadMessages(threadId: $t) { edges { node { seq body } } } }', { t: threadId }));
    expect(page.threadMessages.edges.map((e: { node: { seq: number } }) => e.node.seq)).toEqual([3]);
    expect((await post(ece, threadId, 'the count goes on')).seq).toBe(4);
    expect(await t.app.get(DiscussionsJobs).purgeExpired()).toBe(0);
  });
});
