/** Goal checks any level can use: requests served in stable windows, message budgets. */
import type { GoalCheck } from "../sim/check.js";
import { requestOutcomes } from "./requests.js";
import { clockTime, seconds } from "../base/game-time.js";
import { Type } from "@sinclair/typebox";
import { checkParams, paramInteger, paramNodes, paramsOf, paramTicks } from "./check-params.js";

const SERVED_WITHIN = checkParams({
  withinTicks: paramTicks(100, "How soon each request must be answered OK."),
  workload: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "Judge only this workload's requests (default: all)." })),
});
const SERVED_AT_LEAST = checkParams({ count: paramInteger(1, "How many requests must be served OK.", { minimum: 0 }) });
const MESSAGES_AT_MOST = checkParams({
  max: Type.Integer({ minimum: 0, description: "The message budget." }),
  nodes: paramNodes("Whose messages count (default: the seats a player may hold)."),
});

/**
 * Every request that arrived inside a stable window with at least withinTicks of it left was
 * answered OK within withinTicks. Requests that arrived during faults are not judged.
 */
const servedWithin: GoalCheck = {
  id: "requests-served-within",
  title: "Requests answered in time while the network is calm",
  params: SERVED_WITHIN,
  evaluate(run, params) {
    const { withinTicks, workload } = paramsOf(SERVED_WITHIN, params);
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
  params: SERVED_AT_LEAST,
  evaluate(run, params) {
    const { count } = paramsOf(SERVED_AT_LEAST, params);
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
  params: MESSAGES_AT_MOST,
  evaluate(run, params) {
    const { max, nodes: given } = paramsOf(MESSAGES_AT_MOST, params);
    const nodes = given ?? run.level.seats.nodes;
    const counted = new Set(nodes);
    const sent = run.trace.filter((e) => e.kind === "send" && counted.has(e.node)).length;
    return { met: sent <= max, detail: `${nodes.join(", ")} sent ${sent} messages; the budget is ${max}` };
  },
};

export const GENERIC_GOALS: readonly GoalCheck[] = [servedWithin, servedAtLeast, allServed, messagesAtMost];
