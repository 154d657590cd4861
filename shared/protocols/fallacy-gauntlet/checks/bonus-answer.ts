/**
 * Bonus: S's first answer is "unknown", or a count with its staleness bound ("at least N, as of
 * t ago") that contains the true number of orders Payments held at the moment of the answer.
 */
import type { GoalCheck } from "../../../sim/check.js";
import { checkParams, paramNode, paramsOf } from "../../../checks/check-params.js";
import { fail, notesIn, pass } from "./window.js";

const PARAMS = checkParams({ payments: paramNode("PAY", "The node whose orders are counted."), node: paramNode("S", "The service node judged.") });

export const bonusAnswer: GoalCheck = {
  id: "fallacy-gauntlet/bonus-answer",
  title: "Bonus: \"unknown\", or a count with a staleness bound that holds",
  params: PARAMS,
  evaluate(run, params) {
    const { payments, node } = paramsOf(PARAMS, params);
    const answer = notesIn(run, "bonus", "answer", node)[0];
    if (!answer) return fail(`${node} never answered`);
    const { kind } = answer.data;
    if (kind === "unknown") return pass("answered \"unknown\": true of every node");
    const truth = run.trace.filter((e) => e.kind === "note" && e.node === payments && e.name === "charge" && e.tick <= answer.tick).length;
    const orders = answer.data.orders ?? 0;
    if (kind === "exact") return fail(`answered exactly ${orders}, with no staleness bound; Payments held ${truth} then`, [answer.i]);
    if (orders > truth) return fail(`answered at least ${orders}, but Payments held ${truth}`, [answer.i]);
    return pass(`answered at least ${orders} (a report ${(answer.data.ageTicks ?? 0) / 10} s old); Payments held ${truth}`);
  },
};
