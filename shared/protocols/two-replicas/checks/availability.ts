/**
 * Availability(round): the share of requests of a window answered without an error within the
 * SLA. Requests a crashed node never received are not counted (CAP's A asks it of live nodes);
 * a live node that refuses, or a client left waiting, counts against it.
 */
import { checkParams, paramNumber, paramsOf, paramTicks } from "../../../checks/check-params.js";
import { requestOutcomes } from "../../../checks/requests.js";
import type { GoalCheck } from "../../../sim/check.js";
import { seconds } from "../../../sim/screen-text.js";
import { WINDOW } from "./windows.js";

const PARAMS = checkParams({
  ...WINDOW,
  withinTicks: paramTicks(20, "The SLA: how soon each request must be answered."),
  min: paramNumber(1, "The least share answered OK within the SLA, 0 to 1.", { minimum: 0, maximum: 1 }),
});

export const availability: GoalCheck = {
  id: "two-replicas/availability",
  title: "Requests answered within the SLA",
  params: PARAMS,
  evaluate(run, params) {
    const { fromTick, toTick, withinTicks, min } = paramsOf(PARAMS, params);
    const judged = requestOutcomes(run.trace).filter((o) => o.request.tick >= fromTick && o.request.tick < toTick);
    const good = judged.filter((o) => o.response?.ok && o.response.tick - o.request.tick <= withinTicks);
    const share = judged.length === 0 ? 1 : good.length / judged.length;
    const bad = judged.find((o) => !(o.response?.ok && o.response.tick - o.request.tick <= withinTicks));
    const detail = `${good.length} of ${judged.length} requests answered OK within ${seconds(withinTicks)} (${Math.floor(share * 1000) / 10}%); the goal is ${Math.round(min * 100)}%`;
    return { met: share >= min, detail, ...(share < min && bad ? { evidence: bad.response ? [bad.request.i, bad.response.i] : [bad.request.i] } : {}) };
  },
};
