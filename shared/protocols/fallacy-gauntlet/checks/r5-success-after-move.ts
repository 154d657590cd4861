/** R5: of the stock requests that arrived after Inventory moved, at least 90% answered OK in time. */
import type { GoalCheck } from "../../../sim/check.js";
import { checkParams, paramNumber, paramsOf, paramTicks } from "../../../checks/check-params.js";
import { levelSchedule, roundStart } from "../schedule.js";
import { MOVE_AT } from "../r5-topology.js";
import { fail, pass, requestsIn } from "./window.js";

const PARAMS = checkParams({
  rate: paramNumber(0.9, "The least share of requests after the move answered OK in time.", { minimum: 0, maximum: 1 }),
  withinTicks: paramTicks(30, "How soon a request counts as a success."),
});

export const successAfterMove: GoalCheck = {
  id: "fallacy-gauntlet/success-after-move",
  title: "R5: success rate after the move at least 90%",
  params: PARAMS,
  evaluate(run, params) {
    const { rate, withinTicks } = paramsOf(PARAMS, params);
    const moveTick = roundStart(levelSchedule(run.level), "topology") + MOVE_AT;
    const after = requestsIn(run, "topology", "stock").filter((o) => o.request.tick >= moveTick);
    if (after.length === 0) return fail("no stock requests arrived after the move");
    const ok = after.filter((o) => o.response?.ok && o.response.tick <= o.request.tick + withinTicks);
    const share = ok.length / after.length;
    const first = after.find((o) => !ok.includes(o));
    const detail = `${ok.length} of ${after.length} requests after the move answered in time (${Math.round(share * 100)}%)`;
    return share >= rate ? pass(detail) : fail(`${detail}; the goal is ${Math.round(rate * 100)}%`, first ? [first.request.i] : undefined);
  },
};
