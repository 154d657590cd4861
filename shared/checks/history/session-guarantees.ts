/**
 * Session guarantees (Terry et al., 1994; the book's chapter 4; l04, l05): what one client may
 * count on from its own session, however the replicas lag.
 *
 * What the checker needs, and assumes:
 * - Versions. Each write that took effect carries `version`: its position in its key's order
 *   (1, 2, 3...; an LSN or log index will do), unique per key. Each completed read carries the
 *   version it saw (0 = the key's initial value). Versions of different keys are never compared.
 * - Replica apply logs (optional): for each replica, the ids of the writes it applied, in order.
 *   Monotonic writes and writes-follow-reads are promises about every replica's order, so with
 *   logs they are checked across keys at every replica; without logs they fall back to the
 *   version order of a single key, and pairs on different keys are not judged.
 * - Session order: a read "comes after" an operation of its session that answered before the
 *   read began (res < inv, as everywhere); a write's issue order is its invoke tick, so a write
 *   retried after a timeout still counts as issued after the first attempt.
 *
 * Each violation names its two or three operations (and the replica, when a log shows it).
 */
import { describeOperation, groupBy, historyError, keyOf, precedes, type HistoryError, type Operation } from "./operation.js";

export type SessionGuarantee = "read-your-writes" | "monotonic-reads" | "monotonic-writes" | "writes-follow-reads";

export const SESSION_GUARANTEES: readonly SessionGuarantee[] = ["read-your-writes", "monotonic-reads", "monotonic-writes", "writes-follow-reads"];

export interface ReplicaApplies {
  replica: string;
  /** Ids of the writes this replica applied, in the order it applied them. */
  writes: readonly string[];
}

export interface SessionViolation {
  guarantee: SessionGuarantee;
  session: string;
  /** The operations involved, in session order (for writes-follow-reads: the write read, the read, the new write). */
  evidence: readonly Operation[];
  /** The replica whose apply log shows it, when the check used one. */
  replica?: string;
  reason: string;
}

export type SessionResult = { verdict: "checked"; violations: readonly SessionViolation[] } | { verdict: "invalid"; error: HistoryError };

export interface SessionOptions {
  /** Which guarantees to check (default all four). */
  guarantees?: readonly SessionGuarantee[];
  applies?: readonly ReplicaApplies[];
}

interface Index {
  /** The write of each (key, version). */
  writeAt: Map<string, Operation>;
  byId: Map<string, Operation>;
  /** Per replica: write id -> position in its log. */
  positions: { replica: string; at: Map<string, number> }[] | null;
}

const at = (key: string, version: number) => `${key.length}:${key}@${version}`;
const ver = (op: Operation) => op.version ?? 0;
const of = (op: Operation) => (op.key === undefined ? "" : ` of ${op.key}`);

function versionError(ops: readonly Operation[], writeAt: Map<string, Operation>): HistoryError | null {
  for (const op of ops) {
    if (op.kind === "write" && op.responseTick !== null && op.version === undefined) return { opId: op.id, field: "version", reason: "an acknowledged write needs the version it created" };
    if (op.kind === "write" && op.version === 0) return { opId: op.id, field: "version", reason: "0 is the initial value; write versions start at 1" };
    if (op.kind === "read" && op.responseTick !== null && op.version === undefined) return { opId: op.id, field: "version", reason: "a completed read needs the version it saw" };
    if (op.kind === "read" && ver(op) > 0 && !writeAt.has(at(keyOf(op), ver(op)))) return { opId: op.id, field: "version", reason: `saw version ${ver(op)}${of(op)}, which no write in the history created` };
  }
  return null;
}

function indexOf(ops: readonly Operation[], applies: readonly ReplicaApplies[] | undefined): Index | HistoryError {
  const writeAt = new Map<string, Operation>();
  const byId = new Map(ops.map((o) => [o.id, o]));
  for (const op of ops) {
    if (op.kind !== "write" || op.version === undefined) continue;
    const slot = at(keyOf(op), op.version);
    const other = writeAt.get(slot);
    if (other) return { opId: op.id, field: "version", reason: `version ${op.version}${of(op)} was already created by ${other.id}` };
    writeAt.set(slot, op);
  }
  const wrong = versionError(ops, writeAt);
  if (wrong) return wrong;
  if (!applies) return { writeAt, byId, positions: null };
  const positions: { replica: string; at: Map<string, number> }[] = [];
  for (const log of applies) {
    const where = new Map<string, number>();
    for (const [i, id] of log.writes.entries()) {
      if (byId.get(id)?.kind !== "write") return { opId: id, field: `applies.${log.replica}`, reason: "is not a write of the history" };
      if (where.has(id)) return { opId: id, field: `applies.${log.replica}`, reason: "is applied twice" };
      where.set(id, i);
    }
    positions.push({ replica: log.replica, at: where });
  }
  return { writeAt, byId, positions };
}

