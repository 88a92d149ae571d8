// Threads on briefings, statements and workshops, through the providers those domains register in
// ThreadSubjects: a thread is readable by exactly the people its item's own rules let read it
// (NOT_FOUND for everyone else, the same answer as for a thread that does not exist), its audience
// (@thread, mentions) is the same set of people, its item's source / leads / organisers moderate it,
// and when an item's audience narrows, whoever lost it leaves the thread's room at once and gets
// nothing more (real socket.io clients).
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { AUDIENCE_CHANGED, DISCUSSION_LIMITS } from '@sw/discussions';
import { OutboxRelay } from '@sw/events';
import { RealtimeServerRef } from '@sw/realtime';
import { writeBriefing } from './support/briefings.js';
import { ask, data, type Loose, next, ok as ack, openThread, post, postMessage, record, Sockets, waitFor } from './support/discussions.js';
import { type Cast, castOf, makeStatement, ok, ops, soon, statementIn } from './support/statements-fixture.js';
import { type Client, codeOf, type GraphqlResult, ROLES, startTestApp, type TestApp } from './support/test-app.js';
import { makeWorkshop, netId } from './support/workshops-fixture.js';

let t: TestApp;
let cast: Cast;
const sockets = new Sockets();
/** Every account of the demo network (so "exactly these people" leaves no one out), by the local part of their address. */
const NAMES = ['deniz', 'ece', 'selin', 'kerem', 'ines', 'tomas', 'baran', 'nazli', 'margit', 'lucas', 'operator', 'hanna'] as const;
type Name = (typeof NAMES)[number];
const people = {} as Record<Name, { client: Client; userId: string }>;

beforeAll(async () => {
  t = await startTestApp();
  cast = await castOf(t);
  const [hanna, margit, lucas] = await Promise.all([ROLES.otherNetworkAdmin, 'margit@demo.invalid', 'lucas@demo.invalid'].map((e) => t.signIn(e)));
  const clients: Record<Name, Client> = {
    deniz: cast.as.lead, ece: cast.as.leadMember, selin: cast.as.drafter, kerem: cast.as.drafterAdmin, ines: cast.as.invitedAdmin,
    tomas: cast.as.invitedMember, baran: cast.as.outsider, nazli: cast.as.partner, operator: cast.as.operator, hanna: hanna!, margit: margit!, lucas: lucas!,
  };
  for (const name of NAMES) people[name] = { client: clients[name], userId: cast.user[name]! };
  const [{ users }] = await t.dataSource.query('SELECT count(*)::int AS users FROM users');
  expect(users).toBe(NAMES.length);
});

afterAll(async () => {
  sockets.closeAll();
  const server = t.app.get(RealtimeServerRef).server!;
  await waitFor(() => server.engine.clientsCount === 0, 'every client to be gone');
  await t.close();
});

const readThread = (client: Client, threadId: string) => client.gql('query($t: ID!) { thread(threadId: $t) { id space { kind id } } }', { t: threadId });
const lock = (client: Client, threadId: string) => client.gql('mutation($t: ID!) { setThreadLocked(threadId: $t, locked: false) { id } }', { t: threadId });
const errorOf = (result: GraphqlResult) => ({ message: result.errors?.[0]?.message, extensions: result.errors?.[0]?.extensions });

/** Who of NAMES may read the thread: everyone else gets exactly the answer a thread that does not exist gets. */
async function readersOf(threadId: string): Promise<Name[]> {
  const nothing = errorOf(await readThread(people.ece.client, randomUUID()));
  expect(nothing.extensions?.code).toBe('NOT_FOUND');
  const readers: Name[] = [];
  for (const name of NAMES) {
    const result = await readThread(people[name].client, threadId);
    if (result.errors) expect({ name, ...errorOf(result) }).toEqual({ name, ...nothing });
    else readers.push(name);
  }
  return readers;
}

