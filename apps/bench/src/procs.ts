// Child processes of the bench: pinned with taskset, with a raised descriptor limit, and their
// CPU time read from /proc (so the load generator's share can be checked).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled tree this runs from: dist/ (or a copy of it, so a rebuild during a long run changes nothing). */
const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The checkout: results, node_modules, git. BENCH_ROOT when running from a copy of dist/. */
export const ROOT = process.env['BENCH_ROOT'] ?? path.resolve(DIST, '..');
export const DIST_BENCH = path.join(DIST, 'apps/bench/src');
export const APP_MAIN = path.join(DIST, 'apps/api/src/main.js');

/**
 * How the two cores are shared, the same for our app and every baseline: the server under test on
 * CPU 0; PostgreSQL and the load generator on CPU 1. Without taskset (or with one core) nothing is pinned.
 */
export const PINNING = { server: '0', database: '1', load: '1' } as const;

let tasksetChecked: boolean | null = null;
export function hasTaskset(): boolean {
  if (tasksetChecked === null) {
    try {
      execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
      tasksetChecked = os.cpus().length >= 2;
    } catch {
      tasksetChecked = false;
    }
  }
  return tasksetChecked;
}

/** Pins a running process and all its threads. */
export function pin(pid: number, cpus: string): void {
  if (!hasTaskset()) return;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
  } catch {
    // The process may have exited meanwhile.
  }
}

export interface Spawned {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  cpus?: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
  /** Collect stdout/stderr (default true). */
  capture?: boolean;
  /** Forward stderr lines to ours (progress of workers). */
  passStderr?: boolean;
  /** Called with a worker once it is started (runWorker). */
  onSpawn?: (spawned: Spawned) => void;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** `node <script> <args>` under `bash -c 'ulimit -n 65536; exec taskset -c … node …'`. */
export function spawnNode(script: string, args: string[], options: SpawnOptions = {}): Spawned {
  const pinning = options.cpus && hasTaskset() ? `taskset -c ${options.cpus} ` : '';
  const command = `ulimit -n 65536 2>/dev/null || ulimit -n $(ulimit -Hn); exec ${pinning}${shellQuote(process.execPath)} ${[
    ...(options.nodeArgs ?? []),
    script,
    ...args,
  ].map(shellQuote).join(' ')}`;
  const child = spawn('bash', ['-c', command], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    if (options.capture !== false) output += chunk.toString();
    if (output.length > 4_000_000) output = output.slice(-2_000_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', (chunk: Buffer) => {
    keep(chunk);
    if (options.passStderr) process.stderr.write(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Runs a worker script to completion; its last stdout line is its JSON result. */
export async function runWorker<T>(script: string, config: unknown, options: SpawnOptions = {}): Promise<T & { cpu: CpuUse }> {
  const started = performance.now();
  const file = path.join(os.tmpdir(), `sw-bench-${process.pid}-${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
  const worker = spawnNode(path.join(DIST_BENCH, script), [file], { cpus: PINNING.load, passStderr: true, ...options });
  options.onSpawn?.(worker);
  const code = await worker.exited;
  rmSync(file, { force: true });
  const lines = worker.output().trim().split('\n');
  const last = lines.reverse().find((l) => l.startsWith('{'));
  if (code !== 0 || !last) throw new Error(`${script} failed (exit ${code}):\n${worker.output().slice(-4000)}`);
  const result = JSON.parse(last) as T & { cpuMs?: number };
  const wallMs = performance.now() - started;
  return { ...result, cpu: { cpuMs: result.cpuMs ?? 0, wallMs, share: (result.cpuMs ?? 0) / wallMs } };
}

export interface CpuUse {
  cpuMs: number;
  wallMs: number;
  /** Of one core. */
  share: number;
}

const TICK = 100; // USER_HZ on Linux

/** utime + stime of a process (all threads) in ms, from /proc. */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICK;
  } catch {
    return 0;
  }
}

/** Resident memory of a process in bytes. */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU used by `pid` while `work` runs, as a share of one core. */
export async function measureCpu<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; cpu: CpuUse }> {
  const before = cpuMsOf(pid);
  const started = performance.now();
  const result = await work();
  const cpuMs = cpuMsOf(pid) - before;
  const wallMs = performance.now() - started;
  return { result, cpu: { cpuMs, wallMs, share: cpuMs / wallMs } };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `url` until it answers 200; returns the ms it took. */
export async function waitForHttp(url: string, timeoutMs: number, exited?: Promise<unknown>): Promise<number> {
  const started = performance.now();
  let dead = false;
  void exited?.then(() => (dead = true));
  while (performance.now() - started < timeoutMs) {
    if (dead) throw new Error(`process exited before ${url} answered`);
    try {
      const response = await fetch(url);
      if (response.ok) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** SIGTERM, then SIGKILL after a grace period; resolves when it exited. */
export async function stop(spawned: Spawned, graceMs = 10_000): Promise<void> {
  if (spawned.child.exitCode !== null || spawned.child.signalCode !== null) return;
  spawned.child.kill('SIGTERM');
  const timer = setTimeout(() => spawned.child.kill('SIGKILL'), graceMs);
  await spawned.exited;
  clearTimeout(timer);
}

/** The worker side: parse the config argument, print the JSON result as the last line, exit. */
export async function workerMain<C, R>(run: (config: C) => Promise<R>): Promise<void> {
  try {
    const arg = process.argv[2] ?? '{}';
    // Large configurations (thousands of tokens) come in a file: an argument is limited to 128 KiB.
    const config = JSON.parse(arg.startsWith('/') ? readFileSync(arg, 'utf8') : arg) as C;
    const result = await run(config);
    const usage = process.cpuUsage();
    process.stdout.write(`\n${JSON.stringify({ ...result, cpuMs: (usage.user + usage.system) / 1000 })}\n`);
    process.exit(0);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  }
}
