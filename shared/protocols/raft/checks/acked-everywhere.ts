/**
 * Convergence: every command acknowledged (at least marginTicks before the end) is, at the end,
 * in the committed part of the log of every node that is up, at the index the client was told.
 */
import type { GoalCheck } from "../../../sim/check.js";
import { checkParams, paramsOf, paramTicks } from "../../../checks/check-params.js";

const PARAMS = checkParams({ marginTicks: paramTicks(50, "How long before the end an acknowledged write must have reached every live node to be judged.") });

interface FinalRaft {
  log?: { term: number; command: string }[];
  commitIndex?: number;
}

export const raftAckedEverywhere: GoalCheck = {
  id: "raft/acked-everywhere",
  title: "Every acknowledged command ends up committed on every live node",
  params: PARAMS,
  evaluate(run, params) {
    const { marginTicks } = paramsOf(PARAMS, params);
    let judged = 0;
    for (const e of run.trace) {
      if (e.kind !== "response" || !e.ok || e.tick > run.endTick - marginTicks) continue;
      const r = e.result as { index?: unknown; command?: unknown } | null;
      if (typeof r?.index !== "number" || typeof r.command !== "string") continue;
      judged++;
      for (const node of run.upAtEnd) {
        const s = run.finalStates[node] as FinalRaft | undefined;
        const entry = s?.log?.[r.index - 1];
        if (entry?.command !== r.command || (s?.commitIndex ?? 0) < r.index) {
          return { met: false, detail: `${node} does not hold "${r.command}" committed at index ${r.index} at the end`, evidence: [e.i] };
        }
      }
    }
    return { met: true, detail: `${judged} acknowledged commands, all committed on every live node` };
  },
};
