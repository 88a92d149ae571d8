// Scenarios S0–S8 of ../shared/design/BENCHMARKS.md, each beside its baseline in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  bearer, type Context, type DbWindow, describeWindow, fmt, fmtRatio, gqlBody, graphql, httpLoad, type HttpRun, retainedMemory, type RunningApp,
  sampleDatabase, type ScenarioResult, startBaseline, statementsPerOperation, stopServer, type SummaryRow,
} from './context.js';
import { APP_MAIN, DIST_BENCH, freePort, PINNING, rssOf, runWorker, sleep, spawnNode, stop, waitForHttp } from './procs.js';
import { median, ratio, round3, type LatencySummary } from './stats.js';
import type { SeededUser } from './seed.js';

type Scenario = (ctx: Context) => Promise<ScenarioResult>;

const pass = (ok: boolean): boolean => ok;
const row = (metric: string, ours: string, baseline: string, ratioText: string, target: string, ok: boolean | null): SummaryRow =>
  ({ metric, ours, baseline, ratio: ratioText, target, pass: ok });
const lat = (l: LatencySummary) => `p50 ${fmt(l.p50, 2)} / p99 ${fmt(l.p99, 2)} ms`;

/** A member (not admin) of a mid-sized organisation that belongs to both networks. */
function listUser(ctx: Context): SeededUser {
  const org = Math.floor(ctx.seeded.size.organisations * 0.55);
  return ctx.seeded.users.find((u) => u.organisation === org && !u.admin)!;
}

const BRIEFINGS_S1 = (first: number) =>
  `{ briefings(first: ${first}) { edges { node { id title tlp publishedAt organisation { id name } viewerHasRead source { authorUserId } } } pageInfo { hasNextPage endCursor } } }`;
// The page size as a variable, as clients send it: with a literal first: 50 this query's armor cost
// (5,000 at most) is 6,600 and it is refused; the cost limit multiplies by literal first/last only.
const BRIEFINGS_S1B_QUERY =
  `query($first: Int!) { briefingCount(filter: { unreadOnly: true }) briefings(first: $first) { edges { node { id title summary tags tlp publishedAt organisation { id name } viewerHasRead
     source { authorUserId originOrganisation { id name } audience { userIds organisationIds networkIds networkWithPartnersIds } } } } pageInfo { hasNextPage } } }`;
const SEARCH = (first: number) =>
  `query($q: String!) { briefings(first: ${first}, filter: { text: $q }) { edges { node { id title tlp publishedAt organisation { id name } viewerHasRead source { authorUserId } } } pageInfo { hasNextPage endCursor } } }`;

interface Target { url: string; body?: string; headers?: Record<string, string> }

/**
 * Throughput (closed loop, interleaved `rounds` times) and latency at 50 % of the baseline's
 * maximum (fixed rate, interleaved), for an HTTP operation of ours and its baseline.
 */
async function compareHttp(ctx: Context, ours: Target, baseline: Target, options: { throughput: boolean; connections?: number }) {
  const { measure, warm, rounds } = ctx.durations;
  const connections = options.connections ?? 10;
  await httpLoad({ ...ours, connections, seconds: warm });
  await httpLoad({ ...baseline, connections, seconds: warm });
  const closed: { ours: HttpRun[]; baseline: HttpRun[] } = { ours: [], baseline: [] };
  for (let i = 0; i < (options.throughput ? rounds : 1); i++) {
    if (options.throughput) closed.ours.push(await httpLoad({ ...ours, connections, seconds: measure }));
    closed.baseline.push(await httpLoad({ ...baseline, connections, seconds: measure }));
  }
  const baselineMax = median(closed.baseline.map((r) => r.rps));
  const rate = Math.max(1, Math.round(baselineMax * 0.5));
  const fixed: { ours: HttpRun[]; baseline: HttpRun[] } = { ours: [], baseline: [] };
  const oursDb: DbWindow[] = [];
  for (let i = 0; i < rounds; i++) {
    const sampled = await sampleDatabase(ctx.sql, ctx.db.postmasterPid, () => httpLoad({ ...ours, connections, seconds: measure, rate }));
    fixed.ours.push(sampled.result);
    oursDb.push(sampled.window(0, Number.MAX_SAFE_INTEGER));
    fixed.baseline.push(await httpLoad({ ...baseline, connections, seconds: measure, rate }));
  }
  const all = [...closed.ours, ...closed.baseline, ...fixed.ours, ...fixed.baseline];
  return {
    connections, rate, baselineMax, closed, fixed, oursDb,
    throughput: options.throughput ? ratio(closed.ours.map((r) => r.rps), closed.baseline.map((r) => r.rps)) : null,
    p99: ratio(fixed.ours.map((r) => r.latency.p99), fixed.baseline.map((r) => r.latency.p99)),
    p50: ratio(fixed.ours.map((r) => r.latency.p50), fixed.baseline.map((r) => r.latency.p50)),
    errors: all.reduce((n, r) => n + r.errors + r.non2xx, 0),
    loadGeneratorMaxCpu: round3(Math.max(...all.map((r) => r.cpu.share))),
    discarded: all.filter((r) => r.discarded).length,
    graphqlErrors: all.filter((r) => r.sample.includes('"errors"')).length,
  };
}

