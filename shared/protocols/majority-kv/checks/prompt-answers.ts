/**
 * Efficiency: every reservation arriving in a calm stretch (a stable window with withinTicks of
 * it left) is answered within withinTicks, "sold" or an honest "sold out". Params: withinTicks,
 * workload (default "buy").
 */
import type { GoalCheck } from "../../../sim/check.js";
import { requestOutcomes } from "../../../checks/requests.js";
import { numberParam } from "./replicas.js";
import { seconds } from "../../../base/game-time.js";

export const promptAnswers: GoalCheck = {
  id: "majority-kv/prompt-answers",
  title: "Buyers answered promptly while the network is calm",
  evaluate(run, params) {
    const withinTicks = numberParam(params, "withinTicks", 40);
    const workload = typeof params.workload === "string" ? params.workload : "buy";
    let judged = 0;
    for (const { request, response } of requestOutcomes(run.trace)) {
      if (request.workload !== workload) continue;
      if (!run.stableWindows.some((w) => request.tick >= w.startTick && request.tick + withinTicks <= w.endTick)) continue;
      judged++;
      const good = response && (response.status === "sold" || response.status === "sold-out") && response.tick <= request.tick + withinTicks;
      if (!good) {
        const what = !response ? "was not answered in time" : `got "${response.status}" after ${seconds(response.tick - request.tick)}`;
        return { met: false, detail: `reservation ${request.requestId} arrived at tick ${request.tick} in a calm stretch and ${what}`, evidence: response ? [request.i, response.i] : [request.i] };
      }
    }
    return { met: true, detail: `${judged} reservations judged, all answered within ${seconds(withinTicks)}` };
  },
};
