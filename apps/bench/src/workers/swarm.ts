// The socket.io-client swarm (a child process pinned to the load CPU). Senders put
// process.hrtime.bigint() in the message body; receivers record now − sent (CLOCK_MONOTONIC is
// system-wide on Linux). Modes:
//   fanout  S2: N receivers in one thread, posts over HTTP at a fixed rate, post → last receipt
//   chat    S3: threads × clients, clients post over the socket at a ramping rate
//   idle    S4: a connect storm of N sockets held idle (the runner measures the server meanwhile)
//   soak    S7: ramping users switching and scrolling threads, posting and reacting
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { newHistogram, summarise, type Histogram, type LatencySummary } from '../stats.js';
import { cpuMsOf, sleep, workerMain } from '../procs.js';

const now = () => process.hrtime.bigint();
const usSince = (sent: bigint) => Math.max(1, Number((now() - sent) / 1000n));
const log = (line: string) => process.stderr.write(`  [swarm] ${line}\n`);

interface Common {
  url: string;
  /** 'ours' authenticates and subscribes; 'baseline' joins the room by name. */
  kind: 'ours' | 'baseline';
  /** Local addresses to spread connections over (127.0.0.x). */
  addresses?: string[];
}

let connections = 0;
function connect(config: Common, token: string | null): Socket {
  const address = config.addresses?.length ? config.addresses[connections++ % config.addresses.length] : undefined;
  return io(config.url, {
    path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, timeout: 30_000,
    auth: token ? { token } : {}, ...(address ? { localAddress: address } : {}),
  } as Parameters<typeof io>[1]);
}

/** Resolves when the socket is usable: session.ready for ours, connect for the baseline. */
function ready(socket: Socket, kind: Common['kind'], ms = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('handshake timeout')), ms);
    socket.once(kind === 'ours' ? 'session.ready' : 'connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (error: Error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

async function ask(socket: Socket, event: string, payload: unknown, ms = 30_000): Promise<{ ok: boolean; data?: any; error?: { code: string } }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return socket.timeout(ms).emitWithAck(event, payload);
}

async function subscribe(config: Common, socket: Socket, threadId: string, afterSeq: number): Promise<number> {
  if (config.kind === 'baseline') {
    await socket.timeout(30_000).emitWithAck('join', `thread:${threadId}`);
    return afterSeq;
  }
  const reply = await ask(socket, 'thread:subscribe', { threadId, afterSeq });
  if (!reply.ok) throw new Error(`thread:subscribe: ${JSON.stringify(reply.error)}`);
  return reply.data.lastSeq as number;
}