/** @thread from `author` reaches exactly the other readers of the thread: the audience and the rules agree. */
async function expectAudienceIsReaders(author: Name, threadId: string, readers: Name[]): Promise<void> {
  const sent = await post(people[author].client, threadId, 'Everyone, please read', { mentionThread: true });
  const reached = ((await t.dataSource.query('SELECT user_id FROM message_mentions WHERE message_id = $1', [sent.id])) as { user_id: string }[]).map((r) => r.user_id);
  const nameOf = new Map(NAMES.map((name) => [people[name].userId, name]));
  expect(reached.map((id) => nameOf.get(id) ?? id).sort()).toEqual(readers.filter((name) => name !== author).sort());
}

/** The moderators of the thread, of its readers. */
async function moderatorsOf(threadId: string, readers: Name[]): Promise<Name[]> {
  const moderators: Name[] = [];
  for (const name of readers) {
    const code = codeOf(await lock(people[name].client, threadId));
    if (code === undefined) moderators.push(name);
    else expect({ name, code }).toEqual({ name, code: 'FORBIDDEN' });
  }
  return moderators;
}

/** Sockets of `names`, each subscribed to the thread, with what they receive from now on. */
async function inRoom(threadId: string, names: Name[]) {
  const room = {} as Record<Name, { socket: Socket; messages: Loose[]; left: Loose[] }>;
  for (const name of names) {
    const socket = await sockets.ready(t.url, people[name].client.token);
    const messages = record<Loose>(socket, 'message.created');
    const left = record<Loose>(socket, 'thread.left');
    await ack(socket, 'thread:subscribe', { threadId, afterSeq: 0 });
    room[name] = { socket, messages, left };
  }
  return room;
}

/**
 * `narrow` narrows the item's audience: its transaction records audienceChanged for the item, and
 * once that is relayed `gone` leave the room (well before the periodic re-check could have done it),
 * `stay` do not; a message posted afterwards reaches only those who stay, and those who left cannot
 * come back in.
 */
async function expectRoomNarrowed(
  threadId: string, item: { kind: string; id: string }, narrow: () => Promise<unknown>,
  room: Awaited<ReturnType<typeof inRoom>>, gone: Name[], stay: Name[], poster: Name,
): Promise<void> {
  const recorded = async (): Promise<number> => (await t.dataSource.query(
    `SELECT count(*)::int AS n FROM outbox_events WHERE type = $1 AND payload->>'kind' = $2 AND payload->>'subjectId' = $3`,
    [AUDIENCE_CHANGED, item.kind, item.id]))[0].n;
  const before = await recorded();
  const leaving = gone.map((name) => next(room[name].socket, ['thread.left'], DISCUSSION_LIMITS.roomRecheckMs / 2));
  await narrow();
  expect(await recorded()).toBeGreaterThan(before);
  await t.app.get(OutboxRelay).kick();
  for (const left of await Promise.all(leaving)) expect(left.arg).toEqual({ threadId });
  const had = Object.fromEntries(gone.map((name) => [name, room[name].messages.length]));
  const sent = await post(people[poster].client, threadId, 'After the narrowing');
  await waitFor(() => stay.every((name) => room[name].messages.some((m) => m.id === sent.id)), 'the message to reach those who stay');
  // A round trip on each socket that left: anything sent to it before the answer would be here by now.
  await Promise.all(gone.map((name) => ask(room[name].socket, 'thread:presence', { threadId: randomUUID() })));
  for (const name of gone) {
    expect({ name, received: room[name].messages.length }).toEqual({ name, received: had[name] });
    expect({ name, again: await ask(room[name].socket, 'thread:subscribe', { threadId, afterSeq: 0 }) }).toMatchObject({ name, again: { ok: false, error: { code: 'NOT_FOUND' } } });
  }
  for (const name of stay) expect({ name, left: room[name].left }).toEqual({ name, left: [] });
}

