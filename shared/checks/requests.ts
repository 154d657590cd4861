/** Client requests and their answers, read back from the trace (shared by goals and scoring). */
import type { TraceEvent, TraceOf } from "../sim/trace.js";
import type { TraceReader } from "../sim/trace-store.js";

export interface RequestOutcome {
  request: TraceOf<"request">;
  response: TraceOf<"response"> | null;
}

export function requestOutcomes(trace: TraceReader): RequestOutcome[] {
  const byId = new Map<string, RequestOutcome>();
  for (const event of trace) {
    if (event.kind === "request" && !byId.has(event.requestId)) byId.set(event.requestId, { request: event, response: null });
    if (event.kind === "response") {
      const outcome = byId.get(event.requestId);
      if (outcome && !outcome.response) outcome.response = event;
    }
  }
  return [...byId.values()];
}

/**
 * How a request ended. A redirect (a node that cannot serve it pointing the client at one that
 * can) is the protocol working: neither served nor an error, and it costs no points.
 */
export type RequestFate = "served" | "redirected" | "failed" | "unanswered";

export function fateOf(outcome: RequestOutcome): RequestFate {
  const response = outcome.response;
  if (!response) return "unanswered";
  if (response.ok) return "served";
  return response.redirect ? "redirected" : "failed";
}

/** Ticks past the deadline: answered late, or never answered by the end. */
export function lateTicks(outcome: RequestOutcome, endTick: number): number {
  const answeredTick = outcome.response?.tick ?? endTick;
  return Math.max(0, answeredTick - outcome.request.deadlineTick);
}
