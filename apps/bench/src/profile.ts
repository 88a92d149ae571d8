// Reads a V8 .cpuprofile (node --cpu-prof) into the few lines a person needs: where self time went,
// by function and by package, and which functions of ours the time passed through (inclusive).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  idlePct: number;
  /** Self time in ms and as a share of all samples (idle included). */
  topFunctions: { name: string; where: string; selfPct: number; selfMs?: number }[];
  byPackage: { name: string; selfPct: number; selfMs?: number }[];
  /** Functions of ours (libs/, apps/) by the share of samples they were on the stack for. */
  oursInclusive?: { name: string; where: string; totalPct: number; totalMs?: number }[];
}

// V8's pseudo-frames, each its own group.
const PSEUDO: Record<string, string> = {
  '(idle)': '(idle)',
  '(garbage collector)': '(gc)',
  '(program)': '(program)',
  '(root)': '(root)',
};

/**
 * Where a frame's code lives: `node_modules/<package>` by package name, Node's own JavaScript as
 * "node internals", our code by its lib or app (`libs/platform/realtime`, `apps/api`), and frames
 * without a script (builtins, C++) as "(native/V8)".
 */
export function packageOf(url: string, functionName = ''): string {
  const pseudo = PSEUDO[functionName];
  if (pseudo && !url) return pseudo;
  if (!url) return '(native/V8)';
  if (url.startsWith('node:')) return 'node internals';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  const ours = /\/(?:dist\/)?((?:libs|apps)\/.+?)\/src\//.exec(url) ?? /\/(?:dist\/)?(migrations|test)\//.exec(url);
  if (ours) return ours[1]!;
  return url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
}

const isOurs = (pkg: string) => pkg.startsWith('libs/') || pkg.startsWith('apps/') || pkg === 'migrations';

const shortWhere = (url: string, lineNumber: number) =>
  url ? `${url.replace(/^file:\/\/.*?\/(node_modules|dist)\//, '$1/').replace(/^dist\//, '')}:${lineNumber + 1}` : '';

export function summariseProfile(file: string, top = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  // Self time per node: the time delta that follows each sample belongs to it.
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    self.set(id, (self.get(id) ?? 0) + Math.max(0, delta));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0) || 1;
  const fn = new Map<string, { name: string; where: string; us: number }>();
  const pkg = new Map<string, number>();
  const inclusive = new Map<string, { name: string; where: string; us: number }>();
  let idle = 0;
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') idle += us;
    const where = shortWhere(url, lineNumber);
    const key = `${functionName}@${where}`;
    const entry = fn.get(key) ?? { name: functionName || '(anonymous)', where, us: 0 };
    entry.us += us;
    fn.set(key, entry);
    const p = packageOf(url, functionName);
    pkg.set(p, (pkg.get(p) ?? 0) + us);
    // Each function of ours on this node's stack, once per stack (recursion is not counted twice).
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (!frame.url || !isOurs(packageOf(frame.url))) continue;
      const w = shortWhere(frame.url, frame.lineNumber);
      const k = `${frame.functionName}@${w}`;
      if (onStack.has(k)) continue;
      onStack.add(k);
      const e = inclusive.get(k) ?? { name: frame.functionName || '(anonymous)', where: w, us: 0 };
      e.us += us;
      inclusive.set(k, e);
    }
  }
  const pct = (us: number) => Math.round((us / total) * 1000) / 10;
  const ms = (us: number) => Math.round(us / 100) / 10;
  return {
    file,
    totalMs: Math.round(total / 1000),
    idlePct: pct(idle),
    topFunctions: [...fn.values()].sort((a, b) => b.us - a.us).slice(0, top).map((f) => ({ name: f.name, where: f.where, selfPct: pct(f.us), selfMs: ms(f.us) })),
    byPackage: [...pkg.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([name, us]) => ({ name, selfPct: pct(us), selfMs: ms(us) })),
    oursInclusive: [...inclusive.values()].sort((a, b) => b.us - a.us).slice(0, top).map((f) => ({ name: f.name, where: f.where, totalPct: pct(f.us), totalMs: ms(f.us) })),
  };
}

/** The summary as plain text: ms, and the share of the busy (non-idle) time. */
export function formatSummary(s: ProfileSummary): string {
  const busyMs = Math.max(1, s.totalMs * (1 - s.idlePct / 100));
  const share = (msValue: number | undefined, pct: number) => {
    const value = msValue ?? (pct / 100) * s.totalMs;
    return `${value.toFixed(0).padStart(7)} ms ${((value / busyMs) * 100).toFixed(1).padStart(5)} %`;
  };
  return [
    `${s.file}`,
    `${s.totalMs} ms sampled, ${s.idlePct} % idle, ${Math.round(busyMs)} ms busy. Columns: ms, share of the busy time.`,
    '',
    'Self time by package:',
    ...s.byPackage.filter((p) => p.name !== '(idle)').map((p) => `  ${share(p.selfMs, p.selfPct)}  ${p.name}`),
    '',
    'Top functions by self time:',
    ...s.topFunctions.filter((f) => f.name !== '(idle)').map((f) => `  ${share(f.selfMs, f.selfPct)}  ${f.name} ${f.where}`),
    ...(s.oursInclusive?.length
      ? ['', 'Our functions by total time (self and callees):', ...s.oursInclusive.map((f) => `  ${share(f.totalMs, f.totalPct)}  ${f.name} ${f.where}`)]
      : []),
  ].join('\n');
}