const strip = (runs: HttpRun[]) => runs.map((r) => ({ rps: round3(r.rps), requests: r.requests, errors: r.errors, non2xx: r.non2xx, latency: r.latency, rawLatency: r.rawLatency, loadGeneratorCpu: round3(r.cpu.share), discarded: r.discarded }));
const dropRaw = (c: Awaited<ReturnType<typeof compareHttp>>) => ({
  connections: c.connections, rate: c.rate, baselineMax: round3(c.baselineMax), throughput: c.throughput, p99: c.p99, p50: c.p50, errors: c.errors, oursFixedRateDatabase: c.oursDb,
  graphqlErrors: c.graphqlErrors, loadGeneratorMaxCpu: c.loadGeneratorMaxCpu, discarded: c.discarded,
  runs: { closedOurs: strip(c.closed.ours), closedBaseline: strip(c.closed.baseline), fixedOurs: strip(c.fixed.ours), fixedBaseline: strip(c.fixed.baseline) },
  sample: { ours: c.fixed.ours[0]?.sample, baseline: c.fixed.baseline[0]?.sample },
});

function sanityNotes(c: Awaited<ReturnType<typeof compareHttp>>): string[] {
  const notes: string[] = [];
  if (c.discarded > 0) notes.push(`${c.discarded} run(s) where the load generator passed 90 % of its core (measured the client, not the server).`);
  if (c.errors > 0 || c.graphqlErrors > 0) notes.push(`errors: ${c.errors} HTTP, ${c.graphqlErrors} runs whose sample answer held GraphQL errors.`);
  notes.push(`load generator at most ${(c.loadGeneratorMaxCpu * 100).toFixed(0)} % of a core; ${c.connections} connections, -p 1; fixed rate ${c.rate}/s = 50 % of the baseline's ${fmt(c.baselineMax, 0)}/s.`);
  if (c.oursDb[0]) notes.push(`ours at the fixed rate (first run): ${describeWindow(c.oursDb[0])}.`);
  return notes;
}

const httpEnv = (ctx: Context) => ({ DATABASE_URL: ctx.db.url, DB_POOL_MAX: '10' });

// ---- S0 ----------------------------------------------------------------------------------------
const s0: Scenario = async (ctx) => {
  const port = await freePort();
  const socketPath = path.join(ctx.dir, 'echo.sock');
  const script = path.join(DIST_BENCH, 'workers/echo.js');
  const tcp = spawnNode(script, ['server', String(port)], { cpus: PINNING.server });
  const unix = spawnNode(script, ['server', socketPath], { cpus: PINNING.server });
  await sleep(500);
  const seconds = ctx.quick ? 2 : 5;
  type Echo = { perSecond: number; latency: LatencySummary };
  const runs: { tcp: Echo[]; unix: Echo[] } = { tcp: [], unix: [] };
  for (let i = 0; i < ctx.durations.rounds; i++) {
    runs.tcp.push(await runWorker<Echo>('workers/echo.js', { port, seconds }));
    runs.unix.push(await runWorker<Echo>('workers/echo.js', { path: socketPath, seconds }));
  }
  await Promise.all([stop(tcp), stop(unix)]);
  const pgPing: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const started = process.hrtime.bigint();
    await ctx.sql.query('SELECT 1');
    pgPing.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const tcpP50 = median(runs.tcp.map((r) => r.latency.p50));
  const unixP50 = median(runs.unix.map((r) => r.latency.p50));
  return {
    id: 'S0', title: 'TCP and Unix-socket ping-pong, 64 B (the floor)',
    rows: [
      row('round trips/s', `TCP ${median(runs.tcp.map((r) => r.perSecond))}`, `Unix ${median(runs.unix.map((r) => r.perSecond))}`,
        `TCP/Unix p50 ${fmt(tcpP50 / unixP50, 2)}×`, 'informational', null),
      row('round trip latency', `TCP ${lat(runs.tcp[0]!.latency)}`, `Unix ${lat(runs.unix[0]!.latency)}`, '', 'informational', null),
      row('PostgreSQL SELECT 1 over TCP (pg, bench process)', `p50 ${fmt(median(pgPing), 3)} ms`, '', '', 'informational', null),
    ],
    notes: [`${ctx.durations.rounds} interleaved runs of ${seconds} s each; one frame in flight.`],
    data: { runs, pgSelect1P50Ms: median(pgPing) },
  };
};