describe('threads on briefings', () => {
  it('a thread on a TLP:RED briefing is readable by exactly its named recipient and its author, who moderates', async () => {
    const briefing = await writeBriefing(people.kerem.client, { organisationId: cast.org['open-press-desk']!, tlp: 'RED', audience: { userIds: [people.ece.userId] } });
    const threadId = await openThread(people.ece.client, 'BRIEFING', briefing, 'About the hearing');
    expect(data(await readThread(people.ece.client, threadId)).thread.space).toEqual({ kind: 'BRIEFING', id: briefing });

    // Not ece's own organisation's admin (deniz), not kerem's colleague (selin): RED is for the named people.
    const readers = await readersOf(threadId);
    expect(readers).toEqual(['ece', 'kerem']);
    for (const name of NAMES) {
      const readsBriefing = codeOf(await people[name].client.gql('query($id: ID!) { briefing(id: $id) { id } }', { id: briefing })) === undefined;
      expect({ name, readsBriefing }).toEqual({ name, readsBriefing: readers.includes(name) });
    }
    await expectAudienceIsReaders('kerem', threadId, readers);
    expect(await moderatorsOf(threadId, readers)).toEqual(['kerem']);

    // The briefing's thread list and opening a thread on it: nothing, and NOT_FOUND exactly as for no briefing at all.
    const list = async (name: Name) => data(await people[name].client.gql('query($s: ID!) { threads(spaceKind: BRIEFING, spaceId: $s) { edges { node { id } } } }', { s: briefing }))
      .threads.edges.map((e: Loose) => e.node.id);
    expect(await list('ece')).toEqual([threadId]);
    expect(await list('selin')).toEqual([]);
    const open = (id: string) => people.selin.client.gql('mutation($i: CreateThreadInput!) { createThread(input: $i) { id } }', { i: { spaceKind: 'BRIEFING', spaceId: id, title: 'Mine' } });
    const refused = errorOf(await open(briefing));
    expect(refused.extensions?.code).toBe('NOT_FOUND');
    expect(refused).toEqual(errorOf(await open(randomUUID())));
  });

  it('after the briefing is tightened, readers who lost it leave the thread\'s room at once and receive nothing more', async () => {
    // AMBER for lantern-lawyers (deniz, ece), from open-press-desk (kerem, selin).
    const briefing = await writeBriefing(people.kerem.client, { organisationId: cast.org['open-press-desk']!, tlp: 'AMBER', audience: { organisationIds: [cast.org['lantern-lawyers']!] } });
    const threadId = await openThread(people.deniz.client, 'BRIEFING', briefing, 'Next steps');
    expect(await readersOf(threadId)).toEqual(['deniz', 'ece', 'selin', 'kerem']);
    const room = await inRoom(threadId, ['deniz', 'ece', 'selin', 'kerem']);
    const first = await post(people.ece.client, threadId, 'Before');
    await waitFor(() => (['deniz', 'ece', 'selin', 'kerem'] as const).every((n) => room[n].messages.some((m) => m.id === first.id)), 'the first message everywhere');

    // Tightened to RED for ece alone: lantern-lawyers and the publishing organisation lose it.
    const tighten = async () => data(await people.kerem.client.gql(
      'mutation($id: ID!, $u: [ID!]!) { classifyBriefing(id: $id, input: { tlp: RED, add: { userIds: $u } }) { tlp } }', { id: briefing, u: [people.ece.userId] }));
    await expectRoomNarrowed(threadId, { kind: 'BRIEFING', id: briefing }, tighten, room, ['deniz', 'selin'], ['ece', 'kerem'], 'ece');
    expect(await readersOf(threadId)).toEqual(['ece', 'kerem']);
    // Nor does a change to a message they had reach them.
    const reactions = { deniz: record(room.deniz.socket, 'reaction.changed'), ece: record(room.ece.socket, 'reaction.changed') };
    data(await people.kerem.client.gql('mutation($m: ID!) { setReaction(messageId: $m, emoji: "✊", reacted: true) { id } }', { m: first.id }));
    await waitFor(() => reactions.ece.length === 1, 'the reaction to reach ece');
    await ask(room.deniz.socket, 'thread:presence', { threadId: randomUUID() });
    expect(reactions.deniz).toEqual([]);
  });

  it('a briefing published on behalf: its originating side reads the briefing but never meets its recipients in a thread', async () => {
    // Written by deniz for lantern-lawyers (the organisation at risk), published as rights-relay's.
    const briefing = await writeBriefing(people.deniz.client, {
      organisationId: cast.org['lantern-lawyers']!, publishAsOrganisationId: cast.org['rights-relay']!, tlp: 'AMBER',
      audience: { organisationIds: [cast.org['open-press-desk']!] }, publish: false,
    });
    data(await people.ines.client.gql('mutation($id: ID!) { publishBriefing(id: $id) { id } }', { id: briefing }));
    for (const name of ['deniz', 'ece'] as const) expect(codeOf(await people[name].client.gql('query($id: ID!) { briefing(id: $id) { id } }', { id: briefing }))).toBeUndefined();

    const threadId = await openThread(people.kerem.client, 'BRIEFING', briefing, 'Questions for the source');
    const readers = await readersOf(threadId);
    expect(readers).toEqual(['selin', 'kerem', 'ines', 'tomas']);
    await expectAudienceIsReaders('kerem', threadId, readers);
    // Naming one of the originating organisation's people is refused exactly as naming a stranger.
    const mention = async (userId: string) => errorOf(await postMessage(people.kerem.client, threadId, 'Hello', { mentionUserIds: [userId] }));
    expect((await mention(people.ece.userId)).extensions?.code).toBe('BAD_USER_INPUT');
    expect(await mention(people.ece.userId)).toEqual(await mention(randomUUID()));
    // "Seen by" names no organisation but the trusted one and the recipients.
    const message = await post(people.kerem.client, threadId, 'Who has seen this?');
    const receipts = data(await people.kerem.client.gql('query($m: ID!) { messageReceipts(messageId: $m) { seenBy { organisationName } } }', { m: message.id })).messageReceipts;
    expect(receipts.seenBy.map((g: Loose) => g.organisationName).sort()).toEqual(['Open Press Desk', 'Rights Relay e.V.']);
  });
});

