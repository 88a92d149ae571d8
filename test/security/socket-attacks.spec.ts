// Issue 8, over socket.io against the built app (a child process on its own database; nothing
// mocked): every inbound event the server accepts × every kind of attacker on the victim's thread
// and messages (support/world.ts), then hijacking, room names, oversized and malformed frames,
// floods and reconnect storms while the victim's own sockets keep receiving.
//
// The events are found in the source (every `inbound.register('…')` under libs/) and confirmed on the
// running app; an event without a matrix entry fails the suite.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import type { InboundReply } from '@sw/realtime';
import { next, ok, ready, startTarget, type Target, WAIT_MS, waitFor } from './support/target.js';
import { ACTORS, type Actor, buildWorld, leaked, MARK, type World } from './support/world.js';

let t: Target;
let w: World;
/** The victim's own sockets, subscribed to the thread from the start: they must keep receiving throughout. */
const victimSockets: { deniz: Socket; ece: Socket } = {} as never;
const victimReceived: { seq: number; body: string | null }[] = [];
/** Everything any attacker socket received, by actor (session.ready aside). */
const heard: Record<string, { event: string; arg: unknown }[]> = {};
let listening = 0;

beforeAll(async () => {
  t = await startTarget();
  w = await buildWorld(t);
  victimSockets.deniz = await ready(t.socket(w.victim.deniz.token));
  victimSockets.ece = await ready(t.socket(w.victim.ece.token));
  for (const socket of Object.values(victimSockets)) {
    const subscribed = await ask(socket, 'thread:subscribe', { threadId: w.id.thread, afterSeq: 0 });
    expect(subscribed).toMatchObject({ ok: true, data: { lastSeq: 3 } });
  }
  victimSockets.ece.on('message.created', (m: { seq: number; body: string | null }) => victimReceived.push(m));
}, 60_000);
afterAll(() => t.stop());

const ask = (socket: Socket, event: string, payload: unknown): Promise<InboundReply> => socket.timeout(WAIT_MS).emitWithAck(event, payload) as Promise<InboundReply>;

/** A socket of an attacker that records everything it is sent. */
async function attackerSocket(actor: Actor): Promise<Socket> {
  const socket = await ready(t.socket(w.as[actor].token));
  socket.onAny((event: string, arg: unknown) => (heard[actor] ??= []).push({ event, arg }));
  listening += 1;
  return socket;
}

/** Posts as deniz and waits until ece's socket has it: the victim's channel is alive. */
let posted = 3;
async function victimStillReceives(): Promise<void> {
  const body = `${MARK} live ${randomUUID()}`;
  const result = await ok(w.victim.deniz, 'mutation($input: PostMessageInput!) { postMessage(input: $input) { seq } }', {
    input: { threadId: w.id.thread, clientId: randomUUID(), body },
  });
  posted = result.postMessage.seq;
  await waitFor(() => victimReceived.some((m) => m.body === body), 'the victim to receive its own thread');
}

// ---- the events the server accepts ---------------------------------------------------------------
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [full] : [];
  });
}
const REGISTERED = [
  ...new Set(
    sourceFiles(path.resolve('libs'))
      .map((file) => readFileSync(file, 'utf8'))
      .filter((text) => text.includes('RealtimeInbound'))
      .flatMap((text) => [...text.matchAll(/\binbound\.register\(\s*'([^']+)'/g)].map((m) => m[1]!)),
  ),
].sort();

type Payload = (actor: Actor) => Record<string, unknown>;
/**
 * What an attacker sends with each event. An answer is a refusal (NOT_FOUND, or FORBIDDEN), or for
 * thread:unsubscribe "there was nothing to leave"; either way the same as for ids that exist nowhere.
 */
const SOCKET_MATRIX: Record<string, Payload[]> = {
  'thread:subscribe': [() => ({ threadId: w.id.thread, afterSeq: 0 }), () => ({ threadId: w.id.thread, afterSeq: 2 })],
  'thread:unsubscribe': [() => ({ threadId: w.id.thread })],
  'thread:typing': [() => ({ threadId: w.id.thread })],
  'thread:presence': [() => ({ threadId: w.id.thread })],
  'thread:read': [() => ({ threadId: w.id.thread, seq: 3 })],
  'message:post': [() => ({ threadId: w.id.thread, clientId: randomUUID(), body: 'attacker text' }), () => ({ threadId: w.id.thread, clientId: randomUUID(), body: 'reply', replyToId: w.id.message })],
  'message:edit': [() => ({ messageId: w.id.message, body: 'attacker text' }), () => ({ messageId: w.id.goneMessage, body: 'attacker text' })],
  'message:delete': [() => ({ messageId: w.id.message }), () => ({ messageId: w.id.goneMessage })],
  'message:react': [() => ({ messageId: w.id.message, emoji: '👎', reacted: true })],
  'message:acknowledge': [() => ({ messageId: w.id.message })],
};

const ghostOf = (payload: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, typeof v === 'string' && Object.values(w.id).includes(v) ? randomUUID() : v]));

