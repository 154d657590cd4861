/**
 * Liveness, judged only where it is fair (stable windows: no network fault, no pause, a live
 * majority). The chapter's wording: once the network has been calm for settleTicks (3 gs), a
 * leader exists within withinTicks (12 gs). So inside every stable window, no leaderless stretch
 * lasts longer than withinTicks, counted from the later of its own start and the window's start
 * plus settleTicks.
 */
import type { GoalCheck } from "../../../sim/check.js";
import { leaderlessStretches } from "./leader-timeline.js";
import { clockTime, seconds } from "../../../base/game-time.js";
import { checkParams, paramsOf, paramTicks } from "../../../checks/check-params.js";

const PARAMS = checkParams({
  withinTicks: paramTicks(120, "How soon after a calm stretch starts a leader must be known."),
  settleTicks: paramTicks(30, "How long the leader must then stay leader."),
});

export const raftLeaderWithin: GoalCheck = {
  id: "raft/leader-within",
  title: "A leader within 12 s whenever the network is calm",
  params: PARAMS,
  evaluate(run, params) {
    const { withinTicks, settleTicks } = paramsOf(PARAMS, params);
    const stretches = leaderlessStretches(run.trace, run.endTick);
    let judged = 0;
    for (const w of run.stableWindows) {
      judged++;
      for (const s of stretches) {
        const from = Math.max(s.fromTick, w.startTick + settleTicks);
        const until = Math.min(s.untilTick, w.endTick);
        if (until - from > withinTicks) {
          return {
            met: false,
            detail: `no leader from ${clockTime(from)} to ${clockTime(until)} inside the calm stretch ${clockTime(w.startTick)}-${clockTime(w.endTick)}; the goal is a leader within ${seconds(withinTicks)} after ${seconds(settleTicks)} of calm`,
            evidence: [s.i],
          };
        }
      }
    }
    return { met: true, detail: `${judged} calm stretches, never more than ${seconds(withinTicks)} without a leader` };
  },
};