describe('threads on statements', () => {
  it('a draft: its lead and drafting organisations; invited organisations only from OPEN_FOR_SIGNATURE; the leads moderate', async () => {
    const made = await makeStatement(cast); // lead lantern-lawyers, drafting open-press-desk, invited rights-relay
    const threadId = await openThread(people.deniz.client, 'STATEMENT', made.id, 'Wording of the second paragraph');
    const drafting = await readersOf(threadId);
    expect(drafting).toEqual(['deniz', 'ece', 'selin', 'kerem']);
    await expectAudienceIsReaders('deniz', threadId, drafting);
    expect(await moderatorsOf(threadId, drafting)).toEqual(['deniz', 'ece']);
    // The invited organisation cannot open one either, as if there were no statement.
    const open = (id: string) => people.ines.client.gql('mutation($i: CreateThreadInput!) { createThread(input: $i) { id } }', { i: { spaceKind: 'STATEMENT', spaceId: id, title: 'Ours' } });
    expect(errorOf(await open(made.id))).toEqual(errorOf(await open(randomUUID())));

    await ok(cast.as.lead, ops.open, { id: made.id });
    const open_ = await readersOf(threadId);
    expect(open_).toEqual(['deniz', 'ece', 'selin', 'kerem', 'ines', 'tomas']);
    await expectAudienceIsReaders('ines', threadId, open_);
  });

  it('once published the statement is everyone\'s to read, its threads still only its organisations\'', async () => {
    const made = await statementIn(t, cast, 'PUBLISHED');
    const threadId = await openThread(people.ece.client, 'STATEMENT', made.id, 'Follow-up');
    expect(codeOf(await people.baran.client.gql(ops.read, { id: made.id }))).toBeUndefined();
    const readers = await readersOf(threadId);
    expect(readers).toEqual(['deniz', 'ece', 'selin', 'kerem', 'ines', 'tomas']);
    await expectAudienceIsReaders('ece', threadId, readers);
  });

  it('an embargo takes the invited organisations that did not sign out of the room at once', async () => {
    const made = await statementIn(t, cast, 'CLOSED'); // signed by lantern-lawyers only
    const threadId = await openThread(people.deniz.client, 'STATEMENT', made.id, 'Publication day');
    const room = await inRoom(threadId, ['ines', 'selin', 'deniz']);
    const embargo = () => ok(cast.as.lead, ops.publish, { input: { statementId: made.id, revisionId: made.revisionId, embargoUntil: soon(24) } });
    await expectRoomNarrowed(threadId, { kind: 'STATEMENT', id: made.id }, embargo, room, ['ines'], ['selin', 'deniz'], 'deniz');
    expect(await readersOf(threadId)).toEqual(['deniz', 'ece', 'selin', 'kerem']);
  });
});

