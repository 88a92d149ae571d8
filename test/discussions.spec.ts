// Discussion threads over GraphQL on a real database: spaces, posting (seq, idempotency), edits with
// history, tombstones, reactions, mentions, unread state, receipts, acknowledgements, resolve/lock,
// paging both ways, and bad input that stores nothing.
import { randomUUID } from 'node:crypto';
import { type Client, codeOf, ROLES, startTestApp, type TestApp } from './support/test-app.js';
import { data, MESSAGE_FIELDS, openThread, post, postMessage, range } from './support/discussions.js';

const MAX = 2000; // a configured MESSAGE_MAX_LENGTH, so the limit is shown to follow the configuration

let t: TestApp;
let deniz: Client; // admin of lantern-lawyers, coordinator of kestrel-network
let ece: Client; // member of lantern-lawyers
let kerem: Client; // admin of open-press-desk (member organisation of kestrel-network)
let nazli: Client; // admin of workers-ledger (partner of kestrel-network)
const id = { org: {} as Record<string, string>, net: {} as Record<string, string>, user: {} as Record<string, string> };

beforeAll(async () => {
  t = await startTestApp({ MESSAGE_MAX_LENGTH: String(MAX) });
  for (const r of await t.dataSource.query('SELECT id, slug FROM organisations')) id.org[r.slug] = r.id;
  for (const r of await t.dataSource.query('SELECT id, slug FROM networks')) id.net[r.slug] = r.id;
  for (const r of await t.dataSource.query(`SELECT id, split_part(email, '@', 1) AS name FROM users`)) id.user[r.name] = r.id;
  [deniz, ece, kerem, nazli] = await Promise.all([ROLES.adminAndCoordinator, ROLES.member, ROLES.otherOrgAdmin, ROLES.partnerAdmin].map((e) => t.signIn(e)));
});
afterAll(() => t.close());

const kestrel = () => id.net['kestrel-network']!;
const lantern = () => id.org['lantern-lawyers']!;
const count = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0].n as number;
const thread = async (client: Client, threadId: string, fields = 'id title lastSeq locked resolved unreadCount mentionCount lastReadSeq viewerCanModerate') =>
  data(await client.gql(`query($id: ID!) { thread(threadId: $id) { ${fields} } }`, { id: threadId })).thread;

describe('threads in spaces', () => {
  it('opens threads in a network space and an organisation space, listed by last activity for their readers only', async () => {
    const older = await openThread(ece, 'NETWORK', kestrel(), 'Trial monitoring rota');
    const newer = await openThread(kerem, 'NETWORK', kestrel(), 'Joint statement timing');
    const internal = await openThread(ece, 'ORGANISATION', lantern(), 'Our own matters');
    const list = async (client: Client, kind: string, spaceId: string) =>
      data(await client.gql('query($k: ThreadSpaceKind!, $s: ID!) { threads(spaceKind: $k, spaceId: $s) { edges { node { id space { kind id } } } } }', { k: kind, s: spaceId }))
        .threads.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await list(deniz, 'NETWORK', kestrel())).toEqual([newer, older]);
    await post(ece, older, 'A first message moves this thread up');
    expect(await list(kerem, 'NETWORK', kestrel())).toEqual([older, newer]);
    expect(await list(nazli, 'NETWORK', kestrel())).toEqual([]); // partners do not see internal spaces
    expect(await list(ece, 'ORGANISATION', lantern())).toEqual([internal]);
    expect(await list(kerem, 'ORGANISATION', lantern())).toEqual([]);
    expect(codeOf(await kerem.gql('query($id: ID!) { thread(threadId: $id) { id } }', { id: internal }))).toBe('NOT_FOUND');
    expect(codeOf(await kerem.gql('query($id: ID!) { thread(threadId: $id) { id } }', { id: randomUUID() }))).toBe('NOT_FOUND');
  });

  it('refuses a bad thread with a code naming the field, and stores nothing', async () => {
    const before = await count('SELECT count(*)::int AS n FROM threads');
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '  ' }, 'title'],
      [{ title: 'x'.repeat(201) }, 'title'],
      [{ title: 'ok', retentionDays: 0 }, 'retentionDays'],
      [{ title: 'ok', spaceId: 'kestrel' }, 'spaceId'],
    ];
    for (const [input, field] of cases) {
      const result = await ece.gql('mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }', { input: { spaceKind: 'NETWORK', spaceId: kestrel(), ...input } });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await count('SELECT count(*)::int AS n FROM threads')).toBe(before);
  });
});

