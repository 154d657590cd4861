/**
 * Happened-before must scale: a synthetic 100,000-event, 16-node Lamport trace (stamp notes and
 * gossip sends, as the protocol emits them), with vector clocks built in one pass from the trace
 * (lamportTraceOf: the adapter plus CausalOrder) and the clock condition checked on top.
 * Baseline, measured in the same run on the same trace: a plain pass that only counts each
 * node's stamp notes (the floor for anything that reads the trace once). A second figure times
 * the naive definition, BFS reachability from every event, on a 2,000-event prefix and
 * extrapolates it quadratically to 100,000 events, to show what vector clocks save.
 */
import { lamportClockCondition } from "../../shared/protocols/lamport/checks/clock-condition.js";
import { lamportTraceOf } from "../../shared/protocols/lamport/checks/events.js";
import type { Level } from "../../shared/level/level.js";
import { streamRng } from "../../shared/sim/prng.js";
import type { TraceEvent } from "../../shared/sim/trace.js";
import { median, timeMs, type BenchResult } from "./bench.js";

const EVENTS = 100_000;
const NODES = 16;
const TARGET_MS = 1000;
const RUNS = 5;

/** Correct Lamport stamping on 16 nodes: local events, sends, and receives of in-flight messages. */
export function syntheticTrace(events: number, nodes: number): TraceEvent[] {
  const rng = streamRng(9, "bench", {});
  const trace: TraceEvent[] = [];
  const clock = new Array<number>(nodes).fill(0);
  const count = new Array<number>(nodes).fill(0);
  const inFlight: { to: number; msgId: number; stamp: number }[] = [];
  let msgId = 0;
  const stampNote = (node: number, kind: string, stamp: number, extra: Record<string, unknown> = {}) => {
    count[node]!++;
    const eventId = `N${node}#${count[node]}`;
    trace.push({ i: trace.length, tick: trace.length, kind: "note", node: `N${node}`, name: "stamp", data: { eventId, kind, stamp, clock: "lamport", round: 2, ...extra } });
    return eventId;
  };
  for (let made = 0; made < events; made++) {
    const roll = rng.int(0, 9);
    if (roll < 4 && inFlight.length > 0) {
      const m = inFlight.splice(rng.int(0, inFlight.length - 1), 1)[0]!;
      clock[m.to] = Math.max(clock[m.to]!, m.stamp) + 1;
      stampNote(m.to, "receive", clock[m.to]!, { msgId: m.msgId });
      continue;
    }
    const node = rng.int(0, nodes - 1);
    clock[node]!++;
    if (roll < 7) {
      stampNote(node, "local", clock[node]!);
      continue;
    }
    const to = (node + 1 + rng.int(0, nodes - 2)) % nodes;
    const eventId = stampNote(node, "send", clock[node]!);
    msgId++;
    trace.push({ i: trace.length, tick: trace.length, kind: "send", node: `N${node}`, to: `N${to}`, msgId, type: "gossip", payload: { eventId, stamp: clock[node]! } });
    inFlight.push({ to, msgId, stamp: clock[node]! });
  }
  return trace;
}

/** The definition, naively: reachability by BFS from every event over program order and messages. */
function bfsAllPairs(trace: readonly TraceEvent[], nodeIds: readonly string[]): number {
  const lt = lamportTraceOf(trace, nodeIds);
  const next: number[][] = lt.events.map(() => []);
  const last = new Map<string, number>();
  for (const e of lt.events) {
    const prev = last.get(e.node);
    if (prev !== undefined) next[prev]!.push(e.index);
    last.set(e.node, e.index);
    if (e.send) next[e.send.index]!.push(e.index);
  }
  let pairs = 0;
  const seen = new Uint8Array(lt.events.length);
  for (let a = 0; a < lt.events.length; a++) {
    seen.fill(0);
    const stack = [...next[a]!];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (seen[x]) continue;
      seen[x] = 1;
      pairs++;
      for (const y of next[x]!) stack.push(y);
    }
  }
  return pairs;
}

export async function run(): Promise<BenchResult[]> {
  const nodeIds = Array.from({ length: NODES }, (_, n) => `N${n}`);
  const trace = syntheticTrace(EVENTS, NODES);
  const level = { nodes: nodeIds.map((id) => ({ id, role: "peer", bot: "correct" })) } as unknown as Level;
  const hb: number[] = [];
  const withCheck: number[] = [];
  const plain: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    plain.push(timeMs(() => {
      const counts = new Map<string, number>();
      for (const e of trace) if (e.kind === "note" && e.name === "stamp") counts.set(e.node, (counts.get(e.node) ?? 0) + 1);
    }));
    hb.push(timeMs(() => void lamportTraceOf(trace, nodeIds)));
    withCheck.push(timeMs(() => {
      const monitor = lamportClockCondition.create({}, level);
      for (const e of trace) if (monitor.observe(e)) throw new Error("the synthetic trace is correct: no violation expected");
    }));
  }
  const prefix = trace.slice(0, 2_000);
  const prefixEvents = prefix.filter((e) => e.kind === "note").length;
  const bfsMs = median([0, 1, 2].map(() => timeMs(() => void bfsAllPairs(prefix, nodeIds))));
  const bfsExtrapolatedMs = bfsMs * (EVENTS / prefixEvents) * (EVENTS / prefixEvents);
  const hbMs = median(hb);
  const checkMs = median(withCheck);
  const plainMs = median(plain);
  const results: BenchResult[] = [
    { name: "happened-before (vector clocks) from a 100k-event, 16-node trace", figure: hbMs, unit: "ms", baselineName: "plain pass counting stamp notes per node", baselineFigure: plainMs, ratio: hbMs / plainMs, smallerIsBetter: true, target: `< ${TARGET_MS} ms`, met: hbMs < TARGET_MS },
    { name: "clock-condition monitor over the same trace", figure: checkMs, unit: "ms", baselineName: "plain pass counting stamp notes per node", baselineFigure: plainMs, ratio: checkMs / plainMs, smallerIsBetter: true, target: `< ${TARGET_MS} ms`, met: checkMs < TARGET_MS },
    { name: "happened-before (vector clocks), 100k events", figure: hbMs, unit: "ms", baselineName: `naive BFS from every event on ${prefixEvents} events, extrapolated (n²) to 100k`, baselineFigure: bfsExtrapolatedMs, ratio: hbMs / bfsExtrapolatedMs, smallerIsBetter: true, target: `< ${TARGET_MS} ms`, met: hbMs < TARGET_MS },
  ];
  for (const r of results) console.log(`${r.name}: ${r.figure.toFixed(1)} ${r.unit} | ${r.baselineName}: ${r.baselineFigure.toFixed(1)} ${r.unit} | ratio ${r.ratio.toFixed(4)} | target ${r.target}: ${r.met ? "met" : "NOT met"}`);
  return results;
}
