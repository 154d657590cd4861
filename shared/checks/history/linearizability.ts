/**
 * Linearizability of a register, and of a key-value map (the book's C in CAP; l03, l04, l07).
 *
 * A key-value map is checked one key at a time, as Porcupine partitions it: linearizability is
 * compositional (Herlihy and Wing), so the whole map is linearizable exactly when every key's
 * register is, and each key's search is small. A violation carries the smallest set of that
 * key's operations that cannot be ordered and a sentence saying why; success carries a witness
 * order per key. Reads that never got an answer are left out first: they constrain nothing.
 */
import { groupBy, historyError, keyOf, type HistoryError, type Operation, type Value } from "./operation.js";
import { searchLinearization } from "./linearization-search.js";
import { minimalEvidence } from "./minimal-evidence.js";
import { registerReason } from "./register-reason.js";
import { registerModel } from "./sequential-model.js";

/**
 * Model steps one key's search may take before answering "unknown"; shrinking a violation to its
 * evidence gets the same again. A 200-operation, 5-client history needs a few thousand.
 */
export const STEPS_MAX_DEFAULT = 200_000;

export interface LinearizableResult {
  verdict: "linearizable";
  /** A witness: each key's operations in an order that keeps real time and every read's value. */
  orders: Readonly<Record<string, readonly Operation[]>>;
  steps: number;
}

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

export interface InvalidResult {
  verdict: "invalid";
  error: HistoryError;
}

export type LinearizabilityResult = LinearizableResult | ViolationResult | UnknownResult | InvalidResult;

export interface LinearizabilityOptions {
  /** What each key holds before any write (default null, "nothing"). */
  initial?: Value | Readonly<Record<string, Value>>;
  stepsMax?: number;
}

function initialOf(options: LinearizabilityOptions, key: string): Value {
  const initial = options.initial ?? null;
  if (initial !== null && typeof initial === "object") return initial[key] ?? null;
  return initial;
}

/**
 * Drops the reads whose value no remaining write wrote (though some write in `all` did). With
 * unique written values this keeps evidence honest: if the full history had a linearization L,
 * L restricted to a closed subset is one too (each read's source stays, and the last write
 * before a read in L is that source), so a closed subset that cannot be ordered proves the full
 * history cannot be either. With repeated values it is a good heuristic, and the evidence is
 * still a set that cannot be ordered.
 */
function readSourcesClosed(all: readonly Operation[], initial: Value): (candidate: readonly Operation[]) => readonly Operation[] {
  const writtenInAll = new Set(all.filter((o) => o.kind === "write").map((o) => o.value));
  return (candidate) => {
    const written = new Set(candidate.filter((o) => o.kind === "write").map((o) => o.value));
    return candidate.filter((o) => o.kind === "write" || o.value === initial || written.has(o.value) || !writtenInAll.has(o.value));
  };
}

type KeyOutcome = { verdict: "linearizable"; order: readonly Operation[]; steps: number } | ViolationResult | UnknownResult;

function checkKey(key: string, ops: readonly Operation[], initial: Value, stepsMax: number): KeyOutcome {
  const model = registerModel(initial);
  const live = ops.filter((o) => !(o.kind === "read" && o.responseTick === null));
  const found = searchLinearization(live, model, stepsMax);
  if (found.verdict === "linearizable") return { verdict: "linearizable", order: found.order, steps: found.steps };
  if (found.verdict === "unknown") {
    return { verdict: "unknown", key, reason: `the search gave up after ${found.steps} steps on ${live.length} operations of ${key === "" ? "the register" : `key ${key}`}: budget exhausted`, steps: found.steps };
  }
  const shrunk = minimalEvidence(live, model, stepsMax, readSourcesClosed(live, initial));
  return { verdict: "violation", key, evidence: shrunk.ops, minimal: shrunk.minimal, reason: registerReason(shrunk.ops, initial), steps: found.steps + shrunk.steps };
}

/** Every operation is on one register (their keys, if any, are ignored). */
export function checkRegister(ops: readonly Operation[], options: { initial?: Value; stepsMax?: number } = {}): LinearizabilityResult {
  const error = historyError(ops);
  if (error) return { verdict: "invalid", error };
  const outcome = checkKey("", ops, options.initial ?? null, options.stepsMax ?? STEPS_MAX_DEFAULT);
  return outcome.verdict === "linearizable" ? { verdict: "linearizable", orders: { "": outcome.order }, steps: outcome.steps } : outcome;
}

/**
 * Each key is its own register. Keys are checked in the order they first appear; the first
 * violation is returned (a violation outranks a key whose search ran out of budget).
 */
export function checkKeyValue(ops: readonly Operation[], options: LinearizabilityOptions = {}): LinearizabilityResult {
  const error = historyError(ops);
  if (error) return { verdict: "invalid", error };
  const byKey = groupBy(ops, keyOf);
  const orders: Record<string, readonly Operation[]> = {};
  let steps = 0;
  let unknown: UnknownResult | null = null;
  for (const [key, keyOps] of byKey) {
    const outcome = checkKey(key, keyOps, initialOf(options, key), options.stepsMax ?? STEPS_MAX_DEFAULT);
    steps += outcome.steps;
    if (outcome.verdict === "violation") return { ...outcome, steps };
    if (outcome.verdict === "unknown") unknown ??= outcome;
    else orders[key] = outcome.order;
  }
  return unknown ? { ...unknown, steps } : { verdict: "linearizable", orders, steps };
}