const CELLS = Object.entries(SOCKET_MATRIX).flatMap(([event, payloads]) =>
  payloads.flatMap((payload, variant) => ACTORS.map((actor) => ({ event, variant, actor, payload, label: `${event}${payloads.length > 1 ? ` #${variant + 1}` : ''} as ${actor}` }))),
);

/**
 * Speaks engine.io/socket.io by hand over long-polling: opens a session, asks to join the main
 * namespace with `token` and, in the same payload, sends `packets` before any answer (so they race
 * the handshake check). Returns what the server sent back.
 */
async function rawPolling(token: string | null, packets: string[]): Promise<string> {
  const base = `${t.url}/socket.io/?EIO=4&transport=polling`;
  const opened = await (await fetch(base)).text();
  const { sid } = JSON.parse(opened.slice(1)) as { sid: string };
  const url = `${base}&sid=${sid}`;
  const post = (body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body });
  await post(['40' + JSON.stringify({ token }), ...packets].join('\x1e'));
  const answer = await (await fetch(url)).text();
  await post('1').catch(() => undefined);
  return answer;
}

describe('every inbound event × every kind of attacker', () => {
  const sockets = {} as Record<Actor, Socket[]>;

  it.each(CELLS.map((cell) => [cell.label, cell] as const))('%s', async (_label, cell) => {
    const payload = cell.payload(cell.actor);
    if (cell.actor === 'anonymous' || cell.actor === 'revokedSession') {
      // No session, no socket: the handshake is refused, and an event sent along with the handshake is never run.
      const token = w.as[cell.actor].token;
      const refused = t.socket(token);
      const { event, arg } = await next(refused, ['session.ready', 'connect_error']);
      expect({ event, message: (arg as Error).message }).toEqual({ event: 'connect_error', message: 'UNAUTHENTICATED' });
      const answer = await rawPolling(token, [`420${JSON.stringify([cell.event, payload])}`]);
      // Refused ("44"), or the whole connection closed ("1") for talking in a namespace it never joined.
      expect(answer).toMatch(/(^|\x1e)(44\{"message":"UNAUTHENTICATED"|1$)/);
      expect(answer).not.toMatch(/(^|\x1e)4[23]/); // no event, no ack: the handler never ran
      expect(leaked(w, answer, payload)).toEqual([]);
      return;
    }
    // A socket per cell keeps each within the per-socket event budget; all stay open and listening to the end.
    const socket = await attackerSocket(cell.actor);
    (sockets[cell.actor] ??= []).push(socket);
    const reply = await ask(socket, cell.event, payload);
    const ghost = await ask(socket, cell.event, ghostOf(payload));
    if (reply.ok) {
      // Only leaving a thread one never joined answers ok, and it says there was nothing to leave.
      expect({ event: cell.event, reply }).toEqual({ event: 'thread:unsubscribe', reply: { ok: true, data: { unsubscribed: false } } });
    } else {
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(reply.error.code);
    }
    expect(ghost).toEqual(reply);
    expect(leaked(w, reply, payload)).toEqual([]);
  });

  it('let no attacker socket hear anything of the thread, while the victim still does', async () => {
    // The victim's side is busy in the thread: posts, edits, reactions, typing, presence, reads.
    const [{ id: message }] = await t.sql('SELECT id FROM messages WHERE thread_id = $1 ORDER BY seq DESC LIMIT 1', [w.id.thread]);
    await victimStillReceives();
    await ask(victimSockets.deniz, 'message:edit', { messageId: message, body: `${MARK} edited` });
    await ask(victimSockets.deniz, 'message:react', { messageId: message, emoji: '🔥', reacted: true });
    await ask(victimSockets.deniz, 'thread:typing', { threadId: w.id.thread });
    await ask(victimSockets.ece, 'thread:read', { threadId: w.id.thread, seq: posted });
    await victimStillReceives();
    const events = Object.entries(heard).flatMap(([actor, list]) => list.filter((e) => e.event !== 'session.ready').map((e) => ({ actor, ...e })));
    expect(events).toEqual([]);
    expect(listening).toBe(CELLS.filter((c) => c.actor !== 'anonymous' && c.actor !== 'revokedSession').length);
    expect(Object.values(sockets).flat().every((socket) => socket.connected)).toBe(true);
  });

  it('changed nothing in the thread', async () => {
    const [row] = await t.sql(
      `SELECT (SELECT count(*)::int FROM messages WHERE thread_id = $1 AND author_id <> ALL($2::uuid[])) AS foreign_posts,
              (SELECT count(*)::int FROM messages WHERE thread_id = $1 AND deleted_at IS NOT NULL) AS deleted,
              (SELECT count(*)::int FROM message_reactions WHERE user_id <> ALL($2::uuid[])) AS foreign_reactions,
              (SELECT count(*)::int FROM thread_reads WHERE thread_id = $1 AND user_id <> ALL($2::uuid[])) AS foreign_reads`,
      [w.id.thread, [w.user['deniz'], w.user['ece'], w.user['gone']]],
    );
    expect(row).toEqual({ foreign_posts: 0, deleted: 0, foreign_reactions: 0, foreign_reads: 0 });
  });
});

describe('the event list', () => {
  it('has a matrix entry for every event registered in the source, and nothing else', () => {
    expect(REGISTERED.length).toBeGreaterThanOrEqual(10);
    expect(Object.keys(SOCKET_MATRIX).sort()).toEqual(REGISTERED);
  });

  it('is what the running app accepts: each of them is known to it, a made-up one is not', async () => {
    const socket = await ready(t.socket(w.as.otherOrgAdmin.token));
    for (const event of REGISTERED) {
      const reply = await ask(socket, event, {});
      expect({ event, reply }).toMatchObject({ event, reply: { ok: false, error: { code: 'BAD_USER_INPUT' } } });
      expect((reply as { error: { message: string } }).error.message).not.toBe('Unknown event');
    }
    expect(await ask(socket, 'thread:join', { threadId: w.id.thread })).toEqual({ ok: false, error: { code: 'BAD_USER_INPUT', message: 'Unknown event' } });
    socket.disconnect();
  });
});

describe('hijacking a connection', () => {
  it('refuses a forged token, a token in the query string, a foreign Origin and another namespace', async () => {
    const refusal = async (socket: Socket) => {
      const { event, arg } = await next(socket, ['session.ready', 'connect_error']);
      expect(event).toBe('connect_error');
      return (arg as Error).message;
    };
    const forged = Buffer.from(randomUUID() + randomUUID()).toString('base64url').slice(0, 43);
    expect(await refusal(t.socket(forged))).toBe('UNAUTHENTICATED');
    expect(await refusal(t.socket(null, { query: { token: w.victim.ece.token! } }))).toBe('UNAUTHENTICATED');
    expect(await refusal(t.socket(null, { transports: ['polling'], query: { token: w.victim.ece.token! } }))).toBe('UNAUTHENTICATED');
    // A page elsewhere, with the victim's cookie riding along: the Origin allow-list stops it.
    expect(await refusal(t.socket(null, { extraHeaders: { origin: 'https://evil.example', cookie: `__Host-sw_session=${w.victim.ece.token}` } }))).not.toBe('');
    const polling = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://evil.example', cookie: `__Host-sw_session=${w.victim.ece.token}` } });
    expect(polling.status).toBe(403);
    // A namespace the server never declared.
    const other = io(`${t.url}/admin`, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: w.victim.deniz.token } });
    expect(await refusal(other)).toMatch(/namespace/i);
    other.disconnect();
  });

  it('cannot join a room by naming it', async () => {
    const socket = await attackerSocket('otherOrgAdmin');
    for (const [event, payload] of [
      ['join', `thread:${w.id.thread}`],
      ['subscribe', { room: `thread:${w.id.thread}` }],
      ['thread:subscribe', { threadId: w.id.thread, room: `thread:${w.id.thread}` }],
      ['thread:subscribe', `thread:${w.id.thread}`],
      ['__proto__', { threadId: w.id.thread }],
    ] as const) {
      const reply = await ask(socket, event, payload);
      expect(reply).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(BAD_USER_INPUT|NOT_FOUND)$/) } });
    }
    await victimStillReceives();
    expect((heard['otherOrgAdmin'] ?? []).filter((e) => e.event !== 'session.ready')).toEqual([]);
  });
});