describe('posting', () => {
  let threadId: string;
  beforeAll(async () => {
    threadId = await openThread(ece, 'NETWORK', kestrel(), 'Posting');
  });

  it('numbers messages 1, 2, 3 and renders Markdown sanitised', async () => {
    const first = await post(ece, threadId, '**Hearing** moved to [Monday](https://example.org)<script>alert(1)</script>');
    const second = await post(kerem, threadId, '<img src=x onerror=alert(1)> ok');
    expect([first.seq, second.seq]).toEqual([1, 2]);
    expect(first.bodyHtml).toContain('<p><strong>Hearing</strong> moved to <a href="https://example.org" rel="noopener noreferrer nofollow" target="_blank">Monday</a>');
    expect(first.bodyHtml).not.toMatch(/<script/);
    expect(second.bodyHtml).not.toMatch(/<img|onerror/);
    expect(first.body).toContain('<script>'); // stored as written
    expect((await thread(ece, threadId)).lastSeq).toBe(2);
  });

  it('answers a retry with the same clientId with the first result, and another post under that clientId with CONFLICT', async () => {
    const clientId = randomUUID();
    const input = { threadId, clientId, body: 'Sent twice over a flaky connection' };
    const query = `mutation($input: PostMessageInput!) { postMessage(input: $input) { ${MESSAGE_FIELDS} } }`;
    const [a, b] = await Promise.all([ece.gql(query, { input }), ece.gql(query, { input })]);
    expect(data(a).postMessage).toEqual(data(b).postMessage);
    const before = await count('SELECT count(*)::int AS n FROM messages WHERE thread_id = $1', [threadId]);
    const other = await ece.gql(query, { input: { ...input, body: 'Something else' } });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'clientId' });
    expect(await count('SELECT count(*)::int AS n FROM messages WHERE thread_id = $1', [threadId])).toBe(before);
    // Another author may use the same clientId: it is scoped to the author.
    expect((await kerem.gql(query, { input })).errors).toBeUndefined();
  });

  it('refuses bad input with a code naming the field, and stores nothing', async () => {
    const before = await count('SELECT count(*)::int AS n FROM messages');
    const cases: [Record<string, unknown>, string][] = [
      [{ body: '' }, 'body'],
      [{ body: '   \n ' }, 'body'],
      [{ body: 'a\u0000b' }, 'body'],
      [{ body: 'x'.repeat(MAX + 1) }, 'body'],
      [{ body: 'ok', clientId: 'not-a-uuid' }, 'clientId'],
      [{ body: 'ok', replyToId: randomUUID() }, 'replyToId'],
      [{ body: 'ok', mentionUserIds: [id.user['hanna']] }, 'mentionUserIds'], // cannot read the thread
      [{ body: 'ok', importance: 'SHOUTING' }, 'importance'],
    ];
    for (const [extra, field] of cases) {
      const error = (await postMessage(ece, threadId, 'placeholder', extra)).errors?.[0];
      // Ours name the field in extensions.field; GraphQL's own (an unknown enum value) in the message.
      expect({ code: error?.extensions?.code, field: error?.extensions?.field ?? error?.message }).toEqual({ code: 'BAD_USER_INPUT', field: expect.stringContaining(field) });
    }
    expect(await post(ece, threadId, 'y'.repeat(MAX))).toMatchObject({ body: 'y'.repeat(MAX) });
    expect(await count('SELECT count(*)::int AS n FROM messages')).toBe(before + 1);
  });
});

