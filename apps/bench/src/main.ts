// `npm run bench [-- --quick] [--scenario S2[,S3]] [--profile] [--seconds N] [--out DIR]`: the built app on a fresh
// embedded PostgreSQL with the realistic data set, every scenario beside its baseline in the same
// run, results in bench/results (a --quick smoke run writes to bench/tmp/results instead).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Context, Durations, RunningApp, ScenarioResult } from './context.js';
import { startDatabase } from './database.js';
import { summariseProfile } from './profile.js';
import { APP_MAIN, freePort, hasTaskset, PINNING, ROOT, spawnNode, stop, waitForHttp } from './procs.js';
import { machineInfo, writeResults } from './report.js';
import { SCENARIOS } from './scenarios.js';
import { FULL_SIZE, QUICK_SIZE, seed } from './seed.js';

const ORDER = ['S0', 'S1', 'S1b', 'S5', 'S6', 'S2', 'S3', 'S4', 'S7', 'S8'];

function parseArgs(argv: string[]) {
  const flags = { quick: false, profile: false, scenarios: ORDER, out: '' as string, keep: false, seconds: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') flags.quick = true;
    else if (arg === '--profile') flags.profile = true;
    else if (arg === '--keep') flags.keep = true;
    else if (arg === '--scenario' || arg === '--scenarios') {
      const wanted = (argv[++i] ?? '').split(',').map((s) => s.trim().toUpperCase());
      flags.scenarios = ORDER.filter((id) => wanted.includes(id.toUpperCase()));
      if (flags.scenarios.length !== wanted.length) throw new Error(`unknown scenario in ${wanted.join(',')}; known: ${ORDER.join(', ')}`);
    } else if (arg === '--out') flags.out = argv[++i] ?? '';
    else if (arg === '--seconds') flags.seconds = Number(argv[++i]);
    else throw new Error(`unknown flag ${arg}: use --quick, --scenario S2, --profile, --seconds N, --out DIR, --keep`);
  }
  return flags;
}

/** Pauses by kind from `node --trace-gc` output: count, total and longest, in ms. */
function gcPauses(output: string): Record<string, { count: number; totalMs: number; maxMs: number }> {
  const pauses: Record<string, { count: number; totalMs: number; maxMs: number }> = {};
  for (const m of output.matchAll(/(Scavenge|Mark-Compact|Mark-sweep|Minor Mark-Sweep)\b[^\n]*?MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \/ [\d.]+ ms/g)) {
    const entry = (pauses[m[1]!] ??= { count: 0, totalMs: 0, maxMs: 0 });
    const ms = Number(m[2]);
    entry.count++;
    entry.totalMs = Math.round((entry.totalMs + ms) * 10) / 10;
    entry.maxMs = Math.max(entry.maxMs, ms);
  }
  return pauses;
}

