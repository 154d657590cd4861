/**
 * Lamport goal (efficiency): most posting prompts are answered quickly. Judged like every
 * liveness goal only inside stable windows, and as a share (90% by default) because the design
 * asks for "respond to 90% of prompts within 4 gs", not for every single one.
 */
import type { GoalCheck } from "../../../sim/check.js";
import { requestOutcomes } from "../../../checks/requests.js";
import { seconds } from "../../../base/game-time.js";

export const lamportPromptsOnTime: GoalCheck = {
  id: "lamport/prompts-on-time",
  title: "Most prompts answered in time",
  evaluate(run, params) {
    const withinTicks = typeof params.withinTicks === "number" ? params.withinTicks : 40;
    const percent = typeof params.percent === "number" ? params.percent : 90;
    const seats = new Set(run.level.seats.nodes);
    let judged = 0;
    let onTime = 0;
    let firstLate: number[] | undefined;
    for (const { request, response } of requestOutcomes(run.trace)) {
      if (!seats.has(request.node)) continue;
      if (!run.stableWindows.some((w) => request.tick >= w.startTick && request.tick + withinTicks <= w.endTick)) continue;
      judged++;
      if (response?.ok && response.tick <= request.tick + withinTicks) onTime++;
      else firstLate ??= response ? [request.i, response.i] : [request.i];
    }
    const met = judged === 0 || onTime * 100 >= percent * judged;
    const detail = `${onTime} of ${judged} prompts answered within ${seconds(withinTicks)}; the goal is ${percent}%`;
    return met || !firstLate ? { met, detail } : { met, detail, evidence: firstLate };
  },
};