describe('changing messages', () => {
  let threadId: string;
  beforeAll(async () => {
    threadId = await openThread(ece, 'NETWORK', kestrel(), 'Changes');
  });
  const edit = (client: Client, messageId: string, body: string) =>
    client.gql('mutation($input: EditMessageInput!) { editMessage(input: $input) { body version editedAt edits { body bodyHtml } } }', { input: { messageId, body } });
  const remove = (client: Client, messageId: string) => client.gql(`mutation($m: ID!) { deleteMessage(messageId: $m) { ${MESSAGE_FIELDS} } }`, { m: messageId });

  it('keeps every earlier version in a history its readers see; only the author edits, moderators included', async () => {
    const message = await post(ece, threadId, 'Hearing on the *12th*');
    await edit(ece, message.id, 'Hearing on the *13th*');
    const edited = data(await edit(ece, message.id, 'Hearing on the *14th*')).editMessage;
    expect(edited).toMatchObject({ body: 'Hearing on the *14th*', version: 3 });
    expect(edited.edits.map((e: { body: string }) => e.body)).toEqual(['Hearing on the *12th*', 'Hearing on the *13th*']);
    expect(edited.edits[0].bodyHtml).toContain('<em>12th</em>');
    const seenByKerem = data(await kerem.gql('query($t: ID!) { threadMessages(threadId: $t) { edges { node { id edits { body } } } } }', { t: threadId }));
    expect(seenByKerem.threadMessages.edges[0].node.edits).toHaveLength(2);
    for (const other of [kerem, deniz]) expect(codeOf(await edit(other, message.id, 'rewritten by someone else'))).toBe('FORBIDDEN');
    expect(codeOf(await edit(nazli, message.id, 'from outside'))).toBe('NOT_FOUND');
    expect(codeOf(await edit(ece, message.id, ''))).toBe('BAD_USER_INPUT');
  });

  it('deletes to a tombstone that keeps its place for replies, drops history and reactions, and audits a moderator deleting', async () => {
    const original = await post(kerem, threadId, 'To be withdrawn');
    await edit(kerem, original.id, 'To be withdrawn (edited)');
    const reply = await post(ece, threadId, 'A reply', { replyToId: original.id });
    await ece.gql('mutation($m: ID!) { setReaction(messageId: $m, emoji: "👍", reacted: true) { id } }', { m: original.id });
    expect(codeOf(await remove(ece, original.id))).toBe('FORBIDDEN');
    const tombstone = data(await remove(deniz, original.id)).deleteMessage; // coordinator: moderates network threads
    expect(tombstone).toMatchObject({ body: null, bodyHtml: null, reactions: [], seq: original.seq, author: { id: id.user['kerem'] } });
    expect(tombstone.deletedAt).not.toBeNull();
    expect(await count('SELECT count(*)::int AS n FROM message_edits WHERE message_id = $1', [original.id])).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM message_reactions WHERE message_id = $1', [original.id])).toBe(0);
    const page = data(await ece.gql('query($t: ID!) { threadMessages(threadId: $t) { edges { node { id replyToId deletedAt } } } }', { t: threadId }));
    expect(page.threadMessages.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(original.id);
    expect(page.threadMessages.edges.find((e: { node: { id: string } }) => e.node.id === reply.id).node.replyToId).toBe(original.id);
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'message.deleted_by_moderator' AND subject_id = $1 AND network_id = $2`, [original.id, kestrel()])).toBe(1);
    expect(data(await remove(ece, reply.id)).deleteMessage.deletedAt).not.toBeNull(); // its author
  });

  it('counts reactions once per user and emoji, and accepts only a single emoji', async () => {
    const message = await post(ece, threadId, 'React to this');
    const react = (client: Client, emoji: string, reacted = true) =>
      client.gql('mutation($m: ID!, $e: String!, $r: Boolean!) { setReaction(messageId: $m, emoji: $e, reacted: $r) { reactions { emoji count reactedByMe } } }', { m: message.id, e: emoji, r: reacted });
    await react(ece, '👍');
    await react(ece, '👍');
    await react(kerem, '👍');
    const shown = data(await react(kerem, '🇹🇷')).setReaction.reactions;
    expect(shown).toEqual(expect.arrayContaining([{ emoji: '👍', count: 2, reactedByMe: true }, { emoji: '🇹🇷', count: 1, reactedByMe: true }]));
    expect(data(await react(ece, '👍', false)).setReaction.reactions).toEqual(expect.arrayContaining([{ emoji: '👍', count: 1, reactedByMe: false }]));
    for (const bad of ['hello', '👍👍', '', '<b>']) {
      const result = await react(ece, bad);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'emoji' });
    }
  });
});

describe('unread state, mentions and receipts', () => {
  it('counts unread messages and mentions per thread and in total, moving the read marker forward only', async () => {
    const threadId = await openThread(deniz, 'NETWORK', kestrel(), 'Unread');
    const before = data(await kerem.gql('{ unreadSummary { threads messages mentions } }')).unreadSummary;
    await post(deniz, threadId, 'one');
    await post(deniz, threadId, 'two, for @kerem', { mentionUserIds: [id.user['kerem']] });
    await post(ece, threadId, 'three');
    expect(await thread(kerem, threadId)).toMatchObject({ unreadCount: 3, mentionCount: 1, lastReadSeq: 0 });
    expect(await thread(deniz, threadId)).toMatchObject({ unreadCount: 1, mentionCount: 0, lastReadSeq: 2, viewerCanModerate: true });
    expect(data(await kerem.gql('{ unreadSummary { threads messages mentions } }')).unreadSummary).toEqual({
      threads: before.threads + 1, messages: before.messages + 3, mentions: before.mentions + 1,
    });
    const mark = (seq: number) => kerem.gql(`mutation($t: ID!, $s: Int!) { markThreadRead(threadId: $t, seq: $s) { lastReadSeq unreadCount mentionCount } }`, { t: threadId, s: seq });
    expect(data(await mark(2)).markThreadRead).toEqual({ lastReadSeq: 2, unreadCount: 1, mentionCount: 0 });
    expect(data(await mark(1)).markThreadRead.lastReadSeq).toBe(2); // never back
    expect((await mark(4)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'seq' });
  });

  it('shows who has seen a message per organisation, and who acknowledged it to its author only', async () => {
    const threadId = await openThread(deniz, 'NETWORK', kestrel(), 'Receipts');
    const message = await post(deniz, threadId, 'Please confirm you saw the new hearing date', { importance: 'URGENT', requestAcknowledgement: true });
    await kerem.gql('mutation($t: ID!) { markThreadRead(threadId: $t, seq: 1) { id } }', { t: threadId });
    const acknowledged = data(await kerem.gql('mutation($m: ID!) { acknowledgeMessage(messageId: $m) { acknowledgedByMe acknowledgementCount } }', { m: message.id }));
    expect(acknowledged.acknowledgeMessage).toEqual({ acknowledgedByMe: true, acknowledgementCount: 1 });
    const receipts = (client: Client) => client.gql(
      'query($m: ID!) { messageReceipts(messageId: $m) { audience seen seenBy { organisationName audience seen readers { displayName } } acknowledgements { person { id } } } }', { m: message.id });
    const forAuthor = data(await receipts(deniz)).messageReceipts;
    expect(forAuthor.seen).toBe(2);
    expect(forAuthor.seenBy).toEqual(expect.arrayContaining([
      { organisationName: 'Lantern Lawyers Collective', audience: 2, seen: 1, readers: [{ displayName: 'Deniz Avcı' }] },
      { organisationName: 'Open Press Desk', audience: 2, seen: 1, readers: [{ displayName: 'Kerem Sarıkaya' }] },
    ]));
    expect(forAuthor.seenBy.map((g: { organisationName: string }) => g.organisationName)).not.toContain("Workers' Ledger Union Forum");
    expect(forAuthor.acknowledgements).toEqual([{ person: { id: id.user['kerem'] } }]);
    expect(data(await receipts(ece)).messageReceipts.acknowledgements).toBeNull();
    expect(codeOf(await receipts(nazli))).toBe('NOT_FOUND');
    const plain = await post(deniz, threadId, 'No acknowledgement asked');
    expect((await kerem.gql('mutation($m: ID!) { acknowledgeMessage(messageId: $m) { id } }', { m: plain.id })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'messageId' });
  });
});

describe('resolving and locking', () => {
  it('lets whoever opened a thread and its moderators resolve and reopen it', async () => {
    const threadId = await openThread(ece, 'NETWORK', kestrel(), 'Resolve me');
    const resolve = (client: Client, resolved: boolean) => client.gql('mutation($t: ID!, $r: Boolean!) { setThreadResolved(threadId: $t, resolved: $r) { resolved } }', { t: threadId, r: resolved });
    expect(codeOf(await resolve(kerem, true))).toBe('FORBIDDEN');
    expect(data(await resolve(ece, true)).setThreadResolved.resolved).toBe(true);
    expect(data(await resolve(deniz, false)).setThreadResolved.resolved).toBe(false);
    expect(codeOf(await resolve(nazli, true))).toBe('NOT_FOUND');
  });

  it('takes no posts, edits or reactions from members once locked; moderators still post; acknowledgements go on', async () => {
    const threadId = await openThread(ece, 'ORGANISATION', lantern(), 'Announcements');
    const message = await post(ece, threadId, 'Before the lock', { requestAcknowledgement: true, importance: 'IMPORTANT' });
    expect(codeOf(await ece.gql('mutation($t: ID!) { setThreadLocked(threadId: $t, locked: true) { locked } }', { t: threadId }))).toBe('FORBIDDEN');
    expect(data(await deniz.gql('mutation($t: ID!) { setThreadLocked(threadId: $t, locked: true) { locked } }', { t: threadId })).setThreadLocked.locked).toBe(true);
    const refused = await postMessage(ece, threadId, 'After the lock');
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'THREAD_LOCKED' });
    expect(codeOf(await ece.gql('mutation($input: EditMessageInput!) { editMessage(input: $input) { id } }', { input: { messageId: message.id, body: 'changed' } }))).toBe('FORBIDDEN');
    expect((await post(deniz, threadId, 'Moderators may still post')).seq).toBe(2);
    expect((await deniz.gql('mutation($m: ID!) { acknowledgeMessage(messageId: $m) { id } }', { m: message.id })).errors).toBeUndefined();
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'thread.locked' AND subject_id = $1 AND organisation_id = $2`, [threadId, lantern()])).toBe(1);
  });
});

