/**
 * The history model every history checker reads: what clients saw of a store, one operation per
 * request, with the tick it was invoked and the tick its answer came back.
 *
 * An operation whose answer never came (a timeout, a crashed coordinator) has responseTick null:
 * its outcome is unknown. A pending write may have taken effect at any moment after its invoke,
 * or never (Knossos' :info, Porcupine's return at infinity); a pending read constrains nothing.
 * An operation the store refused for certain (an error it promised left no trace) is simply not
 * part of the history: the adapter that reads the trace leaves it out.
 *
 * Real time is the ticks: a precedes b only when a's answer came strictly before b's invoke
 * (res(a) < inv(b), the book brief's notation). Two operations that meet in the same tick are
 * concurrent, so a checker never blames a player for an order the tick grain cannot show.
 */

/** What a register holds or a key maps to; null is "nothing written yet". */
export type Value = number | string | null;

export type OperationKind = "read" | "write";

export interface Operation {
  /** Unique within the history: what evidence names (a request id, say). */
  id: string;
  /** The client, or session, that issued it. */
  session: string;
  kind: OperationKind;
  /** The key of a key-value history; a single register leaves it out. */
  key?: string;
  /** A write's value; for a read, the value it returned (ignored while pending). */
  value: Value;
  invokeTick: number;
  /** null: no answer ever came, so the outcome is unknown. */
  responseTick: number | null;
  /**
   * For session guarantees (session-guarantees.ts): the version a write created, or the version
   * a read saw (0 = the initial value). Versions of one key are totally ordered by number.
   */
  version?: number;
  /** Trace indices of the request and response events, copied into a violation's evidence. */
  events?: readonly number[];
}

export interface HistoryError {
  /** The operation at fault, or null for the history as a whole. */
  opId: string | null;
  field: string;
  reason: string;
}

/** The key of an operation; a single register's operations all share "". */
export function keyOf(op: Operation): string {
  return op.key ?? "";
}

/** a finished strictly before b began: every checker's real-time order. */
export function precedes(a: Operation, b: Operation): boolean {
  return a.responseTick !== null && a.responseTick < b.invokeTick;
}

const isTick = (t: unknown): t is number => typeof t === "number" && Number.isSafeInteger(t) && t >= 0;
const isValue = (v: unknown): v is Value => v === null || typeof v === "string" || (typeof v === "number" && Number.isFinite(v));

function operationError(op: Operation): HistoryError | null {
  const at = (field: string, reason: string): HistoryError => ({ opId: op.id, field, reason });
  if (typeof op.session !== "string" || op.session === "") return at("session", "must be a non-empty string");
  if (op.kind !== "read" && op.kind !== "write") return at("kind", `must be "read" or "write", not ${String(op.kind)}`);
  if (op.key !== undefined && typeof op.key !== "string") return at("key", "must be a string when given");
  if (!isValue(op.value)) return at("value", "must be a finite number, a string or null");
  if (!isTick(op.invokeTick)) return at("invokeTick", "must be a whole number of ticks, 0 or more");
  if (op.responseTick !== null && !isTick(op.responseTick)) return at("responseTick", "must be a whole number of ticks, or null when no answer came");
  if (op.responseTick !== null && op.responseTick < op.invokeTick) return at("responseTick", `${op.responseTick} comes before the invoke at ${op.invokeTick}`);
  if (op.version !== undefined && !isTick(op.version)) return at("version", "must be a whole number, 0 or more, when given");
  return null;
}

/** The first thing wrong with a history, or null when every checker may read it. */
export function historyError(ops: readonly Operation[]): HistoryError | null {
  if (!Array.isArray(ops)) return { opId: null, field: "history", reason: "must be a list of operations" };
  const seen = new Set<string>();
  for (const op of ops) {
    if (typeof op !== "object" || op === null || typeof op.id !== "string" || op.id === "") return { opId: null, field: "id", reason: "every operation needs a non-empty string id" };
    if (seen.has(op.id)) return { opId: op.id, field: "id", reason: "appears twice in the history" };
    seen.add(op.id);
    const wrong = operationError(op);
    if (wrong) return wrong;
  }
  return null;
}

export function formatHistoryError(e: HistoryError): string {
  return `${e.opId === null ? "history" : `operation ${e.opId}`}: ${e.field} ${e.reason}`;
}

/** A value in plain words (null is "nothing"). */
export function showValue(value: Value): string {
  return value === null ? "nothing" : typeof value === "string" ? `"${value}"` : String(value);
}

/** Plain words for one operation, as a player reads it in the debrief. */
export function describeOperation(op: Operation): string {
  const key = op.key === undefined ? "" : ` ${op.key}`;
  const span = op.responseTick === null ? `from tick ${op.invokeTick}, never answered` : `ticks ${op.invokeTick}-${op.responseTick}`;
  if (op.kind === "write") return `${op.session} wrote ${showValue(op.value)}${key ? ` to${key}` : ""} (${span})`;
  if (op.responseTick === null) return `${op.session} read${key} (${span})`;
  return `${op.session} read ${showValue(op.value)}${key ? ` from${key}` : ""} (${span})`;
}

/** Operations grouped by key or session, groups in order of first appearance, history order inside. */
export function groupBy(ops: readonly Operation[], by: (op: Operation) => string): Map<string, Operation[]> {
  const groups = new Map<string, Operation[]>();
  for (const op of ops) {
    const group = groups.get(by(op));
    if (group) group.push(op);
    else groups.set(by(op), [op]);
  }
  return groups;
}

/** The trace indices behind some operations, for a Violation's evidence. */
export function traceEvidence(ops: readonly Operation[]): number[] {
  const out = new Set<number>();
  for (const op of ops) for (const i of op.events ?? []) out.add(i);
  return [...out].sort((a, b) => a - b);
}
