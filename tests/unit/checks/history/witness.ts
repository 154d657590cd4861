/**
 * The definition, checked directly: a witness order is a linearization when every operation
 * appears once, no operation comes after one that began after it finished, and each read returns
 * the value of the latest write before it. Tests judge the checker's witnesses with it.
 */
import { keyOf, precedes, type Operation, type Value } from "../../../../shared/checks/history/operation.js";

export function witnessProblem(order: readonly Operation[], ops: readonly Operation[], initial: Value = null): string | null {
  const expected = ops.filter((o) => !(o.kind === "read" && o.responseTick === null));
  if (order.length !== expected.length) return `witness has ${order.length} operations, history ${expected.length}`;
  if (new Set(order.map((o) => o.id)).size !== order.length) return "witness repeats an operation";
  let value = initial;
  for (let i = 0; i < order.length; i++) {
    const op = order[i]!;
    for (let j = i + 1; j < order.length; j++) if (precedes(order[j]!, op)) return `${order[j]!.id} finished before ${op.id} began but comes after it`;
    if (op.kind === "write") value = op.value;
    else if (op.value !== value) return `${op.id} returned ${String(op.value)} where the order gives ${String(value)}`;
  }
  return null;
}

export function witnessProblemsByKey(orders: Readonly<Record<string, readonly Operation[]>>, ops: readonly Operation[], initial: Value = null): string | null {
  const keys = new Set(ops.map(keyOf));
  if (Object.keys(orders).length !== keys.size) return `orders for ${Object.keys(orders).length} keys, history has ${keys.size}`;
  for (const key of keys) {
    const problem = witnessProblem(orders[key] ?? [], ops.filter((o) => keyOf(o) === key), initial);
    if (problem) return `key ${key}: ${problem}`;
  }
  return null;
}