function readYourWrites(session: string, ops: readonly Operation[]): SessionViolation[] {
  const out: SessionViolation[] = [];
  for (const r of ops) {
    if (r.kind !== "read" || r.responseTick === null) continue;
    let missed: Operation | null = null;
    for (const w of ops) {
      if (w.kind === "write" && keyOf(w) === keyOf(r) && precedes(w, r) && ver(w) > ver(r) && (!missed || ver(w) > ver(missed))) missed = w;
    }
    if (missed) {
      out.push({ guarantee: "read-your-writes", session, evidence: [missed, r], reason: `${describeOperation(missed)} as version ${ver(missed)}${of(r)}, then ${describeOperation(r)} at version ${ver(r)}: the session did not see its own write.` });
    }
  }
  return out;
}

function monotonicReads(session: string, ops: readonly Operation[]): SessionViolation[] {
  const out: SessionViolation[] = [];
  const reads = ops.filter((o) => o.kind === "read" && o.responseTick !== null);
  for (const r2 of reads) {
    let newer: Operation | null = null;
    for (const r1 of reads) {
      if (keyOf(r1) === keyOf(r2) && precedes(r1, r2) && ver(r1) > ver(r2) && (!newer || ver(r1) > ver(newer))) newer = r1;
    }
    if (newer) {
      out.push({ guarantee: "monotonic-reads", session, evidence: [newer, r2], reason: `${describeOperation(newer)} at version ${ver(newer)}${of(r2)}, then ${describeOperation(r2)} at the older version ${ver(r2)}: reads went back in time.` });
    }
  }
  return out;
}

/** The first replica that applied `later` without having applied `first` before it. */
function outOfOrderAt(index: Index, first: Operation, later: Operation): string | null {
  for (const log of index.positions ?? []) {
    const laterAt = log.at.get(later.id);
    if (laterAt === undefined) continue;
    const firstAt = log.at.get(first.id);
    if (firstAt === undefined || firstAt > laterAt) return log.replica;
  }
  return null;
}

const appliedAnywhere = (index: Index, op: Operation) => (index.positions ?? []).some((log) => log.at.has(op.id));

function monotonicWrites(session: string, ops: readonly Operation[], index: Index): SessionViolation[] {
  const out: SessionViolation[] = [];
  const writes = ops.filter((o) => o.kind === "write");
  for (const w1 of writes) {
    for (const w2 of writes) {
      if (w1.invokeTick >= w2.invokeTick) continue;
      const what = `${describeOperation(w1)}, then ${describeOperation(w2)}`;
      if (index.positions) {
        const replica = appliedAnywhere(index, w1) ? outOfOrderAt(index, w1, w2) : null;
        if (replica) out.push({ guarantee: "monotonic-writes", session, evidence: [w1, w2], replica, reason: `${what}, but ${replica} applied the second without the first before it.` });
      } else if (keyOf(w1) === keyOf(w2) && w1.version !== undefined && w2.version !== undefined && w1.version > w2.version) {
        out.push({ guarantee: "monotonic-writes", session, evidence: [w1, w2], reason: `${what}, but the second got the older version ${w2.version}${of(w2)} (the first has ${w1.version}).` });
      }
    }
  }
  return out;
}

function writesFollowReads(session: string, ops: readonly Operation[], index: Index): SessionViolation[] {
  const out: SessionViolation[] = [];
  for (const r of ops) {
    if (r.kind !== "read" || r.responseTick === null || ver(r) === 0) continue;
    const w0 = index.writeAt.get(at(keyOf(r), ver(r)))!;
    for (const w of ops) {
      if (w.kind !== "write" || w === w0 || !precedes(r, w)) continue;
      const what = `${describeOperation(r)} (version ${ver(r)}, from ${w0.id}), then ${describeOperation(w)}`;
      if (index.positions) {
        const replica = outOfOrderAt(index, w0, w);
        if (replica) out.push({ guarantee: "writes-follow-reads", session, evidence: [w0, r, w], replica, reason: `${what}, but ${replica} applied the new write without the write it followed.` });
      } else if (keyOf(w) === keyOf(w0) && w.version !== undefined && w.version < ver(r)) {
        out.push({ guarantee: "writes-follow-reads", session, evidence: [w0, r, w], reason: `${what}, but the new write got version ${w.version}, older than the version it followed.` });
      }
    }
  }
  return out;
}

export function checkSessionGuarantees(ops: readonly Operation[], options: SessionOptions = {}): SessionResult {
  const error = historyError(ops);
  if (error) return { verdict: "invalid", error };
  const index = indexOf(ops, options.applies);
  if (!("writeAt" in index)) return { verdict: "invalid", error: index };
  const wanted = new Set(options.guarantees ?? SESSION_GUARANTEES);
  const violations: SessionViolation[] = [];
  for (const [session, mine] of groupBy(ops, (o) => o.session)) {
    mine.sort((a, b) => a.invokeTick - b.invokeTick);
    if (wanted.has("read-your-writes")) violations.push(...readYourWrites(session, mine));
    if (wanted.has("monotonic-reads")) violations.push(...monotonicReads(session, mine));
    if (wanted.has("monotonic-writes")) violations.push(...monotonicWrites(session, mine, index));
    if (wanted.has("writes-follow-reads")) violations.push(...writesFollowReads(session, mine, index));
  }
  return { verdict: "checked", violations };
}
