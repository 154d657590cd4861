/**
 * Client operations read back from the trace: each request with its answer, as the history
 * checkers' Operations (shared/checks/history/operation.ts). Tickets: a sale is a write of the
 * seat it got, "how many left" and a sold-out answer are reads of the count sold. Product: the
 * stock register with the version each write made and each read saw.
 *
 * A 503 refused for certain (nothing was done) is left out; a 504 (the peer may have done it) or
 * a request never answered stays pending: its outcome is unknown.
 */
import type { Operation } from "../../../checks/history/operation.js";
import type { TraceEvent, TraceOf } from "../../../sim/trace.js";
import { requestOf, type RequestPayload } from "../state.js";

export const isRefusal = (status: string): boolean => status.startsWith("503");

/** A request event's payload, when it is one of this protocol's. */
export function requestPayload(event: TraceEvent): RequestPayload | null {
  return event.kind === "request" ? requestOf(event.payload) : null;
}

const sessionOf = (req: TraceOf<"request">): string => `${req.node}:${String((req.payload as { key?: unknown }).key ?? req.requestId).replace(/~\d+$/, "")}`;

/** A ticket operation at its invoke (pending until its answer). */
export function ticketInvoke(req: TraceOf<"request">, r: RequestPayload): Operation {
  return { id: req.requestId, session: sessionOf(req), kind: r.op === "buy" ? "write" : "read", value: null, invokeTick: req.tick, responseTick: null, events: [req.i] };
}

/**
 * The operation once answered; null when the answer leaves it out of the history (a 503). A
 * pending one (504) keeps responseTick null.
 */
export function ticketAnswered(op: Operation, res: TraceOf<"response">): Operation | null {
  if (isRefusal(res.status)) return null;
  if (!res.ok) return op;
  const result = (res.result ?? {}) as { seat?: unknown; sold?: unknown; soldOut?: unknown };
  const events = [...(op.events ?? []), res.i];
  if (op.kind === "write" && typeof result.seat === "number") return { ...op, value: result.seat, responseTick: res.tick, events };
  // A sold-out answer to a buy is a read of the count: it saw every ticket sold.
  if (typeof result.sold === "number") return { ...op, kind: "read", value: result.sold, responseTick: res.tick, events };
  return op;
}

/** Product operations of a tick window with their versions, for stale reads and latency. */
export interface ProductRead {
  op: Operation;
  checkout: boolean;
  /** Ticks from request to answer; null: never answered, or refused. */
  latencyTicks: number | null;
}

export function productOps(trace: Iterable<TraceEvent>, fromTick: number, toTick: number): { ops: Operation[]; reads: ProductRead[] } {
  const open = new Map<string, { req: TraceOf<"request">; r: RequestPayload }>();
  const ops: Operation[] = [];
  const reads: ProductRead[] = [];
  for (const event of trace) {
    if (event.kind === "request") {
      const r = requestPayload(event);
      if (r && r.data === "product" && event.tick >= fromTick && event.tick < toTick) open.set(event.requestId, { req: event, r });
      continue;
    }
    if (event.kind !== "response") continue;
    const found = open.get(event.requestId);
    if (!found) continue;
    open.delete(event.requestId);
    const { req, r } = found;
    const result = (event.result ?? {}) as { value?: unknown; version?: unknown };
    const answered = event.ok && typeof result.version === "number";
    const op: Operation = {
      id: req.requestId,
      session: sessionOf(req),
      kind: r.op === "set" ? "write" : "read",
      value: typeof result.value === "number" ? result.value : null,
      invokeTick: req.tick,
      responseTick: answered ? event.tick : null,
      ...(answered ? { version: result.version as number } : {}),
      events: [req.i, event.i],
    };
    if (answered || op.kind === "write") ops.push(op);
    if (r.op === "read") reads.push({ op, checkout: r.checkout === true, latencyTicks: answered ? event.tick - req.tick : null });
  }
  for (const { req, r } of open.values()) if (r.op === "read") reads.push({ op: { id: req.requestId, session: sessionOf(req), kind: "read", value: null, invokeTick: req.tick, responseTick: null, events: [req.i] }, checkout: r.checkout === true, latencyTicks: null });
  return { ops, reads };
}
