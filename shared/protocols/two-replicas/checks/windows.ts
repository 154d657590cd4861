/** The tick window a round's goal judges, declared once for every per-round goal. */
import { paramTicks } from "../../../checks/check-params.js";

export const WINDOW = {
  fromTick: paramTicks(0, "Judge requests that arrive from this tick..."),
  toTick: paramTicks(36_000, "...up to (not including) this tick."),
};

/** p-th percentile by nearest rank (p in 1..100); unanswered requests count as endless. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p * sorted.length) / 100);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
