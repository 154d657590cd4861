/** Small literal histories: one line per operation, as the textbooks draw them. */
import type { Operation, Value } from "../../../../shared/checks/history/operation.js";

let counter = 0;

/** A completed write of `value` by `session` over [invokeTick, responseTick]. */
export function w(session: string, value: Value, invokeTick: number, responseTick: number | null, extra: Partial<Operation> = {}): Operation {
  return { id: extra.id ?? `w${++counter}`, session, kind: "write", value, invokeTick, responseTick, ...extra };
}

/** A read by `session` that returned `value` over [invokeTick, responseTick]. */
export function r(session: string, value: Value, invokeTick: number, responseTick: number | null, extra: Partial<Operation> = {}): Operation {
  return { id: extra.id ?? `r${++counter}`, session, kind: "read", value, invokeTick, responseTick, ...extra };
}

export const ids = (ops: readonly Operation[]): string[] => ops.map((o) => o.id).sort();
