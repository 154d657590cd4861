/**
 * A sequential specification: what one copy of the object, used by one client at a time, would
 * do. Linearizability asks whether the concurrent history could have come from it. The search
 * (linearization-search.ts) is written against this interface, so a counter or a ticket stock
 * is one more model, not one more checker.
 */
import type { Operation, Value } from "./operation.js";

/** What step returns when an operation could not have run in a state (null is a real state). */
export const IMPOSSIBLE: unique symbol = Symbol("impossible");

export interface SequentialModel<S> {
  readonly init: S;
  /**
   * The state after `op` runs in `state`, or IMPOSSIBLE when it could not have run there (a read
   * that returned something else). A pending operation (responseTick null) has no output to match.
   */
  step(state: S, op: Operation): S | typeof IMPOSSIBLE;
  /** Equal states give equal keys: the search memoises on (operations done, state). */
  stateKey(state: S): string;
}

/** A read/write register: a write replaces the value, a read returns it. */
export function registerModel(initial: Value = null): SequentialModel<Value> {
  return {
    init: initial,
    step(state, op) {
      if (op.kind === "write") return op.value;
      if (op.responseTick === null) return state;
      return op.value === state ? state : IMPOSSIBLE;
    },
    stateKey: (state) => (typeof state === "string" ? `s${state}` : String(state)),
  };
}
