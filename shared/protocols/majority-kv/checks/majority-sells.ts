/**
 * Majority liveness: after the cut, the majority side answers a buyer again ("sold", or honestly
 * "sold out") within withinTicks. Params: cutTick, withinTicks, nodes (the majority side).
 */
import type { GoalCheck } from "../../../sim/check.js";
import { clockTime, seconds } from "../../../base/game-time.js";
import { checkParams, paramNodes, paramsOf, paramTicks } from "../../../checks/check-params.js";

const PARAMS = checkParams({
  cutTick: paramTicks(0, "When the cut starts."),
  withinTicks: paramTicks(150, "How soon after the cut the majority must answer a buyer again."),
  nodes: paramNodes("The majority side (default: every node)."),
});

export const majoritySells: GoalCheck = {
  id: "majority-kv/majority-sells",
  title: "The majority sells again soon after the cut",
  params: PARAMS,
  evaluate(run, params) {
    const { cutTick, withinTicks, nodes } = paramsOf(PARAMS, params);
    const side = new Set(nodes ?? run.level.nodes.map((n) => n.id));
    for (const e of run.trace) {
      if (e.kind !== "response" || e.tick < cutTick || !side.has(e.node)) continue;
      if (e.tick > cutTick + withinTicks) break;
      if (e.status === "sold" || e.status === "sold-out") {
        return { met: true, detail: `${e.node} answered a buyer ("${e.status}") ${seconds(e.tick - cutTick)} after the cut`, evidence: [e.i] };
      }
    }
    return { met: false, detail: `no buyer on the majority side was answered within ${seconds(withinTicks)} of the cut at ${clockTime(cutTick)}` };
  },
};
