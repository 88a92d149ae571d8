// What every scenario gets: the database, the seeded data, our running app, durations, and the
// helpers that run load generators and baselines the same way for ours and theirs.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import type { BenchDatabase } from './database.js';
import type { ProfileSummary } from './profile.js';
import { cpuMsOf, freePort, PINNING, runWorker, spawnNode, type Spawned, stop, waitForHttp, DIST_BENCH, type CpuUse } from './procs.js';
import type { Seeded } from './seed.js';
import type { HttpLoadConfig, HttpLoadResult } from './workers/http-load.js';

export interface Durations {
  /** Seconds of each measured run (BENCHMARKS.md: at least 20). */
  measure: number;
  /** Seconds of warm-up per server and scenario. */
  warm: number;
  /** Interleaved pairs per comparison. */
  rounds: number;
  /** S3 and S7 ramp steps. */
  step: number;
}

export interface RunningApp {
  spawned: Spawned;
  url: string;
  pid: number;
}

export interface Context {
  quick: boolean;
  profile: boolean;
  durations: Durations;
  dir: string;
  db: BenchDatabase;
  sql: pg.Client;
  seeded: Seeded;
  app: RunningApp;
  /** (Re)starts our app; with --profile under --cpu-prof named after the scenario; `nodeArgs` for this start only. */
  restartApp(profileName?: string, nodeArgs?: string[]): Promise<void>;
  /** Stops our app (writing the CPU profile when profiling) and returns the profile's summary. */
  finishProfile(): Promise<ProfileSummary | null>;
}

export interface SummaryRow {
  metric: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  pass: boolean | null;
}

export interface ScenarioResult {
  id: string;
  title: string;
  rows: SummaryRow[];
  notes: string[];
  data: Record<string, unknown>;
  profile?: ProfileSummary | null;
}

export type HttpRun = HttpLoadResult & { cpu: CpuUse; discarded: boolean };

/** One autocannon run from the load CPU; flagged when the load generator itself passed 90 % of its core. */
export async function httpLoad(config: HttpLoadConfig): Promise<HttpRun> {
  const result = await runWorker<HttpLoadResult>('workers/http-load.js', config);
  return { ...result, discarded: result.cpu.share > 0.9 };
}

