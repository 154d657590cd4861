/**
 * Linearizability of a register, and of a key-value map (the book's C in CAP; l03, l04, l07).
 *
 * A key-value map is checked one key at a time, as Porcupine partitions it: linearizability is
 * compositional (Herlihy and Wing), so the whole map is linearizable exactly when every key's
 * register is, and each key's search is small. A violation carries the smallest set of that
 * key's operations that cannot be ordered and a sentence saying why; success carries a witness
 * order per key. How one register is searched: register-search.ts.
 */
import { groupBy, historyError, keyOf, type HistoryError, type Operation, type Value } from "./operation.js";
import { checkOneRegister, type UnknownResult, type ViolationResult } from "./register-search.js";

export type { UnknownResult, ViolationResult };

export interface LinearizableResult {
  verdict: "linearizable";
  /** A witness: each key's operations in an order that keeps real time and every read's value. */
  orders: Readonly<Record<string, readonly Operation[]>>;
  steps: number;
}

/**
 * Model steps one key's search may take before answering "unknown"; shrinking a violation to its
 * evidence gets the same again. A 200-operation, 5-client history needs a few thousand
 * (tests/bench/history.bench.ts).
 */
export const STEPS_MAX_DEFAULT = 200_000;

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

/** Every operation is on one register (their keys, if any, are ignored). */
export function checkRegister(ops: readonly Operation[], options: { initial?: Value; stepsMax?: number } = {}): LinearizabilityResult {
  const error = historyError(ops);
  if (error) return { verdict: "invalid", error };
  const outcome = checkOneRegister("", ops, options.initial ?? null, options.stepsMax ?? STEPS_MAX_DEFAULT);
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
    const outcome = checkOneRegister(key, keyOps, initialOf(options, key), options.stepsMax ?? STEPS_MAX_DEFAULT);
    steps += outcome.steps;
    if (outcome.verdict === "violation") return { ...outcome, steps };
    if (outcome.verdict === "unknown") unknown ??= outcome;
    else orders[key] = outcome.order;
  }
  return unknown ? { ...unknown, steps } : { verdict: "linearizable", orders, steps };
}