describe('threads on workshops', () => {
  it('PLANNING: the organising side only; once open, its audience too, but no one only invited; the organisers moderate', async () => {
    const workshop = await makeWorkshop(t, people.deniz.client, { open: false }); // lantern-lawyers organises; audience kestrel-network
    const threadId = await openThread(people.deniz.client, 'WORKSHOP', workshop, 'Venue options');
    const planning = await readersOf(threadId);
    expect(planning).toEqual(['deniz', 'ece']);
    await expectAudienceIsReaders('deniz', threadId, planning);
    expect(await moderatorsOf(threadId, planning)).toEqual(['deniz']);

    data(await people.deniz.client.gql('mutation($id: ID!) { setWorkshopStatus(id: $id, status: OPEN) { status } }', { id: workshop }));
    // hanna (harbour-group, outside the audience) is invited on her own: she reads the workshop, not its threads,
    // where she would meet, and be seen by, its whole audience.
    data(await people.deniz.client.gql('mutation($i: InviteInput!) { inviteToWorkshop(input: $i) { participant { id } } }', { i: { workshopId: workshop, userId: people.hanna.userId } }));
    expect(codeOf(await people.hanna.client.gql('query($id: ID!) { workshop(id: $id) { id } }', { id: workshop }))).toBeUndefined();
    const open = await readersOf(threadId);
    // kestrel-network's members and partners (the workshop's audience rule counts both).
    expect(open).toEqual(['deniz', 'ece', 'selin', 'kerem', 'ines', 'tomas', 'baran', 'nazli', 'margit']);
    await expectAudienceIsReaders('selin', threadId, open);
    expect(await moderatorsOf(threadId, open)).toEqual(['deniz']);
  });

  it('narrowing the audience takes those it no longer names out of the room at once', async () => {
    const workshop = await makeWorkshop(t, people.deniz.client, { networks: ['kestrel-network'] });
    const threadId = await openThread(people.kerem.client, 'WORKSHOP', workshop, 'Travel together?');
    const room = await inRoom(threadId, ['kerem', 'ece']);
    const narrow = async () => data(await people.deniz.client.gql('mutation($input: SetAudienceInput!) { setWorkshopAudience(input: $input) { networkIds } }',
      { input: { workshopId: workshop, networkIds: [], organisationIds: [] } }));
    await expectRoomNarrowed(threadId, { kind: 'WORKSHOP', id: workshop }, narrow, room, ['kerem'], ['ece'], 'deniz');
    expect(await readersOf(threadId)).toEqual(['deniz', 'ece']);
    // And back: the network again.
    data(await people.deniz.client.gql('mutation($input: SetAudienceInput!) { setWorkshopAudience(input: $input) { networkIds } }',
      { input: { workshopId: workshop, networkIds: [await netId(t, 'kestrel-network')], organisationIds: [] } }));
    expect(await readersOf(threadId)).toContain('kerem');
  });
});
