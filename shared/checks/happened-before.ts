/**
 * Happened-before (Lamport's →), computed in one pass with vector clocks.
 *
 * a → b when a comes before b on the same node (program order), or a is a send and b its
 * receive, or by transitivity. Instead of searching a graph per question (O(V·E) per pair), each
 * event gets a vector: entry m = how many of node m's events are in its causal past (itself
 * included). Then a → b exactly when b's entry for a's node has reached a's position on that
 * node, so every question is O(1) and building is O(events × nodes). A 100,000-event, 16-node
 * trace takes a few milliseconds (tests/bench/happened-before.bench.ts).
 *
 * Events must be added in an order where every send comes before its receive (the trace order
 * always is). This module knows nothing about traces or Lamport stamps: lamport-events.ts feeds it.
 */

export type Relation = "same" | "before" | "after" | "concurrent";

const CAPACITY_MIN = 64;

export class CausalOrder {
  /** Event e's vector lives at [e * width, (e + 1) * width). */
  private clocks: Int32Array;
  private nodeOf: Int32Array;
  /** Event e is the seqOf[e]-th event of its node (1-based). */
  private seqOf: Int32Array;
  private count = 0;
  /** The latest vector of each node. */
  private readonly current: Int32Array[];
  /** Event indices of each node, in program order. */
  private readonly byNode: number[][];

  constructor(
    readonly width: number,
    capacity = CAPACITY_MIN,
  ) {
    const cap = Math.max(CAPACITY_MIN, capacity);
    this.clocks = new Int32Array(cap * width);
    this.nodeOf = new Int32Array(cap);
    this.seqOf = new Int32Array(cap);
    this.current = Array.from({ length: width }, () => new Int32Array(width));
    this.byNode = Array.from({ length: width }, () => []);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Add the next event of `node`. `from` is the index of the send this event receives (or -1):
   * the receiver's past grows by the sender's past at the moment of sending.
   */
  add(node: number, from = -1): number {
    if (node < 0 || node >= this.width) throw new Error(`causal order: node ${node} outside 0..${this.width - 1}`);
    if (from >= this.count) throw new Error(`causal order: event ${from} must be added before its receive`);
    this.reserve(this.count + 1);
    const row = this.current[node]!;
    if (from >= 0) {
      const base = from * this.width;
      for (let m = 0; m < this.width; m++) {
        const seen = this.clocks[base + m]!;
        if (seen > row[m]!) row[m] = seen;
      }
    }
    row[node] = row[node]! + 1;
    const e = this.count++;
    this.clocks.set(row, e * this.width);
    this.nodeOf[e] = node;
    this.seqOf[e] = row[node]!;
    this.byNode[node]!.push(e);
    return e;
  }

  node(e: number): number {
    return this.nodeOf[e]!;
  }

  /** How many of node m's events are in e's causal past, e itself included. */
  seen(e: number, m: number): number {
    return this.clocks[e * this.width + m]!;
  }

  /** The k-th event (1-based) of node m. */
  eventOf(m: number, k: number): number {
    return this.byNode[m]![k - 1]!;
  }

  eventsOf(m: number): readonly number[] {
    return this.byNode[m]!;
  }

  /** Did a happen before b? */
  before(a: number, b: number): boolean {
    return a !== b && this.clocks[b * this.width + this.nodeOf[a]!]! >= this.seqOf[a]!;
  }

  relation(a: number, b: number): Relation {
    if (a === b) return "same";
    if (this.before(a, b)) return "before";
    if (this.before(b, a)) return "after";
    return "concurrent";
  }

  private reserve(needed: number): void {
    if (needed <= this.nodeOf.length) return;
    const cap = this.nodeOf.length * 2;
    const clocks = new Int32Array(cap * this.width);
    clocks.set(this.clocks);
    const nodeOf = new Int32Array(cap);
    nodeOf.set(this.nodeOf);
    const seqOf = new Int32Array(cap);
    seqOf.set(this.seqOf);
    this.clocks = clocks;
    this.nodeOf = nodeOf;
    this.seqOf = seqOf;
  }
}

/**
 * For each node, a running maximum over its events of some per-event value, so "the largest
 * value among the events of node m that happened before e" is one lookup: the events of m in
 * e's past are exactly m's first seen(e, m) events. Values of NONE are skipped.
 */
export const NONE = Number.NEGATIVE_INFINITY;

export class PastMaximum {
  private readonly best: number[][];
  private readonly argBest: number[][];

  constructor(private readonly order: CausalOrder) {
    this.best = Array.from({ length: order.width }, () => []);
    this.argBest = Array.from({ length: order.width }, () => []);
  }

  /** Record the value of the event just added to the causal order (call once per event, in order). */
  push(e: number, value: number): void {
    const m = this.order.node(e);
    const best = this.best[m]!;
    const args = this.argBest[m]!;
    const prev = best.length > 0 ? best[best.length - 1]! : NONE;
    if (value > prev) {
      best.push(value);
      args.push(e);
    } else {
      best.push(prev);
      args.push(args.length > 0 ? args[args.length - 1]! : -1);
    }
  }

  /**
   * The event with the largest value among those that happened strictly before e (ties: the
   * earliest one), or null when none has a value.
   */
  maxBefore(e: number): { event: number; value: number } | null {
    let found: { event: number; value: number } | null = null;
    const self = this.order.node(e);
    for (let m = 0; m < this.order.width; m++) {
      // On e's own node, e itself is counted in seen(): look one event earlier.
      const k = this.order.seen(e, m) - (m === self ? 1 : 0);
      if (k <= 0) continue;
      const value = this.best[m]![k - 1]!;
      const event = this.argBest[m]![k - 1]!;
      if (event >= 0 && value !== NONE && (found === null || value > found.value)) found = { event, value };
    }
    return found;
  }
}