async function main(): Promise<void> {
  const flags = parseArgs(process.argv.slice(2));
  if (!existsSync(APP_MAIN)) throw new Error('dist/ is missing: run `npm run bench` (it builds first)');
  const durations: Durations = flags.quick ? { measure: 2, warm: 1, rounds: 2, step: 2 } : { measure: 20, warm: 4, rounds: 3, step: 12 };
  // --seconds: shorter measured runs (below BENCHMARKS.md's 20 s: for profiles and exploration, not for results).
  if (flags.seconds > 0) Object.assign(durations, { measure: flags.seconds, step: Math.max(2, Math.round(flags.seconds / 2)) });
  const stamp = new Date().toISOString().slice(0, 10);
  // Only a full run with the durations of BENCHMARKS.md writes to bench/results.
  const outDir = flags.out || path.join(ROOT, flags.quick || flags.seconds > 0 ? 'bench/tmp/results' : 'bench/results');
  const dir = path.join(ROOT, 'bench/tmp', `run-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const machine = machineInfo('');
  const say = (line: string) => process.stderr.write(`${line}\n`);
  say(`bench: ${flags.quick ? 'quick smoke run' : 'full run'}, scenarios ${flags.scenarios.join(' ')}; load average ${machine.loadAverage.join(' ')}; ${hasTaskset() ? `pinned: server CPU ${PINNING.server}, PostgreSQL and load CPU ${PINNING.load}` : 'not pinned'}`);
  if (machine.loadAverage[0]! > 1.5) say(`bench: warning: the machine is busy (load ${machine.loadAverage[0]}); ratios hold, absolute numbers will be low`);

  const started = performance.now();
  const runStartedAt = new Date();
  const pgLog: string[] = [];
  const db = await startDatabase(path.join(dir, 'db'), (line) => {
    pgLog.push(line);
    if (pgLog.length > 500) pgLog.shift();
  });
  const key = `bench:${randomBytes(32).toString('base64')}`;
  const size = flags.quick ? QUICK_SIZE : FULL_SIZE;
  say(`bench: PostgreSQL ${db.version} on port ${db.port}; seeding ${JSON.stringify(size)}`);
  const seeded = await seed(db.url, size, key);
  say(`bench: seeded in ${seeded.seconds} s: ${JSON.stringify(seeded.counts)}`);
  const sql = new pg.Client({ connectionString: db.url, application_name: 'bench-runner' });
  await sql.connect();

  const profileDir = path.join(outDir, 'profiles');
  const profileFile = (name: string) => path.join(profileDir, `${stamp}-${name}.cpuprofile`);
  // The profile the running app is writing (on exit), and the last one a stopped app wrote.
  let profileName: string | null = null;
  let profileWritten: string | null = null;
  const startApp = async (profile?: string, extraNodeArgs: string[] = []): Promise<RunningApp> => {
    const port = await freePort();
    // BENCH_APP_NODE_ARGS: extra flags for our app's node, for diagnosis (e.g. --trace-gc).
    const diagnostic = (process.env['BENCH_APP_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
    const nodeArgs = [...(profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', path.basename(profileFile(profile))] : []), ...diagnostic, ...extraNodeArgs];
    if (profile) mkdirSync(profileDir, { recursive: true });
    const spawned = spawnNode(APP_MAIN, [], {
      cpus: PINNING.server,
      nodeArgs,
      env: {
        NODE_ENV: 'production', DATABASE_URL: db.url, DATA_ENCRYPTION_KEY: key, HOST: '127.0.0.1', PORT: String(port),
        REALTIME_ADAPTER: 'none', LOG_LEVEL: 'info', DATA_DIR: path.join(dir, 'app-data'),
      },
    });
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/health`, 60_000, spawned.exited).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${spawned.output().slice(-3000)}`);
    });
    return { spawned, url, pid: spawned.child.pid! };
  };

  const ctx: Context = {
    quick: flags.quick, profile: flags.profile, durations, dir, db, sql, seeded,
    app: await startApp(),
    async restartApp(profile, nodeArgs) {
      await stop(ctx.app.spawned);
      if (profileName) profileWritten = profileFile(profileName);
      profileName = profile ?? null;
      ctx.app = await startApp(profile, nodeArgs);
    },
    async finishProfile() {
      if (profileName) {
        await stop(ctx.app.spawned);
        profileWritten = profileFile(profileName);
        profileName = null;
        ctx.app = await startApp();
      }
      const file = profileWritten;
      profileWritten = null;
      return file && existsSync(file) ? summariseProfile(file) : null;
    },
  };

  const results: ScenarioResult[] = [];
  try {
    for (const id of flags.scenarios) {
      const t0 = performance.now();
      say(`bench: ${id} …`);
      if (flags.profile && id !== 'S0' && id !== 'S8') await ctx.restartApp(id);
      const appOutputFrom = ctx.app.spawned.output().length;
      const appAtStart = ctx.app;
      try {
        const result = await SCENARIOS[id]!(ctx);
        if (process.env['BENCH_APP_NODE_ARGS']?.includes('--trace-gc') && ctx.app === appAtStart) result.data['gc'] = gcPauses(ctx.app.spawned.output().slice(appOutputFrom));
        if (flags.profile) result.profile = await ctx.finishProfile();
        results.push(result);
        for (const r of result.rows) say(`  ${id} ${r.metric}: ours ${r.ours} | baseline ${r.baseline} | ${r.ratio} | target ${r.target} → ${r.pass === null ? 'report' : r.pass ? 'pass' : 'FAIL'}`);
      } catch (error) {
        say(`bench: ${id} failed: ${error instanceof Error ? error.stack : String(error)}`);
        results.push({ id, title: 'failed to run', rows: [{ metric: 'run', ours: 'error', baseline: '', ratio: '', target: '', pass: false }], notes: [String(error).slice(0, 2000)], data: {} });
        if (ctx.app.spawned.child.exitCode !== null) {
          say(`bench: the app exited:\n${ctx.app.spawned.output().slice(-3000)}`);
          ctx.app = await startApp();
        }
      }
      say(`bench: ${id} done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
  } finally {
    await sql.end().catch(() => undefined);
    await stop(ctx.app.spawned);
    await db.stop().catch(() => undefined);
    if (!flags.keep) rmSync(dir, { recursive: true, force: true });
  }
  const meta = {
    runStartedAt: runStartedAt.toISOString(),
    mode: flags.quick ? 'quick' : flags.seconds > 0 ? `full data, ${flags.seconds} s runs` : 'full', durations, seed: { size, seconds: seeded.seconds, counts: seeded.counts },
    totalMinutes: Math.round((performance.now() - started) / 600) / 100, loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
    app: 'NODE_ENV=production, REALTIME_ADAPTER=none (one instance), DB_POOL_MAX=10, DATABASE_URL over TCP loopback (as the baselines)',
  };
  const summary = writeResults(outDir, stamp, { ...machine, postgres: db.version }, meta, results, ORDER);
  say(`bench: wrote ${results.length} JSON files and ${summary} (with every scenario of ${stamp} in ${outDir}) in ${meta.totalMinutes} min`);
  const failedToRun = results.filter((r) => r.title === 'failed to run').length;
  process.exit(failedToRun > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
