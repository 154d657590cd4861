/** R3: S's uplink queue never over its capacity (nothing dropped), and every record request answered. */
import type { GoalCheck } from "../../../sim/check.js";
import { checkParams, paramNode, paramsOf } from "../../../checks/check-params.js";
import { fail, notesIn, pass, requestsIn } from "./window.js";

const PARAMS = checkParams({ node: paramNode("S", "The service node whose uplink is judged.") });

export const queueCapacity: GoalCheck = {
  id: "fallacy-gauntlet/queue-capacity",
  title: "R3: the uplink queue never overflows, every request answered",
  params: PARAMS,
  evaluate(run, params) {
    const { node } = paramsOf(PARAMS, params);
    let deepest = 0;
    for (const n of notesIn(run, "bandwidth", "uplink", node)) {
      const { depth, capacity, dropped } = n.data;
      deepest = Math.max(deepest, depth);
      if (dropped !== undefined) return fail(`the queue held ${depth} of ${capacity} units and ${dropped} did not fit: dropped`, [n.i]);
      if (depth > capacity) return fail(`the queue reached ${depth} units, over its ${capacity}`, [n.i]);
    }
    const records = requestsIn(run, "bandwidth", "record");
    const unanswered = records.find((o) => !o.response?.ok);
    if (unanswered) return fail(`${unanswered.request.requestId} was not answered`, [unanswered.request.i]);
    if (records.length === 0) return fail("no records were requested in round 3");
    return pass(`${records.length} records answered; the queue peaked at ${deepest} units`);
  },
};