export const gqlBody = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Starts a baseline server (compiled under dist/apps/bench) on the server CPU. */
export async function startBaseline(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<RunningApp> {
  const port = await freePort();
  const spawned = spawnNode(path.join(DIST_BENCH, script), [], { cpus: PINNING.server, env: { ...env, PORT: String(port) }, nodeArgs });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/health`, 30_000, spawned.exited);
  return { spawned, url, pid: spawned.child.pid! };
}

export const stopServer = (server: RunningApp) => stop(server.spawned);

export async function graphql<T = any>(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(token) }, body: gqlBody(query, variables) });
  const json = (await response.json()) as { data?: T; errors?: unknown };
  if (json.errors || !json.data) throw new Error(`GraphQL: ${JSON.stringify(json.errors).slice(0, 500)}`);
  return json.data;
}

// Background work of the app that is no operation's: the outbox relay's timer, the coarse session
// touch, the scheduled jobs (statement deadline reminders and embargoes, message acknowledgement
// reminders: writes no list operation makes), transaction control, and our own look-ups of the statistics.
const NOISE = [
  /\boutbox_events\b/, /^\s*UPDATE sessions SET last_seen_at/, /^\s*UPDATE (statements|messages)\b/, /^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SET|SHOW)\b/i,
  /pg_stat_statements/, /\brate_limit_counters\b.*window_start </s,
];

/** SQL statements per operation, from pg_stat_statements: `n` operations run one after another. */
export async function statementsPerOperation(sql: pg.Client, n: number, operation: () => Promise<unknown>): Promise<{ perOperation: number; statements: { query: string; calls: number }[] }> {
  await sql.query('SELECT pg_stat_statements_reset()');
  for (let i = 0; i < n; i++) await operation();
  const { rows } = await sql.query<{ query: string; calls: string }>(
    `SELECT query, calls FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY calls DESC`);
  const statements = rows.filter((r) => !NOISE.some((re) => re.test(r.query))).map((r) => ({ query: r.query.replace(/\s+/g, ' ').slice(0, 300), calls: Number(r.calls) }));
  return { perOperation: Math.round((statements.reduce((a, s) => a + s.calls, 0) / n) * 100) / 100, statements };
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));
export const fmtRatio = (r: { median: number; spread: [number, number] }) => `${fmt(r.median, 2)}× (${fmt(r.spread[0], 2)}–${fmt(r.spread[1], 2)})`;

/**
 * The memory a server process retains: a full garbage collection through its inspector (started with
 * --inspect=127.0.0.1:0), then process.memoryUsage(). Transient garbage and heap the allocator keeps
 * are in RSS but not here.
 */
export async function retainedMemory(server: RunningApp): Promise<{ heapUsed: number; external: number; rss: number }> {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(server.spawned.output())?.[1];
  if (!url) throw new Error('the server was not started with --inspect');
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let next = 1;
  const call = (method: string, params: Record<string, unknown> = {}) => new Promise<any>((resolve, reject) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const id = next++;
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: unknown };
      if (message.id !== id) return;
      socket.off('message', onMessage);
      if (message.error) reject(new Error(JSON.stringify(message.error)));
      else resolve(message.result);
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ id, method, params }));
  });
  try {
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const result = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
    const usage = JSON.parse(result.result.value as string) as { heapUsed: number; external: number; rss: number };
    return { heapUsed: usage.heapUsed, external: usage.external, rss: usage.rss };
  } finally {
    socket.close();
  }
}

export interface DbWindow {
  /** Share of one core used by all PostgreSQL processes. */
  postgresCpu: number;
  /** The app's connections, on average, by what they were doing (pg_stat_activity, sampled every 250 ms). */
  appConnections: Record<string, number>;
}

interface DbTick {
  t: number;
  /** CPU ms of each PostgreSQL process (backends come and go: a window sums per process). */
  cpu: Map<number, number>;
  states: Record<string, number>;
}

/**
 * Where the app's database time goes while `work` runs: PostgreSQL's CPU (every process under the
 * postmaster, from /proc) and what the app's connections are doing (pg_stat_activity), on a timeline
 * that `window(from, to)` (Date.now() values) summarises.
 */
export async function sampleDatabase<T>(sql: pg.Client, postmasterPid: number, work: () => Promise<T>): Promise<{ result: T; window(from: number, to: number): DbWindow }> {
  const postgresPids = () => readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return pid === postmasterPid || Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmasterPid;
    } catch {
      return false;
    }
  });
  const ticks: DbTick[] = [];
  let running = true;
  const poll = (async () => {
    while (running) {
      const { rows } = await sql.query<{ state: string; wait: string | null }>(
        `SELECT state, wait_event_type || ':' || wait_event AS wait FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = 'solidarity-workspace' AND pid <> pg_backend_pid()`);
      const states: Record<string, number> = {};
      for (const r of rows) {
        const key = r.state === 'active' ? `active${r.wait ? ` (${r.wait})` : ''}` : r.state;
        states[key] = (states[key] ?? 0) + 1;
      }
      ticks.push({ t: Date.now(), cpu: new Map(postgresPids().map((pid) => [pid, cpuMsOf(pid)])), states });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  let result: T;
  try {
    result = await work();
  } finally {
    running = false;
    await poll;
  }
  return {
    result,
    window(from, to) {
      const inside = ticks.filter((k) => k.t >= from && k.t <= to);
      if (inside.length < 2) return { postgresCpu: NaN, appConnections: {} };
      const first = inside[0]!;
      const last = inside.at(-1)!;
      const totals: Record<string, number> = {};
      for (const k of inside) for (const [state, n] of Object.entries(k.states)) totals[state] = (totals[state] ?? 0) + n;
      // Per process: its CPU at the last tick it was seen in the window, less what it had at the first.
      const seen = new Map<number, { from: number; to: number }>();
      for (const k of inside) {
        for (const [pid, ms] of k.cpu) {
          const entry = seen.get(pid);
          if (entry) entry.to = ms;
          else seen.set(pid, { from: k === first ? ms : 0, to: ms });
        }
      }
      const cpuMs = [...seen.values()].reduce((sum, e) => sum + Math.max(0, e.to - e.from), 0);
      return {
        postgresCpu: Math.round((cpuMs / Math.max(1, last.t - first.t)) * 1000) / 1000,
        appConnections: Object.fromEntries(Object.entries(totals).sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, Math.round((n / inside.length) * 100) / 100])),
      };
    },
  };
}

/** "active (Lock:tuple) 3.2, idle 5.1" */
export const describeWindow = (w: DbWindow) =>
  `PostgreSQL CPU ${Number.isFinite(w.postgresCpu) ? `${Math.round(w.postgresCpu * 100)} %` : '?'}; app connections: ${Object.entries(w.appConnections).map(([k, n]) => `${k} ${n}`).join(', ')}`;