/** Connects in batches of `concurrency`; returns the sockets that came up and the handshake histogram. */
async function connectAll(config: Common, tokens: (string | null)[], concurrency: number): Promise<{ sockets: Socket[]; handshake: Histogram; errors: Record<string, number> }> {
  const handshake = newHistogram();
  const sockets: Socket[] = [];
  const errors: Record<string, number> = {};
  let next = 0;
  const lane = async () => {
    while (next < tokens.length) {
      const i = next++;
      const token = tokens[i]!;
      const started = now();
      const socket = connect(config, token);
      try {
        await ready(socket, config.kind);
        handshake.recordValue(usSince(started));
        sockets[i] = socket;
      } catch (error) {
        const key = error instanceof Error ? error.message : String(error);
        errors[key] = (errors[key] ?? 0) + 1;
        socket.disconnect();
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  // In the order of `tokens`; a socket that did not come up is missing.
  return { sockets: sockets.filter(Boolean), handshake, errors };
}

/** Body of a timed message: `bench <hrtime ns> <tag>`. */
const timedBody = (tag: string) => `bench ${now()} ${tag}`;
const sentOf = (body: string | null | undefined): bigint | null => {
  const part = body?.split(' ')[1];
  return part && /^\d+$/.test(part) ? BigInt(part) : null;
};

// ---- S2 --------------------------------------------------------------------------------------
interface FanoutConfig extends Common {
  mode: 'fanout';
  threadId: string;
  afterSeq: number;
  receiverTokens: string[];
  /** Ours: session tokens of the posters (GraphQL mutation). Baseline: author ids. */
  posters: string[];
  postUrl: string;
  rate: number;
  seconds: number;
}

async function fanout(config: FanoutConfig) {
  const { sockets, handshake, errors } = await connectAll(config, config.receiverTokens.map((t) => (config.kind === 'ours' ? t : null)), 50);
  if (sockets.length < config.receiverTokens.length) throw new Error(`only ${sockets.length} of ${config.receiverTokens.length} receivers connected: ${JSON.stringify(errors)}`);
  await Promise.all(sockets.map((s) => subscribe(config, s, config.threadId, config.afterSeq)));
  const perReceipt = newHistogram();
  const lastReceipt = newHistogram();
  const postAck = newHistogram();
  const receipts = new Map<string, { sent: bigint; count: number }>();
  let outOfOrder = 0;
  let duplicates = 0;
  let received = 0;
  for (const socket of sockets) {
    let lastSeq = 0;
    socket.on('message.created', (m: { seq: number; body: string }) => {
      const sent = sentOf(m.body);
      if (sent === null) return;
      perReceipt.recordValue(usSince(sent));
      received++;
      if (m.seq === lastSeq) duplicates++;
      else if (m.seq < lastSeq) outOfOrder++;
      lastSeq = Math.max(lastSeq, m.seq);
      const tag = m.body.split(' ')[2]!;
      const entry = receipts.get(tag);
      if (entry) {
        entry.count++;
        if (entry.count === sockets.length) lastReceipt.recordValue(usSince(entry.sent));
      }
    });
  }
  const total = Math.round(config.rate * config.seconds);
  let postErrors = 0;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / config.rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const tag = `p${i}`;
    const body = timedBody(tag);
    const sent = sentOf(body)!;
    receipts.set(tag, { sent, count: 0 });
    const poster = config.posters[i % config.posters.length]!;
    const request = config.kind === 'ours'
      ? fetch(config.postUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${poster}` },
        body: JSON.stringify({
          query: 'mutation($input: PostMessageInput!) { postMessage(input: $input) { id seq } }',
          variables: { input: { threadId: config.threadId, clientId: randomUUID(), body } },
        }),
      })
      : fetch(config.postUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ threadId: config.threadId, authorId: poster, body }) });
    inflight.push(request.then(async (response) => {
      const json = (await response.json()) as { errors?: unknown; data?: { postMessage?: unknown } };
      if (!response.ok || json.errors || !json.data?.postMessage) {
        postErrors++;
        receipts.delete(tag);
        if (postErrors < 4) log(`post failed: ${JSON.stringify(json).slice(0, 300)}`);
      } else postAck.recordValue(usSince(sent));
    }).catch(() => {
      postErrors++;
      receipts.delete(tag);
    }));
  }
  await Promise.all(inflight);
  const expected = [...receipts.values()].length * sockets.length;
  const deadline = performance.now() + 10_000;
  while (received < expected && performance.now() < deadline) await sleep(50);
  for (const s of sockets) s.disconnect();
  return {
    receivers: sockets.length, posts: total, postErrors, expected, received, lost: Math.max(0, expected - received), outOfOrder, duplicates,
    postToLastReceipt: summarise(lastReceipt), perReceipt: summarise(perReceipt), postAck: summarise(postAck), handshake: summarise(handshake),
  };
}

// ---- S3 --------------------------------------------------------------------------------------
interface ChatConfig extends Common {
  mode: 'chat';
  threads: { id: string; lastSeq: number; tokens: string[] }[];
  rates: number[];
  stepSeconds: number;
  /** Stop ramping after a step whose delivery p99 passed this (ms). */
  stopAboveP99Ms: number;
  /** The server's pid, to read its CPU per step. */
  appPid: number;
}

async function chat(config: ChatConfig) {
  const clients: { socket: Socket; threadId: string; lastSeq: number; gaps: number; received: number }[] = [];
  const tokens = config.threads.flatMap((t) => t.tokens.map((token) => ({ token, thread: t })));
  const { sockets, handshake, errors } = await connectAll(config, tokens.map((t) => t.token), 50);
  if (sockets.length < tokens.length) throw new Error(`only ${sockets.length} of ${tokens.length} clients connected: ${JSON.stringify(errors)}`);
  let delivery = newHistogram();
  const subscribed = await Promise.all(sockets.map(async (socket, i) => {
    const thread = tokens[i]!.thread;
    const lastSeq = await subscribe(config, socket, thread.id, thread.lastSeq);
    const client = { socket, threadId: thread.id, lastSeq, gaps: 0, received: 0 };
    socket.on('message.created', (m: { seq: number; body: string }) => {
      if (m.seq !== client.lastSeq + 1) client.gaps++;
      client.lastSeq = Math.max(client.lastSeq, m.seq);
      client.received++;
      const sent = sentOf(m.body);
      if (sent !== null) delivery.recordValue(usSince(sent));
    });
    clients.push(client);
    return client;
  }));
  const steps: { rate: number; posted: number; postErrors: Record<string, number>; delivery: LatencySummary; achievedRate: number; appCpu: number; startedAt: number; endedAt: number }[] = [];
  let acked = 0;
  for (const rate of config.rates) {
    delivery = newHistogram();
    const total = Math.round(rate * config.stepSeconds);
    const postErrors: Record<string, number> = {};
    let posted = 0;
    const started = performance.now();
    const startedAt = Date.now();
    const cpuBefore = cpuMsOf(config.appPid);
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      // Round robin over threads first, so every thread gets its share.
      const thread = i % config.threads.length;
      const member = Math.floor(i / config.threads.length + steps.length * 7) % config.threads[thread]!.tokens.length;
      const client = subscribed[thread * config.threads[thread]!.tokens.length + member] ?? subscribed[i % subscribed.length]!;
      inflight.push(ask(client.socket, 'message:post', { threadId: client.threadId, clientId: randomUUID(), body: timedBody(`c${i}`) }).then((reply) => {
        if (reply.ok) {
          posted++;
          acked++;
        } else postErrors[reply.error?.code ?? 'unknown'] = (postErrors[reply.error?.code ?? 'unknown'] ?? 0) + 1;
      }, (error: unknown) => {
        const key = error instanceof Error ? error.message : 'error';
        postErrors[key] = (postErrors[key] ?? 0) + 1;
      }));
    }
    await Promise.all(inflight);
    await sleep(500);
    const elapsed = (performance.now() - started) / 1000;
    const summary = summarise(delivery);
    const appCpu = Math.round(((cpuMsOf(config.appPid) - cpuBefore) / (elapsed * 1000)) * 1000) / 1000;
    steps.push({ rate, posted, postErrors, delivery: summary, achievedRate: Math.round((posted / elapsed) * 10) / 10, appCpu, startedAt, endedAt: Date.now() });
    log(`chat ${rate}/s: posted ${posted}, delivery p99 ${summary.p99} ms, app CPU ${Math.round(appCpu * 100)} %, errors ${JSON.stringify(postErrors)}`);
    if (summary.p99 > config.stopAboveP99Ms * 3 || Object.keys(postErrors).length > 0) break;
  }
  const deadline = performance.now() + 10_000;
  const perThread = config.threads[0]!.tokens.length;
  const expected = acked * perThread;
  const receivedTotal = () => clients.reduce((n, c) => n + c.received, 0);
  while (receivedTotal() < expected && performance.now() < deadline) await sleep(50);
  const gaps = clients.reduce((n, c) => n + c.gaps, 0);
  for (const c of clients) c.socket.disconnect();
  return { clients: clients.length, steps, acked, expected, received: receivedTotal(), lost: Math.max(0, expected - receivedTotal()), gapsOrReorders: gaps, handshake: summarise(handshake) };
}

// ---- S4 --------------------------------------------------------------------------------------
interface IdleConfig extends Common {
  mode: 'idle';
  tokens: (string | null)[];
  concurrency: number;
  holdSeconds: number;
}

async function idle(config: IdleConfig) {
  const started = performance.now();
  const { sockets, handshake, errors } = await connectAll(config, config.tokens, config.concurrency);
  const stormSeconds = (performance.now() - started) / 1000;
  process.stdout.write(`ALL_CONNECTED ${sockets.length}\n`);
  await sleep(config.holdSeconds * 1000);
  const stillConnected = sockets.filter((s) => s.connected).length;
  for (const s of sockets) s.disconnect();
  return { requested: config.tokens.length, connected: sockets.length, stillConnected, errors, stormSeconds, handshake: summarise(handshake) };
}

// ---- S7 --------------------------------------------------------------------------------------
interface SoakConfig extends Common {
  mode: 'soak';
  users: { token: string; threads: string[] }[];
  steps: number[];
  stepSeconds: number;
  thinkMs: number;
  graphqlUrl: string;
  appPid: number;
  /** Stop after a step that failed its criteria. */
  stopOnFail: boolean;
}

async function soak(config: SoakConfig) {
  type Kind = 'switch' | 'scroll' | 'post' | 'react';
  let histograms = { all: newHistogram() } as Record<'all' | Kind, Histogram>;
  let requests = 0;
  let failures = 0;
  const failureKinds: Record<string, number> = {};
  const reset = () => {
    histograms = { all: newHistogram(), switch: newHistogram(), scroll: newHistogram(), post: newHistogram(), react: newHistogram() };
    requests = 0;
    failures = 0;
  };
  reset();
  const record = (kind: Kind, started: bigint, ok: boolean, why = '') => {
    const us = usSince(started);
    histograms.all.recordValue(us);
    histograms[kind].recordValue(us);
    requests++;
    if (!ok) {
      failures++;
      failureKinds[`${kind}:${why}`] = (failureKinds[`${kind}:${why}`] ?? 0) + 1;
    }
  };
  const gql = async (token: string, query: string, variables: Record<string, unknown>) => {
    const response = await fetch(config.graphqlUrl, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }),
    });
    const json = (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
    if (!response.ok || json.errors) throw new Error(json.errors?.[0]?.extensions?.code ?? `HTTP ${response.status}`);
    return json.data;
  };
  const MESSAGES = 'query($t: ID!, $before: String) { threadMessages(threadId: $t, last: 30, before: $before) { edges { cursor node { id seq body author { displayName } reactions { emoji count } } } pageInfo { hasPreviousPage startCursor } } }';
  let running = true;
  const active: Promise<void>[] = [];
  const user = async (u: { token: string; threads: string[] }, index: number) => {
    const socket = connect(config, u.token);
    try {
      await ready(socket, 'ours');
    } catch (error) {
      record('switch', now(), false, error instanceof Error ? error.message : 'connect');
      return;
    }
    let current: string | null = null;
    let cursor: string | null = null;
    let recent: string[] = [];
    const open = async (threadId: string) => {
      const page = await gql(u.token, MESSAGES, { t: threadId, before: null });
      const edges = page.threadMessages.edges as { cursor: string; node: { id: string; seq: number } }[];
      cursor = page.threadMessages.pageInfo.startCursor;
      recent = edges.map((e) => e.node.id);
      if (current) await ask(socket, 'thread:unsubscribe', { threadId: current });
      const reply = await ask(socket, 'thread:subscribe', { threadId, afterSeq: edges.at(-1)?.node.seq ?? 0 });
      if (!reply.ok) throw new Error(reply.error?.code ?? 'subscribe');
      current = threadId;
    };
    let turn = index;
    while (running) {
      await sleep(-Math.log(1 - Math.random()) * config.thinkMs);
      if (!running) break;
      const roll = current ? Math.random() : 0;
      const kind: Kind = roll < 0.5 ? 'switch' : roll < 0.85 ? 'scroll' : roll < 0.97 ? 'post' : 'react';
      const started = now();
      try {
        if (kind === 'switch') await open(u.threads[turn++ % u.threads.length]!);
        else if (kind === 'scroll') {
          if (!cursor) await open(current!);
          else {
            const page = await gql(u.token, MESSAGES, { t: current, before: cursor });
            cursor = page.threadMessages.pageInfo.hasPreviousPage ? page.threadMessages.pageInfo.startCursor : null;
          }
        } else if (kind === 'post') {
          const reply = await ask(socket, 'message:post', { threadId: current, clientId: randomUUID(), body: `soak ${index} ${Date.now()}` });
          if (!reply.ok) throw new Error(reply.error?.code ?? 'post');
          recent.push(reply.data.message.id);
        } else {
          const messageId = recent[Math.floor(Math.random() * recent.length)];
          if (messageId) {
            const reply = await ask(socket, 'message:react', { messageId, emoji: '👍', reacted: Math.random() < 0.7 });
            if (!reply.ok) throw new Error(reply.error?.code ?? 'react');
          }
        }
        record(kind, started, true);
      } catch (error) {
        record(kind, started, false, error instanceof Error ? error.message : 'error');
      }
    }
    socket.disconnect();
  };
  const results: { users: number; requests: number; rps: number; failures: number; errorRate: number; appCpu: number; latency: LatencySummary; byKind: Record<string, LatencySummary>; pass: boolean; startedAt: number; endedAt: number }[] = [];
  let started = 0;
  for (const target of config.steps) {
    while (started < Math.min(target, config.users.length)) {
      active.push(user(config.users[started]!, started));
      started++;
      if (started % 50 === 0) await sleep(100);
    }
    await sleep(2_000); // let the new users settle in
    reset();
    const cpuBefore = cpuMsOf(config.appPid);
    const t0 = performance.now();
    const startedAt = Date.now();
    await sleep(config.stepSeconds * 1000);
    const wall = performance.now() - t0;
    const appCpu = (cpuMsOf(config.appPid) - cpuBefore) / wall;
    const latency = summarise(histograms.all);
    const errorRate = requests ? failures / requests : 0;
    const pass = latency.mean <= 100 && latency.p99 <= 2000 && errorRate <= 0.00025 && appCpu <= 0.85;
    results.push({
      users: started, requests, rps: Math.round((requests / (wall / 1000)) * 10) / 10, failures, errorRate, appCpu: Math.round(appCpu * 1000) / 1000, latency,
      byKind: Object.fromEntries((['switch', 'scroll', 'post', 'react'] as const).map((k) => [k, summarise(histograms[k])])), pass, startedAt, endedAt: Date.now(),
    });
    log(`soak ${started} users: ${requests} requests, mean ${latency.mean} ms, p99 ${latency.p99} ms, errors ${failures}, app CPU ${(appCpu * 100).toFixed(0)} % ${pass ? 'pass' : 'FAIL'}`);
    if (!pass && config.stopOnFail) break;
  }
  running = false;
  await Promise.race([Promise.all(active), sleep(15_000)]);
  const held = results.filter((r) => r.pass).map((r) => r.users);
  return { steps: results, mostUsersHeld: held.length ? Math.max(...held) : 0, failureKinds };
}

type Config = FanoutConfig | ChatConfig | IdleConfig | SoakConfig;

void workerMain<Config, unknown>(async (config) => {
  switch (config.mode) {
    case 'fanout': return fanout(config);
    case 'chat': return chat(config);
    case 'idle': return idle(config);
    case 'soak': return soak(config);
  }
});