// ---- S1 ----------------------------------------------------------------------------------------
const s1: Scenario = async (ctx) => {
  const user = listUser(ctx);
  const baseline = await startBaseline('baselines/http-baseline.js', httpEnv(ctx));
  try {
    // The same page from both (our GraphQL answer and the baseline's JSON).
    const ours50 = await graphql(ctx.app.url, user.token, BRIEFINGS_S1(50));
    const theirs50 = (await (await fetch(`${baseline.url}/s1?q=50`, { headers: bearer(user.token) })).json()) as { data: { briefings: { edges: { node: { id: string } }[] } } };
    const same = JSON.stringify(ours50.briefings.edges.map((e: { node: { id: string } }) => e.node.id)) === JSON.stringify(theirs50.data.briefings.edges.map((e) => e.node.id));

    const n = ctx.quick ? 5 : 20;
    const count = (first: number) => statementsPerOperation(ctx.sql, n, () => graphql(ctx.app.url, user.token, BRIEFINGS_S1(first)));
    // A batched look-up that a page needs only when it holds a certain kind of item (the audience of
    // briefings the caller is a source of) may be skipped on a small page: compared 25 → 50 (100 is over the cost limit of the nested query).
    const [five, twentyFive, fifty] = [await count(5), await count(25), await count(50)];
    const baseFifty = await statementsPerOperation(ctx.sql, n, () => fetch(`${baseline.url}/s1?q=50`, { headers: bearer(user.token) }).then((r) => r.text()));

    const c = await compareHttp(ctx,
      { url: `${ctx.app.url}/graphql`, body: gqlBody(BRIEFINGS_S1(50)), headers: bearer(user.token) },
      { url: `${baseline.url}/s1?q=50`, headers: bearer(user.token) }, { throughput: true });
    const med = (runs: HttpRun[], f: (r: HttpRun) => number) => median(runs.map(f));
    return {
      id: 'S1', title: 'briefings(first: 50) with the permission filter, member of a mid-sized organisation, 100k briefings',
      rows: [
        row('throughput (closed loop)', `${fmt(med(c.closed.ours, (r) => r.rps), 0)}/s`, `${fmt(med(c.closed.baseline, (r) => r.rps), 0)}/s`, fmtRatio(c.throughput!), '≥ 0.33×', pass(c.throughput!.median >= 0.33)),
        row(`latency at ${c.rate}/s`, lat(c.fixed.ours[0]!.latency), lat(c.fixed.baseline[0]!.latency), `p99 ${fmtRatio(c.p99)}`, 'p99 ≤ 3×', pass(c.p99.median <= 3)),
        row('SQL statements per operation', `first 5: ${five.perOperation}, 25: ${twentyFive.perOperation}, 50: ${fifty.perOperation}`, `${baseFifty.perOperation}`, '', 'constant in page size',
          pass(twentyFive.perOperation === fifty.perOperation && five.perOperation <= fifty.perOperation)),
      ],
      notes: [...sanityNotes(c), `same page ids from ours and the baseline: ${same}.`, `user: member of organisation ${user.organisation} (in both networks).`],
      data: { comparison: dropRaw(c), statements: { first5: five, first25: twentyFive, first50: fifty, baseline50: baseFifty }, samePage: same },
    };
  } finally {
    await stopServer(baseline);
  }
};

// ---- S1b ---------------------------------------------------------------------------------------
const s1b: Scenario = async (ctx) => {
  const user = listUser(ctx);
  const baseline = await startBaseline('baselines/http-baseline.js', httpEnv(ctx));
  try {
    const n = ctx.quick ? 5 : 20;
    const [five, twentyFive, fifty] = [
      await statementsPerOperation(ctx.sql, n, () => graphql(ctx.app.url, user.token, BRIEFINGS_S1B_QUERY, { first: 5 })),
      await statementsPerOperation(ctx.sql, n, () => graphql(ctx.app.url, user.token, BRIEFINGS_S1B_QUERY, { first: 25 })),
      await statementsPerOperation(ctx.sql, n, () => graphql(ctx.app.url, user.token, BRIEFINGS_S1B_QUERY, { first: 50 })),
    ];
    const c = await compareHttp(ctx,
      { url: `${ctx.app.url}/graphql`, body: gqlBody(BRIEFINGS_S1B_QUERY, { first: 50 }), headers: bearer(user.token) },
      { url: `${baseline.url}/s1b?q=50`, headers: bearer(user.token) }, { throughput: false });
    return {
      id: 'S1b', title: 'S1 plus nested fields (author, organisation, unread count, recipients)',
      rows: [
        row(`latency at ${c.rate}/s`, lat(c.fixed.ours[0]!.latency), lat(c.fixed.baseline[0]!.latency), `p99 ${fmtRatio(c.p99)}`, 'p99 ≤ 1.5×', pass(c.p99.median <= 1.5)),
        row('SQL statements per operation', `first 5: ${five.perOperation}, 25: ${twentyFive.perOperation}, 50: ${fifty.perOperation}`, '2 (session + one pre-joined SQL)', '', 'constant in page size',
          pass(twentyFive.perOperation === fifty.perOperation && five.perOperation <= fifty.perOperation)),
      ],
      notes: [...sanityNotes(c), 'unread count: briefingCount(filter: { unreadOnly: true }) in the same request; recipients: source.audience (the source only).',
        'first: 50 is sent as a variable: written as a literal, graphql-armor prices this query at 6,600 (> 5,000) and refuses it.'],
      data: { comparison: dropRaw(c), statements: { first5: five, first25: twentyFive, first50: fifty } },
    };
  } finally {
    await stopServer(baseline);
  }
};

