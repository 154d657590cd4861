/**
 * Stale reads, counted one by one (the book brief's Stale(r) for l03's PACELC round and l07's
 * strict-quorum NoStaleRead): a read is stale when it returned an older version of its key than
 * a write that was acknowledged before the read began:
 *   ver(r) < max{ ver(w) | w on r's key, acked, res(w) < inv(r) }.
 * Where linearizability gives one verdict for a history, this scores each read, which is what a
 * level that charges "-3 per stale read" needs. Versions follow session-guarantees.ts: each
 * acknowledged write carries the version it created, each completed read the version it saw.
 */
import { describeOperation, groupBy, historyError, keyOf, type HistoryError, type Operation } from "./operation.js";

export interface StaleRead {
  read: Operation;
  /** The newest write acknowledged before the read began. */
  newer: Operation;
  reason: string;
}

export type StaleReadsResult = { verdict: "checked"; stale: readonly StaleRead[] } | { verdict: "invalid"; error: HistoryError };

function versionsError(ops: readonly Operation[]): HistoryError | null {
  for (const op of ops) {
    if (op.responseTick !== null && op.version === undefined) return { opId: op.id, field: "version", reason: `a completed ${op.kind} needs the version it ${op.kind === "write" ? "created" : "saw"}` };
  }
  return null;
}

/** Every stale read, in the order the reads began. O(n log n) per key: one sweep in time order. */
export function staleReads(ops: readonly Operation[]): StaleReadsResult {
  const error = historyError(ops) ?? versionsError(ops);
  if (error) return { verdict: "invalid", error };
  const stale: StaleRead[] = [];
  for (const keyOps of groupBy(ops, keyOf).values()) {
    const acked = keyOps.filter((o) => o.kind === "write" && o.responseTick !== null).sort((a, b) => a.responseTick! - b.responseTick!);
    const reads = keyOps.filter((o) => o.kind === "read" && o.responseTick !== null).sort((a, b) => a.invokeTick - b.invokeTick);
    let next = 0;
    let newest: Operation | null = null;
    for (const read of reads) {
      for (; next < acked.length && acked[next]!.responseTick! < read.invokeTick; next++) {
        if (!newest || acked[next]!.version! > newest.version!) newest = acked[next]!;
      }
      if (newest && read.version! < newest.version!) {
        stale.push({ read, newer: newest, reason: `${describeOperation(newest)} as version ${newest.version}, acknowledged before ${describeOperation(read)} began; the read returned the older version ${read.version}.` });
      }
    }
  }
  return { verdict: "checked", stale: stale.sort((a, b) => a.read.invokeTick - b.read.invokeTick) };
}
