/**
 * Lamport goal (efficiency): most posting prompts are answered quickly. Judged like every
 * liveness goal only inside stable windows, and as a share (90% by default) because the design
 * asks for "respond to 90% of prompts within 4 gs", not for every single one.
 */
import type { GoalCheck } from "../../../sim/check.js";
import { requestOutcomes } from "../../../checks/requests.js";
import { seconds } from "../../../base/game-time.js";
import { checkParams, paramInteger, paramsOf, paramTicks } from "../../../checks/check-params.js";

const PARAMS = checkParams({
  withinTicks: paramTicks(40, "How soon a prompt must be answered."),
  percent: paramInteger(90, "The share of prompts that must be answered in time, in percent.", { minimum: 0, maximum: 100 }),
});

export const lamportPromptsOnTime: GoalCheck = {
  id: "lamport/prompts-on-time",
  title: "Most prompts answered in time",
  params: PARAMS,
  evaluate(run, params) {
    const { withinTicks, percent } = paramsOf(PARAMS, params);
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