// ---- S5 ----------------------------------------------------------------------------------------
const s5: Scenario = async (ctx) => {
  const user = listUser(ctx);
  const words = 'k42 hearing';
  const baseline = await startBaseline('baselines/http-baseline.js', httpEnv(ctx));
  try {
    const ours = await graphql(ctx.app.url, user.token, SEARCH(20), { q: words });
    const c = await compareHttp(ctx,
      { url: `${ctx.app.url}/graphql`, body: gqlBody(SEARCH(20), { q: words }), headers: bearer(user.token) },
      { url: `${baseline.url}/s5?q=${encodeURIComponent(words)}&first=20`, headers: bearer(user.token) }, { throughput: false });
    return {
      id: 'S5', title: 'full-text search over 100k briefings with the permission filter',
      rows: [row(`latency at ${c.rate}/s`, lat(c.fixed.ours[0]!.latency), lat(c.fixed.baseline[0]!.latency), `p99 ${fmtRatio(c.p99)}`, 'p99 ≤ 3×', pass(c.p99.median <= 3))],
      notes: [...sanityNotes(c), `query "${words}" (websearch_to_tsquery, English or Turkish vector): ${ours.briefings.edges.length} hits on the first page.`],
      data: { comparison: dropRaw(c) },
    };
  } finally {
    await stopServer(baseline);
  }
};

// ---- S6 ----------------------------------------------------------------------------------------
const s6: Scenario = async (ctx) => {
  const user = listUser(ctx);
  // The deepest page this user has: how many briefings they may read, through the same rule the baseline uses.
  const actor = await ctx.sql.query(
    `SELECT array_agg(DISTINCT m.organisation_id) AS orgs, array_agg(DISTINCT no.network_id) FILTER (WHERE no.standing = 'MEMBER') AS member_nets,
            array_agg(DISTINCT no.network_id) AS nets
     FROM memberships m LEFT JOIN network_organisations no ON no.organisation_id = m.organisation_id WHERE m.user_id = $1`, [user.id]);
  const a = actor.rows[0] as { orgs: string[]; member_nets: string[]; nets: string[] };
  const rule = `EXISTS (SELECT 1 FROM briefing_audience g WHERE g.briefing_id = b.id AND ((g.kind = 'AUTHOR' AND g.principal_id = $1)
    OR (g.kind IN ('USER') AND g.principal_id = $1 AND g.status = 'PUBLISHED') OR (g.kind = 'EVERYONE' AND g.status = 'PUBLISHED')
    OR (g.kind IN ('ORGANISATION', 'PUBLISHER') AND g.principal_id = ANY($2::uuid[]) AND g.status = 'PUBLISHED') OR (g.kind = 'ORIGIN' AND g.principal_id = ANY($2::uuid[]))
    OR (g.kind = 'NETWORK_MEMBERS' AND g.principal_id = ANY($3::uuid[]) AND g.status = 'PUBLISHED')
    OR (g.kind = 'NETWORK_ALL' AND g.principal_id = ANY($4::uuid[]) AND g.status = 'PUBLISHED')))`;
  const params = [user.id, a.orgs, a.member_nets ?? [], a.nets ?? []];
  const readable = Number((await ctx.sql.query(`SELECT count(*)::int AS n FROM briefings b WHERE b.status = 'PUBLISHED' AND ${rule}`, params)).rows[0].n);
  const depth = Math.max(0, Math.min(100_000, readable - 50));
  // OFFSET once, here in the bench only, to find the cursor of that depth.
  const at = (await ctx.sql.query(`SELECT b.listed_at, b.id FROM briefings b WHERE b.status = 'PUBLISHED' AND ${rule} ORDER BY b.listed_at DESC, b.id DESC OFFSET ${depth - 1} LIMIT 1`, params)).rows[0] as { listed_at: Date; id: string };
  const cursor = Buffer.from(JSON.stringify([at.listed_at.toISOString(), at.id])).toString('base64url');
  const deepQuery = `query($after: String) { briefings(first: 50, after: $after) { edges { node { id title tlp publishedAt organisation { id name } viewerHasRead source { authorUserId } } } pageInfo { hasNextPage endCursor } } }`;
  const deep = await graphql(ctx.app.url, user.token, deepQuery, { after: cursor });
  const c = await compareHttp(ctx,
    { url: `${ctx.app.url}/graphql`, body: gqlBody(deepQuery, { after: cursor }), headers: bearer(user.token) },
    { url: `${ctx.app.url}/graphql`, body: gqlBody(deepQuery, { after: null }), headers: bearer(user.token) }, { throughput: false });
  return {
    id: 'S6', title: 'keyset page at depth (the deepest page of what the user may read) vs page 1',
    rows: [row(`latency at ${c.rate}/s`, `depth ${depth}: ${lat(c.fixed.ours[0]!.latency)}`, `page 1: ${lat(c.fixed.baseline[0]!.latency)}`, `p50 ${fmtRatio(c.p50)}`, 'p50 ≤ 1.2×', pass(c.p50.median <= 1.2))],
    notes: [...sanityNotes(c).map((n) => n.replace("baseline's", "page 1's")),
      `the user may read ${readable} of ${ctx.seeded.counts['briefings']} briefings, so the deepest page is at ${depth} (BENCHMARKS.md asks for 100k; no member reads all 100k).`,
      `deep page returned ${deep.briefings.edges.length} items; "baseline" here is our own page 1.`],
    data: { comparison: dropRaw(c), readable, depth },
  };
};

