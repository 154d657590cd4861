/**
 * The knowledge horizon: pick a moment on one node's lane; its causal past (Lamport's
 * happened-before, by program order and send -> deliver) is everything that node could possibly
 * know at that moment. Everything else, however early in true time, greys out: "you could not
 * have known".
 *
 * Node events (everything with a `node`, except the network's own drop and duplicate events)
 * go into one CausalOrder (shared/checks/happened-before.ts); a delivery joins its send. Drops,
 * duplicates and faults happen to the network, so they are in nobody's causal past.
 */
import { CausalOrder } from "../checks/happened-before.js";
import type { TraceEvent } from "../sim/trace.js";
import type { TraceReader } from "../sim/trace-store.js";

export interface CausalIndex {
  readonly nodeIds: readonly string[];
  readonly order: CausalOrder;
  /** Trace index -> causal event index (-1: not a node event). */
  readonly causalOf: Int32Array;
  /** Causal event index -> trace index. */
  readonly traceOf: Int32Array;
  /** Per node, the trace indices of its events in program order. */
  readonly laneEvents: readonly (readonly number[])[];
  readonly trace: TraceReader;
}

export function isNetworkEvent(e: TraceEvent): boolean {
  return e.kind === "drop" || e.kind === "duplicate" || e.kind === "fault";
}

export function buildCausalIndex(nodeIds: readonly string[], trace: TraceReader): CausalIndex {
  const nodeIndex = new Map<string, number>();
  nodeIds.forEach((id, index) => nodeIndex.set(id, index));
  const order = new CausalOrder(nodeIds.length, trace.length);
  const causalOf = new Int32Array(trace.length).fill(-1);
  const traceOf: number[] = [];
  const laneEvents: number[][] = nodeIds.map(() => []);
  const sendOfMsg = new Map<number, number>();
  for (const e of trace) {
    if (isNetworkEvent(e) || !("node" in e)) continue;
    const node = nodeIndex.get(e.node);
    if (node === undefined) continue;
    let from = -1;
    if (e.kind === "deliver") from = sendOfMsg.get(e.msgId) ?? -1;
    const c = order.add(node, from);
    if (e.kind === "send") sendOfMsg.set(e.msgId, c);
    causalOf[e.i] = c;
    traceOf.push(e.i);
    laneEvents[node]!.push(e.i);
  }
  return { nodeIds, order, causalOf, traceOf: Int32Array.from(traceOf), laneEvents, trace };
}

export interface Horizon {
  node: string;
  tick: number;
  /** Trace index of the anchor: the node's last event at or before `tick` (null: none yet). */
  anchor: number | null;
  /** known[i]: trace event i is in the causal past of the anchor (the anchor included). */
  known: Uint8Array;
  knownCount: number;
  /** Events that happened at or before `tick` in true time and are NOT in the causal past. */
  unknowable: UnknowableSummary;
}

export interface UnknowableSummary {
  total: number;
  drops: number;
  duplicates: number;
  faults: number;
  crashes: number;
  pauses: number;
  /** Other nodes' events the anchor could not have heard of yet (concurrent with it). */
  concurrent: number;
  /** Per other node, how many of its events up to `tick` were out of reach. */
  byNode: Record<string, number>;
  /** Messages sent to this node by `tick` (true time) that it had not received: in flight or lost. */
  inFlightToMe: number;
}

/** The node's last event at or before `tick`, as a trace index (null if it has none yet). */
export function anchorAt(index: CausalIndex, node: string, tick: number): number | null {
  const lane = index.laneEvents[index.nodeIds.indexOf(node)];
  if (!lane) return null;
  let lo = 0;
  let hi = lane.length;
  // First event with tick > `tick`; the anchor is just before it.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index.trace.at(lane[mid]!)!.tick <= tick) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : lane[lo - 1]!;
}

export function horizonAt(index: CausalIndex, node: string, tick: number): Horizon {
  const anchor = anchorAt(index, node, tick);
  const known = new Uint8Array(index.trace.length);
  let knownCount = 0;
  if (anchor !== null) {
    const a = index.causalOf[anchor]!;
    const order = index.order;
    // e is in a's past exactly when a has seen at least e's position on e's node: walk each
    // node's first seen(a, m) events.
    for (let m = 0; m < index.nodeIds.length; m++) {
      const k = order.seen(a, m);
      const events = order.eventsOf(m);
      for (let j = 0; j < k; j++) {
        known[index.traceOf[events[j]!]!] = 1;
        knownCount++;
      }
    }
  }
  return { node, tick, anchor, known, knownCount, unknowable: summarise(index, node, tick, known) };
}

function summarise(index: CausalIndex, node: string, tick: number, known: Uint8Array): UnknowableSummary {
  const s: UnknowableSummary = { total: 0, drops: 0, duplicates: 0, faults: 0, crashes: 0, pauses: 0, concurrent: 0, byNode: {}, inFlightToMe: 0 };
  const receivedHere = new Set<number>();
  const sentToMe = new Set<number>();
  for (const e of index.trace) {
    if (e.tick > tick) break;
    if (e.kind === "deliver" && e.node === node) receivedHere.add(e.msgId);
    if (e.kind === "send" && e.to === node) sentToMe.add(e.msgId);
    if (known[e.i]) continue;
    if (e.kind === "fault") {
      s.faults++;
      s.total++;
      continue;
    }
    if (!("node" in e)) continue;
    // The node's own events after the anchor but at the same tick are still its own present.
    if (e.node === node && !isNetworkEvent(e)) continue;
    s.total++;
    if (e.kind === "drop") s.drops++;
    else if (e.kind === "duplicate") s.duplicates++;
    else {
      if (e.kind === "crash") s.crashes++;
      if (e.kind === "pause") s.pauses++;
      s.concurrent++;
      s.byNode[e.node] = (s.byNode[e.node] ?? 0) + 1;
    }
  }
  for (const msgId of sentToMe) if (!receivedHere.has(msgId)) s.inFlightToMe++;
  return s;
}
