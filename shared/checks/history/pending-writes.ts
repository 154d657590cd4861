/**
 * Timed-out writes are what makes a linearizability search explode: a write with no response
 * may take effect at any moment after its invoke, so it stays a candidate at every step of the
 * rest of the history, and each one doubles the configurations to explore (Knossos' :info
 * operations are known for this). Two rewrites that change no verdict tame them:
 *
 * 1. A pending write whose value no completed read returned can be dropped. If the history with
 *    it has a linearization, removing it leaves one (no read sat between it and the next write,
 *    since such a read would have returned its value); if the history without it has one,
 *    putting it last is one too ("it never took effect": its response is at infinity).
 * 2. A pending write whose value some completed read returned, and that no other write of the
 *    register writes (nor the initial value), must take effect before that read answers. So it may be given, as its
 *    response, the earliest response among those reads: every linearization already respects
 *    that bound (an operation that began after the read answered comes after the read, and the
 *    read comes after the write).
 *
 * Both are about the register model (values read and written), so they live beside it.
 */
import type { Operation, Value } from "./operation.js";

export interface PreparedWrites {
  /** The history to search: pending writes dropped or given a response. */
  ops: Operation[];
  /** Pending writes nobody read: in any witness, they go last. */
  dropped: Operation[];
}

export function preparePendingWrites(ops: readonly Operation[], initial: Value): PreparedWrites {
  const firstAnswerOf = new Map<Value, number>();
  const writers = new Map<Value, number>();
  for (const op of ops) {
    if (op.kind === "write") writers.set(op.value, (writers.get(op.value) ?? 0) + 1);
    else if (op.responseTick !== null) firstAnswerOf.set(op.value, Math.min(firstAnswerOf.get(op.value) ?? op.responseTick, op.responseTick));
  }
  const out: Operation[] = [];
  const dropped: Operation[] = [];
  for (const op of ops) {
    if (op.kind !== "write" || op.responseTick !== null) {
      out.push(op);
      continue;
    }
    const answer = firstAnswerOf.get(op.value);
    if (answer === undefined) dropped.push(op);
    else if (writers.get(op.value) === 1 && op.value !== initial) out.push({ ...op, responseTick: Math.max(answer, op.invokeTick) });
    else out.push(op);
  }
  return { ops: out, dropped };
}