// ---- S2 ----------------------------------------------------------------------------------------
interface Fanout { receivers: number; posts: number; postErrors: number; expected: number; received: number; lost: number; outOfOrder: number; duplicates: number; postToLastReceipt: LatencySummary; perReceipt: LatencySummary; postAck: LatencySummary }

const northUsers = (ctx: Context) => ctx.seeded.users.filter((u) => u.memberOf.includes(1));
const northThreads = (ctx: Context) => ctx.seeded.threads.filter((t) => t.kind === 'NETWORK' && t.network === 1);
const lastSeq = async (ctx: Context, threadId: string) => Number((await ctx.sql.query('SELECT last_seq FROM threads WHERE id = $1', [threadId])).rows[0].last_seq);

const s2: Scenario = async (ctx) => {
  const receivers = ctx.quick ? 100 : 500;
  const users = northUsers(ctx);
  const [oursThread, baseThread] = [northThreads(ctx)[1]!, northThreads(ctx)[2]!];
  const rate = ctx.quick ? 5 : 10;
  const posters = users.slice(receivers, receivers + 20);
  const baseline = await startBaseline('baselines/socket-baseline.js', { DATABASE_URL: ctx.db.url });
  const runs: { ours: (Fanout & { cpu: { share: number } })[]; baseline: (Fanout & { cpu: { share: number } })[] } = { ours: [], baseline: [] };
  try {
    const common = { mode: 'fanout', receiverTokens: users.slice(0, receivers).map((u) => u.token), rate, addresses: ['127.0.0.1'] };
    // Warm-up: a short run of each.
    for (const kind of ['ours', 'baseline'] as const) {
      const thread = kind === 'ours' ? oursThread : baseThread;
      await runWorker<Fanout>('workers/swarm.js', {
        ...common, kind, url: kind === 'ours' ? ctx.app.url : baseline.url, threadId: thread.id, afterSeq: await lastSeq(ctx, thread.id), seconds: ctx.durations.warm,
        postUrl: kind === 'ours' ? `${ctx.app.url}/graphql` : `${baseline.url}/post`, posters: kind === 'ours' ? posters.map((u) => u.token) : posters.map((u) => u.id),
      });
    }
    for (let i = 0; i < ctx.durations.rounds; i++) {
      for (const kind of ['ours', 'baseline'] as const) {
        const thread = kind === 'ours' ? oursThread : baseThread;
        runs[kind].push(await runWorker<Fanout>('workers/swarm.js', {
          ...common, kind, url: kind === 'ours' ? ctx.app.url : baseline.url, threadId: thread.id, afterSeq: await lastSeq(ctx, thread.id), seconds: ctx.durations.measure,
          postUrl: kind === 'ours' ? `${ctx.app.url}/graphql` : `${baseline.url}/post`, posters: kind === 'ours' ? posters.map((u) => u.token) : posters.map((u) => u.id),
        }));
      }
    }
  } finally {
    await stopServer(baseline);
  }
  const r = (f: (x: Fanout) => number) => ratio(runs.ours.map(f), runs.baseline.map(f));
  const p50 = r((x) => x.postToLastReceipt.p50);
  const p99 = r((x) => x.postToLastReceipt.p99);
  const p999 = r((x) => x.postToLastReceipt.p999);
  const lost = runs.ours.reduce((n, x) => n + x.lost + x.postErrors, 0);
  const o = runs.ours[0]!.postToLastReceipt;
  const b = runs.baseline[0]!.postToLastReceipt;
  return {
    id: 'S2', title: `post a message to a thread with ${receivers} subscribers: post → last receipt`,
    rows: [
      row('post → last receipt p50', `${fmt(o.p50, 2)} ms`, `${fmt(b.p50, 2)} ms`, fmtRatio(p50), '≤ 2×', pass(p50.median <= 2)),
      row('post → last receipt p99', `${fmt(o.p99, 2)} ms`, `${fmt(b.p99, 2)} ms`, fmtRatio(p99), '≤ 2×', pass(p99.median <= 2)),
      row('post → last receipt p99.9', `${fmt(o.p999, 2)} ms`, `${fmt(b.p999, 2)} ms`, fmtRatio(p999), '≤ 3×', pass(p999.median <= 3)),
      row('lost (expected − received) + failed posts', `${lost}`, `${runs.baseline.reduce((n, x) => n + x.lost + x.postErrors, 0)}`, '', 'zero loss', pass(lost === 0)),
    ],
    notes: [
      `${rate} posts/s for ${ctx.durations.measure} s per run (${runs.ours[0]!.posts} posts × ${receivers} receivers), ${ctx.durations.rounds} interleaved runs; ours posts with the GraphQL mutation, the baseline with a bare HTTP POST (raw INSERT, then io.to(room).emit).`,
      `per receipt: ours ${lat(runs.ours[0]!.perReceipt)}, baseline ${lat(runs.baseline[0]!.perReceipt)}; out of order ${runs.ours.reduce((n, x) => n + x.outOfOrder, 0)}, duplicates ${runs.ours.reduce((n, x) => n + x.duplicates, 0)}.`,
      `load generator at most ${(Math.max(...[...runs.ours, ...runs.baseline].map((x) => x.cpu.share)) * 100).toFixed(0)} % of a core.`,
    ],
    data: { runs, ratios: { p50, p99, p999 } },
  };
};

