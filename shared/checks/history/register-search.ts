/**
 * One register's history, end to end: prepare it, search it, and on a violation shrink it to the
 * operations a player is shown, with the reason in words.
 *
 * Preparing changes no verdict and saves the search most of its work:
 * - reads that never got an answer are left out (they constrain nothing);
 * - a read of a value no write wrote is a violation on its own, found without a search (the
 *   search would otherwise explore everything before it to find that out);
 * - timed-out writes are dropped or bounded (pending-writes.ts).
 * The witness and the evidence are given back as the caller's own operations.
 */
import type { Operation, Value } from "./operation.js";
import { searchLinearization } from "./linearization-search.js";
import { minimalEvidence } from "./minimal-evidence.js";
import { preparePendingWrites } from "./pending-writes.js";
import { registerReason } from "./register-reason.js";
import { registerModel } from "./sequential-model.js";

export interface ViolationResult {
  verdict: "violation";
  key: string;
  /** Operations of that key that cannot be ordered; removing any one of them (when minimal) fixes it. */
  evidence: readonly Operation[];
  minimal: boolean;
  reason: string;
  steps: number;
}

export interface UnknownResult {
  verdict: "unknown";
  key: string;
  reason: string;
  steps: number;
}

export type RegisterOutcome = { verdict: "linearizable"; order: readonly Operation[]; steps: number } | ViolationResult | UnknownResult;

/**
 * Drops the reads whose value no remaining write wrote (though some write in `all` did). With
 * unique written values this keeps evidence honest: if the full history had a linearization L,
 * L restricted to a closed subset is one too (each read's source stays, and the last write
 * before a read in L is that source), so a closed subset that cannot be ordered proves the full
 * history cannot be either. With repeated values it is a good heuristic, and the evidence is
 * still a set that cannot be ordered.
 */
function readSourcesClosed(all: readonly Operation[], initial: Value): (candidate: readonly Operation[]) => Operation[] {
  const writtenInAll = new Set(all.filter((o) => o.kind === "write").map((o) => o.value));
  return (candidate) => {
    const written = new Set(candidate.filter((o) => o.kind === "write").map((o) => o.value));
    return candidate.filter((o) => o.kind === "write" || o.value === initial || written.has(o.value) || !writtenInAll.has(o.value));
  };
}

function orphanRead(ops: readonly Operation[], initial: Value): Operation | null {
  const written = new Set(ops.filter((o) => o.kind === "write").map((o) => o.value));
  return ops.find((o) => o.kind === "read" && o.value !== initial && !written.has(o.value)) ?? null;
}

export function checkOneRegister(key: string, ops: readonly Operation[], initial: Value, stepsMax: number): RegisterOutcome {
  const live = ops.filter((o) => !(o.kind === "read" && o.responseTick === null));
  const orphan = orphanRead(live, initial);
  if (orphan) return { verdict: "violation", key, evidence: [orphan], minimal: true, reason: registerReason([orphan], initial), steps: 0 };
  const model = registerModel(initial);
  const original = new Map(live.map((o) => [o.id, o]));
  const originals = (prepared: readonly Operation[]) => prepared.map((o) => original.get(o.id)!);
  const prepared = preparePendingWrites(live, initial);
  const found = searchLinearization(prepared.ops, model, stepsMax);
  if (found.verdict === "linearizable") return { verdict: "linearizable", order: [...originals(found.order), ...prepared.dropped], steps: found.steps };
  if (found.verdict === "unknown") {
    return { verdict: "unknown", key, reason: `the search gave up after ${found.steps} steps on ${prepared.ops.length} operations of ${key === "" ? "the register" : `key ${key}`}: budget exhausted`, steps: found.steps };
  }
  // Each candidate subset is closed over read sources, then prepared afresh from the caller's
  // operations: a timed-out write's bound came from a read the subset may have left out.
  const closed = readSourcesClosed(live, initial);
  const shrunk = minimalEvidence(prepared.ops, model, stepsMax, (candidate) => preparePendingWrites(closed(originals(candidate)), initial).ops);
  const evidence = originals(shrunk.ops);
  return { verdict: "violation", key, evidence, minimal: shrunk.minimal, reason: registerReason(evidence, initial), steps: found.steps + shrunk.steps };
}