describe('abuse', () => {
  it('drops a socket that sends a frame over 64 KiB or a malformed one; the victim keeps receiving', async () => {
    for (const transports of [['websocket'], ['polling']]) {
      const big = await ready(t.socket(w.as.partner.token, { transports }));
      const gone = next(big, ['disconnect']);
      big.emit('message:post', { threadId: w.id.thread, clientId: randomUUID(), body: 'x'.repeat(70 * 1024) });
      expect((await gone).arg).toMatch(/transport (close|error)/);
    }
    const garbled = await ready(t.socket(w.as.partner.token));
    const gone = next(garbled, ['disconnect']);
    garbled.io.engine.write('42["message:post", {"threadId": ');
    expect((await gone).arg).toMatch(/transport (close|error)|io server disconnect/);
    await victimStillReceives();
  });

  it('rate-limits an event flood and drops the flooding socket; the victim keeps receiving', async () => {
    const flooder = await ready(t.socket(w.as.otherNetwork.token));
    const gone = next(flooder, ['disconnect'], 20_000);
    const answers = await Promise.all(
      Array.from({ length: 80 }, () => (flooder.timeout(2_000).emitWithAck('thread:subscribe', { threadId: w.id.thread, afterSeq: 0 }) as Promise<InboundReply>).catch(() => null)),
    );
    // Keep sending without waiting: refused in a row, the socket is dropped as a flood.
    for (let i = 0; i < 200 && flooder.connected; i++) flooder.emit('thread:typing', { threadId: w.id.thread });
    expect(answers.filter((a) => a && !a.ok && a.error.code === 'RATE_LIMITED').length).toBeGreaterThan(0);
    expect(answers.filter((a) => a?.ok)).toEqual([]);
    expect((await gone).arg).toBe('io server disconnect');
    await victimStillReceives();
  });

  it('survives a reconnect storm of valid, revoked and missing tokens while the victim keeps receiving', async () => {
    const [{ token_count }] = await t.sql(`SELECT count(*)::int AS token_count FROM sessions`);
    expect(token_count).toBeGreaterThan(0);
    const tokens = [w.as.otherOrgAdmin.token, w.as.revokedSession.token, null, 'x'.repeat(43)];
    let accepted = 0;
    let refused = 0;
    for (let wave = 0; wave < 5; wave++) {
      const sockets = Array.from({ length: 24 }, (_, i) => t.socket(tokens[i % tokens.length] ?? null, { transports: i % 2 ? ['polling'] : ['websocket'] }));
      const outcomes = await Promise.all(sockets.map((socket) => next(socket, ['session.ready', 'connect_error']).catch(() => ({ event: 'timeout', arg: null }))));
      accepted += outcomes.filter((o) => o.event === 'session.ready').length;
      refused += outcomes.filter((o) => o.event === 'connect_error').length;
      for (const socket of sockets) socket.disconnect();
      await victimStillReceives();
    }
    expect(refused).toBeGreaterThanOrEqual(5 * 18);
    expect(accepted).toBeGreaterThan(0);
    // Every socket of the storm is gone, the cap per user is free again, and the server answers.
    await waitFor(async () => {
      try {
        const socket = await ready(t.socket(w.as.otherOrgAdmin.token));
        socket.disconnect();
        return true;
      } catch {
        return false;
      }
    }, 'a fresh connection to be accepted');
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
    expect(victimSockets.ece.connected && victimSockets.deniz.connected).toBe(true);
  });
});
