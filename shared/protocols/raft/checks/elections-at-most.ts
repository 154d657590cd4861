/**
 * Efficiency: elections started while the network is calm. Each one costs a round of messages
 * and a stretch without a leader; a crash needs one, split votes and impatient timeouts add more.
 * (Elections during a partition are not counted: the cut-off side cannot help trying.)
 */
import type { GoalCheck } from "../../../sim/check.js";
import { RAFT_NOTES } from "../notes.js";
import { checkParams, paramInteger, paramsOf } from "../../../checks/check-params.js";

const PARAMS = checkParams({ max: paramInteger(3, "The most elections the goal allows.", { minimum: 0 }) });

export const raftElectionsAtMost: GoalCheck = {
  id: "raft/elections-at-most",
  title: "Few elections while the network is calm",
  params: PARAMS,
  evaluate(run, params) {
    const { max } = paramsOf(PARAMS, params);
    const started: number[] = [];
    for (const e of run.trace) {
      // A candidate's vote for itself marks the start of its election.
      if (e.kind !== "note" || RAFT_NOTES.read(e, "vote")?.candidate !== e.node) continue;
      if (run.stableWindows.some((w) => e.tick >= w.startTick && e.tick < w.endTick)) started.push(e.i);
    }
    const met = started.length <= max;
    return { met, detail: `${started.length} elections started while the network was calm; the goal is at most ${max}`, ...(met ? {} : { evidence: started.slice(max) }) };
  },
};
