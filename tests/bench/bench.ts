/**
 * The benchmark contract: each tests/bench/*.bench.ts module exports `run(): Promise<BenchResult[]>`.
 * Every figure is printed next to a baseline measured in the same run, with their ratio, because
 * these machines are shared and noisy: absolute numbers drift, ratios much less.
 */
export interface BenchResult {
  name: string;
  figure: number;
  unit: string;
  baselineName: string;
  baselineFigure: number;
  /** figure / baselineFigure, or the reverse when smaller is better (see `smallerIsBetter`). */
  ratio: number;
  smallerIsBetter?: boolean;
  /** The target in words, and whether this run met it. */
  target: string;
  met: boolean;
}

/** Median of a few timed repetitions: robust to one noisy run. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function timeMs(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