// ---- S3 ----------------------------------------------------------------------------------------
const s3: Scenario = async (ctx) => {
  const threads = northThreads(ctx).slice(0, ctx.quick ? 10 : 50);
  const perThread = ctx.quick ? 10 : 20;
  const users = northUsers(ctx);
  const config = {
    mode: 'chat', kind: 'ours', url: ctx.app.url, addresses: ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'],
    threads: [] as { id: string; lastSeq: number; tokens: string[] }[],
    rates: ctx.quick ? [20, 50] : [25, 50, 75, 100, 150, 200, 300, 450, 650, 900],
    stepSeconds: ctx.durations.step,
    stopAboveP99Ms: 100,
    appPid: ctx.app.pid,
  };
  for (const [i, t] of threads.entries()) {
    config.threads.push({ id: t.id, lastSeq: await lastSeq(ctx, t.id), tokens: users.slice(i * perThread, (i + 1) * perThread).map((u) => u.token) });
  }
  type Step = { rate: number; posted: number; achievedRate: number; delivery: LatencySummary; postErrors: Record<string, number>; appCpu: number; startedAt: number; endedAt: number; db?: DbWindow };
  const sampled = await sampleDatabase(ctx.sql, ctx.db.postmasterPid, () =>
    runWorker<{ clients: number; steps: Step[]; lost: number; gapsOrReorders: number; expected: number; received: number }>('workers/swarm.js', config));
  const result = sampled.result;
  for (const step of result.steps) step.db = sampled.window(step.startedAt, step.endedAt);
  const ok = result.steps.filter((s) => s.delivery.p99 < 100 && Object.keys(s.postErrors).length === 0);
  const best = ok.length ? ok.reduce((a, s) => (s.achievedRate > a.achievedRate ? s : a)) : null;
  return {
    id: 'S3', title: `sustained chat: ${threads.length} threads × ${perThread} clients, ramping the posting rate`,
    rows: [
      row('highest posts/s with delivery p99 < 100 ms', best ? `${best.achievedRate}/s (p99 ${fmt(best.delivery.p99, 1)} ms)` : 'none', '—', '', 'report', null),
      row('loss / gaps or reorders', `${result.lost} / ${result.gapsOrReorders}`, '—', '', 'zero', pass(result.lost === 0 && result.gapsOrReorders === 0)),
    ],
    notes: [`steps: ${result.steps.map((s) => `${s.rate}/s → p99 ${fmt(s.delivery.p99, 1)} ms${Object.keys(s.postErrors).length ? ` errors ${JSON.stringify(s.postErrors)}` : ''} (app CPU ${fmt(s.appCpu * 100, 0)} %; ${describeWindow(s.db!)})`).join('; ')}.`,
      `${ctx.durations.step} s per step; posts over the socket (message:post with ack) by the clients of each thread; every client receives every message of its thread. Load generator ${(result.cpu.share * 100).toFixed(0)} % of a core.`],
    data: { result },
  };
};

