/** R6: no decode failure after the schema change (and events still decoded after it). */
import type { GoalCheck } from "../../../sim/check.js";
import { checkParams, paramNode, paramsOf } from "../../../checks/check-params.js";
import { levelSchedule, roundStart } from "../schedule.js";
import { CHANGE_AT } from "../r6-admin.js";
import { fail, notesIn, pass } from "./window.js";

const PARAMS = checkParams({ node: paramNode("S", "The service node judged.") });

export const noDecodeErrors: GoalCheck = {
  id: "fallacy-gauntlet/no-decode-errors",
  title: "R6: no decode failures after the schema change",
  params: PARAMS,
  evaluate(run, params) {
    const { node } = paramsOf(PARAMS, params);
    const change = roundStart(levelSchedule(run.level), "admin") + CHANGE_AT;
    const errors = notesIn(run, "admin", "decode-error", node).filter((n) => n.tick >= change);
    if (errors.length > 0) return fail(`${errors.length} events failed to decode after the change, the first: ${errors[0]!.data.reason}`, [errors[0]!.i]);
    const decoded = notesIn(run, "admin", "decoded", node).filter((n) => n.tick >= change).length;
    if (decoded === 0) return fail("no event was decoded after the change");
    return pass(`${decoded} events decoded after the change, none failed`);
  },
};
