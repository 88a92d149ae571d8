// `node dist/apps/bench/src/profile-summary.js FILE.cpuprofile [--top N] [--json]`: where a CPU profile's
// time went (self time by package and by function, and our functions by total time), the same
// summary `npm run bench -- --profile` puts in the results, for any profile written with --cpu-prof.
import { formatSummary, summariseProfile } from './profile.js';

function main(argv: string[]): void {
  let top = 25;
  let json = false;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--top') top = Number(argv[++i]);
    else if (arg === '--json') json = true;
    else if (arg.startsWith('--')) throw new Error(`unknown flag ${arg}: use --top N, --json`);
    else files.push(arg);
  }
  if (files.length === 0 || !Number.isInteger(top) || top < 1) {
    throw new Error('usage: node dist/apps/bench/src/profile-summary.js FILE.cpuprofile [FILE …] [--top N] [--json]');
  }
  const summaries = files.map((file) => summariseProfile(file, top));
  process.stdout.write(json ? `${JSON.stringify(summaries, null, 1)}\n` : `${summaries.map(formatSummary).join('\n\n')}\n`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
