/**
 * The metrics strip under the diagram: latency of client requests, errors, redirects, messages, drops.
 * Integer arithmetic only; read from the trace and the diagram model, so the ghost's strip is
 * computed the same way as the player's.
 */
import { fateOf, requestOutcomes } from "../checks/requests.js";
import type { TraceEvent } from "../sim/trace.js";
import type { Arrow } from "./space-time.js";
import type { TraceReader } from "../sim/trace-store.js";

export interface LatencyStats {
  /** Answered requests measured (OK or not). */
  count: number;
  meanTicks: number;
  p95Ticks: number;
  maxTicks: number;
}

export interface DebriefMetrics {
  latency: LatencyStats;
  requests: number;
  served: number;
  /** Requests answered with an error (redirects are not errors). */
  errors: number;
  /** Requests a node pointed at another node that can serve them (the protocol working). */
  redirects: number;
  unanswered: number;
  refusedActions: number;
  messages: number;
  /** Messages sent by the player's own node. */
  yourMessages: number;
  delivered: number;
  dropped: number;
  duplicated: number;
  delayed: number;
}

export function latencyStats(latenciesTicks: readonly number[]): LatencyStats {
  const n = latenciesTicks.length;
  if (n === 0) return { count: 0, meanTicks: 0, p95Ticks: 0, maxTicks: 0 };
  const sorted = [...latenciesTicks].sort((a, b) => a - b);
  let sum = 0;
  for (const v of sorted) sum += v;
  // Nearest-rank percentile: the ceil(0.95 n)-th smallest value.
  const rank = Math.max(1, Math.ceil((95 * n) / 100));
  return { count: n, meanTicks: Math.round(sum / n), p95Ticks: sorted[rank - 1]!, maxTicks: sorted[n - 1]! };
}

export function debriefMetrics(trace: TraceReader, arrows: readonly Arrow[], yourNodes: readonly string[]): DebriefMetrics {
  const outcomes = requestOutcomes(trace);
  const latencies: number[] = [];
  let served = 0;
  let failed = 0;
  let redirects = 0;
  let unanswered = 0;
  for (const o of outcomes) {
    if (!o.response) {
      unanswered++;
      continue;
    }
    latencies.push(o.response.tick - o.request.tick);
    const fate = fateOf(o);
    if (fate === "served") served++;
    else if (fate === "redirected") redirects++;
    else failed++;
  }
  const seats = new Set(yourNodes);
  let messages = 0;
  let yourMessages = 0;
  let refusedActions = 0;
  let dropped = 0;
  let duplicated = 0;
  let delivered = 0;
  for (const e of trace) {
    if (e.kind === "send") {
      messages++;
      if (seats.has(e.node)) yourMessages++;
    } else if (e.kind === "action" && !e.ok && !e.action.startsWith("$")) refusedActions++;
    else if (e.kind === "drop") dropped++;
    else if (e.kind === "duplicate") duplicated++;
    else if (e.kind === "deliver") delivered++;
  }
  return {
    latency: latencyStats(latencies),
    requests: outcomes.length,
    served,
    // The same count as the verdict's (and the ghost table's): client requests answered with an error.
    errors: failed,
    redirects,
    unanswered,
    refusedActions,
    messages,
    yourMessages,
    delivered,
    dropped,
    duplicated,
    delayed: arrows.filter((a) => a.delayed).length,
  };
}