// ---- S4 ----------------------------------------------------------------------------------------
const s4: Scenario = async (ctx) => {
  // BENCH_S4_SOCKETS overrides the count (at most 20 per seeded user: the per-user cap of one instance).
  const count = Number(process.env['BENCH_S4_SOCKETS'] ?? 0) || (ctx.quick ? 500 : 10_000);
  const users = ctx.seeded.users;
  const tokens = Array.from({ length: count }, (_, i) => users[i % users.length]!.token);
  const addresses = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 1}`);
  type Idle = { requested: number; connected: number; stillConnected: number; errors: Record<string, number>; stormSeconds: number; handshake: LatencySummary };
  const measure = async (server: RunningApp, kind: 'ours' | 'baseline') => {
    await sleep(1_000);
    const retainedBefore = await retainedMemory(server);
    const before = rssOf(server.pid);
    let during = 0;
    let retainedDuring: Promise<Awaited<ReturnType<typeof retainedMemory>>> | null = null;
    const result = await runWorker<Idle>('workers/swarm.js', {
      mode: 'idle', kind, url: server.url, addresses, tokens: kind === 'ours' ? tokens : tokens.map(() => null), concurrency: 200, holdSeconds: ctx.quick ? 3 : 6,
    }, {
      onSpawn: (worker) => {
        const poll = setInterval(() => {
          if (worker.output().includes('ALL_CONNECTED')) {
            clearInterval(poll);
            setTimeout(() => {
              during = rssOf(server.pid);
              retainedDuring = retainedMemory(server);
            }, 2_000);
          }
        }, 100);
        void worker.exited.then(() => clearInterval(poll));
      },
    });
    const perConnection = result.connected ? (during - before) / result.connected : NaN;
    const after = await (retainedDuring ?? Promise.resolve(retainedBefore));
    const retainedPerConnection = result.connected ? (after.heapUsed + after.external - retainedBefore.heapUsed - retainedBefore.external) / result.connected : NaN;
    return { ...result, rssBefore: before, rssDuring: during, bytesPerConnection: Math.round(perConnection), retainedBefore, retainedDuring: after, retainedPerConnection: Math.round(retainedPerConnection) };
  };
  const runs: { ours: Awaited<ReturnType<typeof measure>>[]; baseline: Awaited<ReturnType<typeof measure>>[] } = { ours: [], baseline: [] };
  // --profile: one storm more, first, on a profiled server; not counted (the profiler holds memory of its own).
  let profiled: Awaited<ReturnType<typeof measure>> | null = null;
  if (ctx.profile) {
    await ctx.restartApp('S4', ['--inspect=127.0.0.1:0']);
    profiled = await measure(ctx.app, 'ours');
  }
  // Each storm on a freshly started server, so that "before" is the same state for both.
  for (let i = 0; i < ctx.durations.rounds; i++) {
    await ctx.restartApp(undefined, ['--inspect=127.0.0.1:0']);
    runs.ours.push(await measure(ctx.app, 'ours'));
    const baseline = await startBaseline('baselines/socket-baseline.js', {}, ['--inspect=127.0.0.1:0']);
    try {
      runs.baseline.push(await measure(baseline, 'baseline'));
    } finally {
      await stopServer(baseline);
    }
  }
  const memory = ratio(runs.ours.map((r) => r.bytesPerConnection), runs.baseline.map((r) => r.bytesPerConnection));
  const retained = ratio(runs.ours.map((r) => r.retainedPerConnection), runs.baseline.map((r) => r.retainedPerConnection));
  await ctx.restartApp(); // without the inspector for what follows
  const failed = runs.ours.reduce((n, r) => n + (r.requested - r.connected) + (r.connected - r.stillConnected), 0);
  const o = runs.ours[0]!;
  const b = runs.baseline[0]!;
  return {
    id: 'S4', title: `${count.toLocaleString('en')} authenticated idle sockets`,
    rows: [
      row('memory per connection (RSS delta / sockets)', `${fmt(median(runs.ours.map((r) => r.bytesPerConnection)) / 1024, 1)} KiB`, `${fmt(median(runs.baseline.map((r) => r.bytesPerConnection)) / 1024, 1)} KiB`, fmtRatio(memory), '≤ 1.5×', pass(memory.median <= 1.5)),
      row('retained heap per connection (after a full GC)', `${fmt(median(runs.ours.map((r) => r.retainedPerConnection)) / 1024, 1)} KiB`, `${fmt(median(runs.baseline.map((r) => r.retainedPerConnection)) / 1024, 1)} KiB`, fmtRatio(retained), 'analysis', null),
      row('connect storm', `${o.connected}/${o.requested} in ${fmt(o.stormSeconds, 1)} s`, `${b.connected}/${b.requested} in ${fmt(b.stormSeconds, 1)} s`, '', 'no errors', pass(failed === 0)),
      row('handshake latency', lat(o.handshake), lat(b.handshake), `p99 ${fmt(o.handshake.p99 / b.handshake.p99, 2)}×`, 'report', null),
    ],
    notes: [`200 handshakes in flight, over ${addresses.length} loopback source addresses; ours: handshake → session.ready (session checked twice), baseline: → connect. Each storm on a freshly started server (with --inspect, to collect garbage before reading the heap); memory = RSS 2 s after the last socket connected minus RSS before the storm, the target's measure; retained heap = heapUsed + external after two full GCs, before and during.`,
      `${ctx.durations.rounds} interleaved storms each; errors (ours): ${JSON.stringify(runs.ours.map((r) => r.errors))}.`,
      ...(profiled ? [`CPU profile: of one more storm before these, not counted (${profiled.connected}/${profiled.requested} in ${fmt(profiled.stormSeconds, 1)} s, handshake ${lat(profiled.handshake)}).`] : [])],
    data: { runs, memory, retained, profiled },
  };
};

