/**
 * Stretch goal: every client request that arrives while the network is calm gets an answer
 * within withinTicks: OK once committed, or an honest "not the leader" / "dropped". A request
 * is judged only if its whole allowance fits inside one stable window.
 */
import type { GoalCheck } from "../../../sim/check.js";
import { requestOutcomes } from "../../../checks/requests.js";
import { clockTime, seconds } from "../../../base/game-time.js";
import { checkParams, paramsOf, paramTicks } from "../../../checks/check-params.js";

const PARAMS = checkParams({ withinTicks: paramTicks(50, "How soon each client must be answered.") });

export const raftAnsweredWithin: GoalCheck = {
  id: "raft/answered-within",
  title: "Every client answered in time while the network is calm",
  params: PARAMS,
  evaluate(run, params) {
    const { withinTicks } = paramsOf(PARAMS, params);
    let judged = 0;
    for (const { request, response } of requestOutcomes(run.trace)) {
      if (!run.stableWindows.some((w) => request.tick >= w.startTick && request.tick + withinTicks <= w.endTick)) continue;
      judged++;
      if (!response || response.tick > request.tick + withinTicks) {
        const what = response ? `was answered after ${seconds(response.tick - request.tick)}` : "was never answered";
        return { met: false, detail: `request ${request.requestId} (at ${request.node}, ${clockTime(request.tick)}) ${what}; the goal is ${seconds(withinTicks)}`, evidence: response ? [request.i, response.i] : [request.i] };
      }
    }
    return { met: true, detail: `${judged} requests judged, all answered within ${seconds(withinTicks)}` };
  },
};
