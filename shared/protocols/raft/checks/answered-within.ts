/**
 * Stretch goal: every client request that arrives while the network is calm gets an answer
 * within withinTicks: OK once committed, or an honest "not the leader" / "dropped". A request
 * is judged only if its whole allowance fits inside one stable window.
 */
import type { GoalCheck } from "../../../sim/check.js";
import { requestOutcomes } from "../../../checks/requests.js";

export const raftAnsweredWithin: GoalCheck = {
  id: "raft/answered-within",
  title: "Every client answered in time while the network is calm",
  evaluate(run, params) {
    const withinTicks = typeof params.withinTicks === "number" ? params.withinTicks : 50;
    let judged = 0;
    for (const { request, response } of requestOutcomes(run.trace)) {
      if (!run.stableWindows.some((w) => request.tick >= w.startTick && request.tick + withinTicks <= w.endTick)) continue;
      judged++;
      if (!response || response.tick > request.tick + withinTicks) {
        const what = response ? `was answered after ${response.tick - request.tick} ticks` : "was never answered";
        return { met: false, detail: `request ${request.requestId} (at ${request.node}, tick ${request.tick}) ${what}; the goal is ${withinTicks} ticks`, evidence: response ? [request.i, response.i] : [request.i] };
      }
    }
    return { met: true, detail: `${judged} requests judged, all answered within ${withinTicks} ticks` };
  },
};
