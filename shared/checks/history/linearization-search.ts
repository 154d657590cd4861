/**
 * Is there one order of the operations that respects real time and the sequential model? The
 * Wing-Gong search as Lowe improved it (and Porcupine and Knossos run it): walk the invoke and
 * response events in time order; at an invoke, try to linearize that operation now (the model
 * must accept it), lifting it and its response out of the list; at a response whose operation
 * is still not linearized, the last choice was wrong, so undo it and try the next candidate.
 * Lowe's memo makes it practical: a (set of operations done, model state) pair already explored
 * is never explored again, whatever order reached it.
 *
 * Work is bounded: every model step counts, and past `stepsMax` the answer is "unknown" rather
 * than a search that runs for the rest of the game (the general problem is NP-complete).
 * A pending operation (no response) answers at infinity: it may be linearized at any point after
 * its invoke, including after everything else, which is "it never took effect" for a write.
 */
import type { Operation } from "./operation.js";
import { IMPOSSIBLE, type SequentialModel } from "./sequential-model.js";

export type SearchVerdict = "linearizable" | "violation" | "unknown";

export interface SearchOutcome {
  verdict: SearchVerdict;
  /** Linearizable: a witness order of every operation. Otherwise empty. */
  order: readonly Operation[];
  /** Model steps spent. */
  steps: number;
}

/** Entries 0..n-1 are invokes, n..2n-1 the responses; sorted by time, invokes first on a tie. */
function timeOrder(ops: readonly Operation[]): number[] {
  const n = ops.length;
  const timeOf = (e: number): number => (e < n ? ops[e]!.invokeTick : ops[e - n]!.responseTick ?? Number.POSITIVE_INFINITY);
  const entries = Array.from({ length: 2 * n }, (_, e) => e);
  // Invoke before response at the same tick: operations that touch are concurrent.
  return entries.sort((a, b) => timeOf(a) - timeOf(b) || Number(a >= n) - Number(b >= n) || a - b);
}

/** The explored (operations done, state) pairs, hashed into buckets. */
class Memo {
  private readonly buckets = new Map<number, { bits: Uint32Array; state: number }[]>();

  /** Records the pair; false when it was already there. */
  add(bits: Uint32Array, state: number): boolean {
    let h = (0x811c9dc5 ^ state) >>> 0;
    for (let w = 0; w < bits.length; w++) h = Math.imul(h ^ bits[w]!, 0x01000193);
    h >>>= 0;
    let bucket = this.buckets.get(h);
    if (!bucket) this.buckets.set(h, (bucket = []));
    for (const seen of bucket) if (seen.state === state && sameBits(seen.bits, bits)) return false;
    bucket.push({ bits: bits.slice(), state });
    return true;
  }
}

function sameBits(a: Uint32Array, b: Uint32Array): boolean {
  for (let w = 0; w < a.length; w++) if (a[w] !== b[w]) return false;
  return true;
}

/** A doubly linked list of entries with O(1) removal and re-insertion (lift and unlift). */
class EntryList {
  readonly head: number;
  readonly end: number;
  readonly next: Int32Array;
  private readonly prev: Int32Array;

  constructor(
    order: readonly number[],
    private readonly n: number,
  ) {
    this.end = 2 * n;
    this.head = 2 * n + 1;
    this.next = new Int32Array(2 * n + 2);
    this.prev = new Int32Array(2 * n + 2);
    let last = this.head;
    for (const e of order) {
      this.next[last] = e;
      this.prev[e] = last;
      last = e;
    }
    this.next[last] = this.end;
    this.prev[this.end] = last;
  }

  /** Take operation op's invoke and response out of the list. */
  lift(op: number): void {
    for (const e of [op, op + this.n]) {
      this.next[this.prev[e]!] = this.next[e]!;
      this.prev[this.next[e]!] = this.prev[e]!;
    }
  }

  /** Put them back: the exact reverse of lift, so nested lifts undo in stack order. */
  unlift(op: number): void {
    for (const e of [op + this.n, op]) {
      this.next[this.prev[e]!] = e;
      this.prev[this.next[e]!] = e;
    }
  }
}

export function searchLinearization<S>(ops: readonly Operation[], model: SequentialModel<S>, stepsMax: number): SearchOutcome {
  const n = ops.length;
  const list = new EntryList(timeOrder(ops), n);
  const bits = new Uint32Array((n + 31) >>> 5);
  const memo = new Memo();
  const stateIds = new Map<string, number>();
  const stateId = (s: S): number => {
    const key = model.stateKey(s);
    let id = stateIds.get(key);
    if (id === undefined) stateIds.set(key, (id = stateIds.size));
    return id;
  };
  const doneOps: number[] = [];
  const statesBefore: S[] = [];
  let state = model.init;
  let steps = 0;
  let entry = list.next[list.head]!;
  while (list.next[list.head] !== list.end) {
    if (entry < n) {
      if (steps >= stepsMax) return { verdict: "unknown", order: [], steps };
      steps++;
      const after = model.step(state, ops[entry]!);
      if (after !== IMPOSSIBLE) {
        bits[entry >>> 5]! |= 1 << (entry & 31);
        if (memo.add(bits, stateId(after))) {
          doneOps.push(entry);
          statesBefore.push(state);
          state = after;
          list.lift(entry);
          entry = list.next[list.head]!;
          continue;
        }
        bits[entry >>> 5]! &= ~(1 << (entry & 31));
      }
      entry = list.next[entry]!;
    } else {
      // A response whose operation is not linearized yet: the last choice cannot work.
      const undo = doneOps.pop();
      if (undo === undefined) return { verdict: "violation", order: [], steps };
      state = statesBefore.pop()!;
      bits[undo >>> 5]! &= ~(1 << (undo & 31));
      list.unlift(undo);
      entry = list.next[undo]!;
    }
  }
  return { verdict: "linearizable", order: doneOps.map((i) => ops[i]!), steps };
}
