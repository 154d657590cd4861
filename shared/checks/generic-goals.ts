/** Goal checks any level can use: requests served in stable windows, message budgets. */
import type { GoalCheck } from "../sim/check.js";
import { requestOutcomes } from "./requests.js";
import { clockTime, seconds } from "../base/game-time.js";

function numberParam(params: Readonly<Record<string, unknown>>, key: string, fallback: number): number {
  const value = params[key];
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

/**
 * Every request that arrived inside a stable window with at least withinTicks of it left was
 * answered OK within withinTicks. Requests that arrived during faults are not judged.
 */
const servedWithin: GoalCheck = {
  id: "requests-served-within",
  title: "Requests answered in time while the network is calm",
  evaluate(run, params) {
    const withinTicks = numberParam(params, "withinTicks", 100);
    const workload = typeof params.workload === "string" ? params.workload : null;
    let judged = 0;
    for (const outcome of requestOutcomes(run.trace)) {
      const { request, response } = outcome;
      if (workload && request.workload !== workload) continue;
      const window = run.stableWindows.find((w) => request.tick >= w.startTick && request.tick + withinTicks <= w.endTick);
      if (!window) continue;
      judged++;
      if (!response || !response.ok || response.tick > request.tick + withinTicks) {
        const evidence = response ? [request.i, response.i] : [request.i];
        const what = !response ? "was never answered" : !response.ok ? `was refused (${response.status})` : `took ${seconds(response.tick - request.tick)}`;
        return { met: false, detail: `request ${request.requestId} arrived at ${clockTime(request.tick)} in a calm stretch and ${what}; the goal is ${seconds(withinTicks)}`, evidence };
      }
    }
    return { met: true, detail: `${judged} requests judged, all answered within ${seconds(withinTicks)}` };
  },
};

/** At least `count` requests answered OK over the whole run. */
const servedAtLeast: GoalCheck = {
  id: "requests-served-at-least",
  title: "Enough requests served",
  evaluate(run, params) {
    const count = numberParam(params, "count", 1);
    const served = requestOutcomes(run.trace).filter((o) => o.response?.ok).length;
    return { met: served >= count, detail: `${served} served; the goal is ${count}` };
  },
};

/** Every request that arrived was eventually answered OK (a stretch goal: even through faults). */
const allServed: GoalCheck = {
  id: "requests-all-served",
  title: "Every request served",
  evaluate(run) {
    const outcomes = requestOutcomes(run.trace);
    const missing = outcomes.filter((o) => !o.response?.ok);
    if (missing.length === 0) return { met: true, detail: `all ${outcomes.length} requests served` };
    const first = missing[0]!;
    return {
      met: false,
      detail: `${missing.length} of ${outcomes.length} requests not served, the first ${first.request.requestId} (arrived at tick ${first.request.tick})`,
      evidence: [first.request.i],
    };
  },
};

/** Messages sent by the given nodes (default: the seats a player may hold) stay within a budget. */
const messagesAtMost: GoalCheck = {
  id: "messages-at-most",
  title: "Within the message budget",
  evaluate(run, params) {
    const max = numberParam(params, "max", Number.POSITIVE_INFINITY);
    const nodes = Array.isArray(params.nodes) ? params.nodes.map(String) : run.level.seats.nodes;
    const counted = new Set(nodes);
    const sent = run.trace.filter((e) => e.kind === "send" && counted.has(e.node)).length;
    return { met: sent <= max, detail: `${nodes.join(", ")} sent ${sent} messages; the budget is ${max}` };
  },
};

export const GENERIC_GOALS: readonly GoalCheck[] = [servedWithin, servedAtLeast, allServed, messagesAtMost];