describe('paging messages by seq', () => {
  it('goes forward from the start and backward from the end, always in seq order', async () => {
    const threadId = await openThread(kerem, 'NETWORK', kestrel(), 'Paging');
    for (const n of range(1, 7)) await post(n % 2 ? kerem : deniz, threadId, `message ${n}`);
    const page = async (args: string) => data(await ece.gql(`query($t: ID!) { threadMessages(threadId: $t, ${args}) {
      edges { cursor node { seq } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`, { t: threadId })).threadMessages;
    const seqs = (p: { edges: { node: { seq: number } }[] }) => p.edges.map((e) => e.node.seq);
    const first = await page('first: 3');
    expect([seqs(first), first.pageInfo.hasNextPage, first.pageInfo.hasPreviousPage]).toEqual([[1, 2, 3], true, false]);
    const second = await page(`first: 3, after: "${first.pageInfo.endCursor}"`);
    expect([seqs(second), second.pageInfo.hasNextPage, second.pageInfo.hasPreviousPage]).toEqual([[4, 5, 6], true, true]);
    const newest = await page('last: 2');
    expect([seqs(newest), newest.pageInfo.hasPreviousPage, newest.pageInfo.hasNextPage]).toEqual([[6, 7], true, false]);
    const older = await page(`last: 4, before: "${newest.pageInfo.startCursor}"`);
    expect([seqs(older), older.pageInfo.hasPreviousPage, older.pageInfo.hasNextPage]).toEqual([[2, 3, 4, 5], true, true]);
    expect(seqs(await page('last: 100'))).toEqual(range(1, 7));
    for (const args of ['first: 0', 'first: 101', 'after: "bm90LWEtY3Vyc29y"', 'first: 2, last: 2']) {
      expect(codeOf(await ece.gql(`query($t: ID!) { threadMessages(threadId: $t, ${args}) { edges { cursor } } }`, { t: threadId }))).toBe('BAD_USER_INPUT');
    }
    expect(codeOf(await nazli.gql('query($t: ID!) { threadMessages(threadId: $t) { edges { cursor } } }', { t: threadId }))).toBe('NOT_FOUND');
  });
});
