/**
 * The linearizability checker on the size the book brief allows per key: a 200-operation,
 * 5-client register history from a simulated atomic register (every operation takes effect at a
 * tick inside its interval, 1 in 8 writes times out), seeded. Two figures: the linearizable
 * history (search plus witness), and the same history with its last read made stale (search
 * plus shrinking the violation to its evidence). Baseline, in the same run: sorting the
 * history's 400 invoke and response events by time, the floor for any checker that reads the
 * history in real-time order (the search begins by doing exactly that).
 */
import { checkRegister } from "../../shared/checks/history/linearizability.js";
import type { Operation } from "../../shared/checks/history/operation.js";
import { streamRng } from "../../shared/sim/prng.js";
import { atomicRegisterHistory, type PlannedOp } from "../unit/checks/history/atomic-register.js";
import { median, timeMs, type BenchResult } from "./bench.js";

const OPS = 200;
const CLIENTS = 5;
const RUNS = 7;
const TARGET_MS = 50;

function plan(seed: number): PlannedOp[] {
  const rng = streamRng(seed, "history-bench", {});
  return Array.from({ length: OPS }, () => ({
    session: rng.int(0, CLIENTS - 1),
    write: rng.chance(0.5),
    gapTicks: rng.int(0, 6),
    durationTicks: rng.int(0, 12),
    pointSixteenths: rng.int(0, 16),
    tieBreak: rng.uint32(),
    lost: rng.chance(0.125) ? (rng.chance(0.5) ? 1 : 2) : 0,
  }));
}

/**
 * The last read, made stale: it returns the value of the first completed write, long since
 * overwritten. A violation at the very end is the search's worst case: every configuration
 * before it must be explored to prove nothing works.
 */
function corrupted(ops: readonly Operation[]): Operation[] {
  const old = ops.find((o) => o.kind === "write" && o.responseTick !== null)!;
  const reads = ops.filter((o) => o.kind === "read" && o.responseTick !== null && o.value !== old.value);
  const victim = reads[reads.length - 1]!;
  return ops.map((o) => (o.id === victim.id ? { ...o, value: old.value } : o));
}

function sortEvents(ops: readonly Operation[]): number {
  const times: number[] = [];
  for (const o of ops) times.push(o.invokeTick * 2, (o.responseTick ?? Number.MAX_SAFE_INTEGER) * 2 + 1);
  return times.sort((a, b) => a - b).length;
}

export async function run(): Promise<BenchResult[]> {
  const ok = atomicRegisterHistory(plan(14));
  const bad = corrupted(ok);
  const first = checkRegister(ok);
  const caught = checkRegister(bad);
  if (first.verdict !== "linearizable" || caught.verdict !== "violation") throw new Error(`bench: expected linearizable then violation, got ${first.verdict}, ${caught.verdict}`);
  const base: number[] = [];
  const okMs: number[] = [];
  const badMs: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    base.push(timeMs(() => void sortEvents(ok)));
    okMs.push(timeMs(() => void checkRegister(ok)));
    badMs.push(timeMs(() => void checkRegister(bad)));
  }
  const baseMs = median(base);
  const results: BenchResult[] = [
    { name: `linearizability, ${OPS}-op ${CLIENTS}-client register history, linearizable (${first.steps} steps)`, figure: median(okMs), unit: "ms", baselineName: "sorting its 400 invoke/response events", baselineFigure: baseMs, ratio: median(okMs) / baseMs, smallerIsBetter: true, target: `< ${TARGET_MS} ms`, met: median(okMs) < TARGET_MS },
    { name: `linearizability, same history with its last read stale: violation shrunk to ${caught.evidence.length} ops (${caught.steps} steps)`, figure: median(badMs), unit: "ms", baselineName: "sorting its 400 invoke/response events", baselineFigure: baseMs, ratio: median(badMs) / baseMs, smallerIsBetter: true, target: `< ${TARGET_MS * 4} ms`, met: median(badMs) < TARGET_MS * 4 },
  ];
  return results;
}
