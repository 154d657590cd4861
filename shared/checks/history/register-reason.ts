/**
 * Plain words for why a small set of register operations cannot be ordered. The shapes are the
 * textbook ones (Herlihy and Wing; Kingsbury's Jepsen write-ups): a value nobody wrote, a value
 * read before its write began, a stale read after a newer write finished, and a new-then-old
 * flip between two reads. Anything else gets the general sentence; the operations themselves
 * are always the evidence, so the words only have to point the way.
 */
import { describeOperation, precedes, showValue, type Operation, type Value } from "./operation.js";

const completedReads = (ops: readonly Operation[]) => ops.filter((o) => o.kind === "read" && o.responseTick !== null);
const writesOf = (ops: readonly Operation[], value: Value) => ops.filter((o) => o.kind === "write" && o.value === value);

function neverWritten(ops: readonly Operation[], initial: Value): string | null {
  for (const r of completedReads(ops)) {
    if (r.value !== initial && writesOf(ops, r.value).length === 0) return `${describeOperation(r)}, but no operation here ever wrote ${showValue(r.value)}.`;
  }
  return null;
}

function readBeforeWrite(ops: readonly Operation[]): string | null {
  for (const r of completedReads(ops)) {
    const sources = writesOf(ops, r.value);
    if (sources.length > 0 && sources.every((w) => precedes(r, w))) {
      return `${describeOperation(r)}: it finished before ${describeOperation(sources[0]!)} had even begun, so it saw a value from the future.`;
    }
  }
  return null;
}

/** Read r returned v, yet a write w2 that overwrote v (or the initial value) finished before r began. */
function staleRead(ops: readonly Operation[], initial: Value): string | null {
  for (const r of completedReads(ops)) {
    const sources = writesOf(ops, r.value);
    for (const w2 of ops) {
      if (w2.kind !== "write" || w2.value === r.value || !precedes(w2, r)) continue;
      // Every write of the value read finished before w2 began (for the initial value, none may exist).
      const overwritten = (r.value === initial || sources.length > 0) && sources.every((w) => precedes(w, w2));
      if (overwritten) {
        return `${describeOperation(w2)}; that finished before ${describeOperation(r)} began, so the read had to return ${showValue(w2.value)} or something newer, yet it returned an older value (${showValue(r.value)}).`;
      }
    }
  }
  return null;
}

/** r1 precedes r2, r1 saw the newer value, r2 went back to the older one. */
function newThenOld(ops: readonly Operation[], initial: Value): string | null {
  const reads = completedReads(ops);
  for (const r1 of reads) {
    for (const r2 of reads) {
      if (!precedes(r1, r2) || r1.value === r2.value) continue;
      const newer = writesOf(ops, r1.value);
      const older = writesOf(ops, r2.value);
      const olderFirst = r2.value === initial ? older.length === 0 : older.length > 0 && newer.length > 0 && older.every((o) => newer.every((w) => precedes(o, w)));
      if (olderFirst) {
        return `${describeOperation(r1)}, then ${describeOperation(r2)}: once a read has seen the newer value, no later read may go back to the older one.`;
      }
    }
  }
  return null;
}

export function registerReason(ops: readonly Operation[], initial: Value): string {
  return (
    neverWritten(ops, initial) ??
    readBeforeWrite(ops) ??
    staleRead(ops, initial) ??
    newThenOld(ops, initial) ??
    `No single order of these ${ops.length} operations keeps real time (one that finished before another began comes first) and gives every read the value it returned.`
  );
}
