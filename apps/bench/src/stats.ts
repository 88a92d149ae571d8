// Latency histograms (HdrHistogram, microseconds) and the ratio arithmetic of BENCHMARKS.md.
import hdr from 'hdr-histogram-js';

export type Histogram = ReturnType<typeof hdr.build>;

/** Microseconds from 1 µs to 10 minutes, 3 significant digits. */
export const newHistogram = (): Histogram =>
  hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });

export interface LatencySummary {
  count: number;
  /** Milliseconds. */
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  /** The raw histogram (HdrHistogram compressed base64, microseconds), to re-read or merge later. */
  hdr: string;
}

const ms = (us: number) => Math.round(us) / 1000;

export function summarise(h: Histogram): LatencySummary {
  return {
    count: h.totalCount,
    mean: ms(h.mean),
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    max: ms(h.maxValue),
    hdr: hdr.encodeIntoCompressedBase64(h),
  };
}

export function decode(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded);
}

export function merge(encoded: string[]): Histogram {
  const total = newHistogram();
  for (const e of encoded) total.add(decode(e));
  return total;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Ratio {
  /** ours / baseline, per interleaved pair. */
  pairs: number[];
  median: number;
  /** [min, max] of the pairs. */
  spread: [number, number];
}

/** Median of the per-pair ratios ours / baseline, and their spread. */
export function ratio(ours: number[], baseline: number[]): Ratio {
  const pairs = ours.map((o, i) => round3(o / baseline[i]!));
  return { pairs, median: round3(median(pairs)), spread: [Math.min(...pairs), Math.max(...pairs)] };
}

export const round3 = (n: number): number => Math.round(n * 1000) / 1000;
