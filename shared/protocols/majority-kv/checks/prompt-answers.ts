/**
 * Efficiency: every reservation arriving in a calm stretch (a stable window with withinTicks of
 * it left) is answered within withinTicks, "sold" or an honest "sold out". Params: withinTicks,
 * workload (default "buy").
 */
import type { GoalCheck } from "../../../sim/check.js";
import { requestOutcomes } from "../../../checks/requests.js";
import { clockTime, seconds } from "../../../base/game-time.js";
import { checkParams, paramsOf, paramText, paramTicks } from "../../../checks/check-params.js";

const PARAMS = checkParams({
  withinTicks: paramTicks(40, "How soon each reservation must be answered."),
  workload: paramText("buy", "The workload whose requests are judged."),
});

export const promptAnswers: GoalCheck = {
  id: "majority-kv/prompt-answers",
  title: "Buyers answered promptly while the network is calm",
  params: PARAMS,
  evaluate(run, params) {
    const { withinTicks, workload } = paramsOf(PARAMS, params);
    let judged = 0;
    for (const { request, response } of requestOutcomes(run.trace)) {
      if (request.workload !== workload) continue;
      if (!run.stableWindows.some((w) => request.tick >= w.startTick && request.tick + withinTicks <= w.endTick)) continue;
      judged++;
      const good = response && (response.status === "sold" || response.status === "sold-out") && response.tick <= request.tick + withinTicks;
      if (!good) {
        const what = !response ? "was not answered in time" : `got "${response.status}" after ${seconds(response.tick - request.tick)}`;
        return { met: false, detail: `reservation ${request.requestId} arrived at ${clockTime(request.tick)} in a calm stretch and ${what}`, evidence: response ? [request.i, response.i] : [request.i] };
      }
    }
    return { met: true, detail: `${judged} reservations judged, all answered within ${seconds(withinTicks)}` };
  },
};
