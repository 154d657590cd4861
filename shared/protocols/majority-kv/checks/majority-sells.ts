/**
 * Majority liveness: after the cut, the majority side answers a buyer again ("sold", or honestly
 * "sold out") within withinTicks. Params: cutTick, withinTicks, nodes (the majority side).
 */
import type { GoalCheck } from "../../../sim/check.js";
import { numberParam } from "./replicas.js";
import { clockTime, seconds } from "../../../base/game-time.js";

export const majoritySells: GoalCheck = {
  id: "majority-kv/majority-sells",
  title: "The majority sells again soon after the cut",
  evaluate(run, params) {
    const cutTick = numberParam(params, "cutTick", 0);
    const withinTicks = numberParam(params, "withinTicks", 150);
    const side = new Set(Array.isArray(params.nodes) ? params.nodes.map(String) : run.level.nodes.map((n) => n.id));
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