// ---- S7 ----------------------------------------------------------------------------------------
const s7: Scenario = async (ctx) => {
  const { threads, users } = ctx.seeded;
  const threadsOf = (u: SeededUser) => [
    ...threads.filter((t) => t.kind === 'NETWORK' && u.memberOf.includes(t.network!)).slice(0, 6),
    ...threads.filter((t) => t.kind === 'ORGANISATION' && t.organisation === u.organisation),
  ].map((t) => t.id);
  const soakUsers = users.filter((u) => u.memberOf.length > 0).map((u) => ({ token: u.token, threads: threadsOf(u) })).filter((u) => u.threads.length > 0);
  const config = {
    mode: 'soak', kind: 'ours', url: ctx.app.url, graphqlUrl: `${ctx.app.url}/graphql`, appPid: ctx.app.pid, addresses: ['127.0.0.1', '127.0.0.2'],
    users: soakUsers, steps: ctx.quick ? [20, 60] : [50, 100, 200, 300, 400, 500, 600, 700, 850, 1000, 1400, 2000], stepSeconds: ctx.durations.step, thinkMs: 5_000, stopOnFail: true,
  };
  type Step = { users: number; requests: number; rps: number; failures: number; errorRate: number; appCpu: number; latency: LatencySummary; pass: boolean; startedAt: number; endedAt: number; db?: DbWindow };
  const sampled = await sampleDatabase(ctx.sql, ctx.db.postmasterPid, () =>
    runWorker<{ steps: Step[]; mostUsersHeld: number; failureKinds: Record<string, number> }>('workers/swarm.js', config));
  const result = sampled.result;
  for (const step of result.steps) step.db = sampled.window(step.startedAt, step.endedAt);
  const best = result.steps.filter((s) => s.pass).at(-1);
  const firstFail = result.steps.find((s) => !s.pass);
  return {
    id: 'S7', title: 'mixed soak: switch/scroll thread ≫ post > react, ramping users',
    rows: [row('most concurrent users held', `${result.mostUsersHeld}${best ? ` (${best.rps} req/s, mean ${fmt(best.latency.mean, 1)} ms, p99 ${fmt(best.latency.p99, 0)} ms, CPU ${fmt(best.appCpu * 100, 0)} %)` : ''}`, '—', '',
      'avg ≤ 100 ms, p99 ≤ 2 s, errors ≤ 0.025 %, CPU ≤ 85 %', null)],
    notes: [
      `per user: a think time of 5 s on average (exponential), then switch thread 50 % (GraphQL last 30 + unsubscribe/subscribe), scroll 35 % (GraphQL 30 older), post 12 % (socket, ack), react 3 % (socket, ack).`,
      `steps: ${result.steps.map((s) => `${s.users} users ${s.rps} req/s mean ${fmt(s.latency.mean, 1)} p99 ${fmt(s.latency.p99, 0)} ms err ${(s.errorRate * 100).toFixed(3)} % app CPU ${fmt(s.appCpu * 100, 0)} %${s.pass ? '' : ' FAIL'} (${describeWindow(s.db!)})`).join('; ')}.`,
      firstFail ? `first step over the limits: ${firstFail.users} users.` : 'no step failed: the ramp ended at its last step before reaching a limit.',
      `failures by kind: ${JSON.stringify(result.failureKinds)}. Load generator ${(result.cpu.share * 100).toFixed(0)} % of a core.`,
    ],
    data: { result },
  };
};

// ---- S8 ----------------------------------------------------------------------------------------
const s8: Scenario = async (ctx) => {
  const rounds = ctx.quick ? 1 : 3;
  const empty: number[] = [];
  const existing: number[] = [];
  const start = async (dataDir: string) => {
    const port = await freePort();
    const spawned = spawnNode(APP_MAIN, [], { env: { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), PORT: String(port), NODE_ENV: 'development' } });
    const started = performance.now();
    await waitForHttp(`http://127.0.0.1:${port}/health`, 120_000, spawned.exited);
    const ms = performance.now() - started;
    await stop(spawned, 30_000);
    return ms;
  };
  for (let i = 0; i < rounds; i++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sw-bench-start-'));
    try {
      empty.push(await start(dir));
      existing.push(await start(dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    id: 'S8', title: '`npm start` (the built app) until /health answers',
    rows: [
      row('empty data folder (initdb, migrations, demo seed)', `median ${fmt(median(empty) / 1000, 2)} s`, '', '', 'report', null),
      row('existing data folder', `median ${fmt(median(existing) / 1000, 2)} s`, '', '', 'report', null),
    ],
    notes: [`${rounds} rounds; each: a new DATA_DIR, first start, stop (SIGTERM), second start. Runs: empty ${empty.map((m) => fmt(m / 1000, 2)).join(', ')} s; existing ${existing.map((m) => fmt(m / 1000, 2)).join(', ')} s. Not pinned (as a person would start it); build time not included.`],
    data: { emptyMs: empty, existingMs: existing },
  };
};

export const SCENARIOS: Record<string, Scenario> = { S0: s0, S1: s1, S1b: s1b, S2: s2, S3: s3, S4: s4, S5: s5, S6: s6, S7: s7, S8: s8 };
