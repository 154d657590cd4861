/**
 * R1: every order charged at most once, and settled: acknowledged only if charged exactly once,
 * or reported failed only if never charged. Charges are Payments' notes, whoever caused them.
 */
import type { GoalCheck } from "../../../sim/check.js";
import { checkParams, paramNode, paramsOf } from "../../../checks/check-params.js";
import { fail, notesIn, pass, requestsIn } from "./window.js";

const PARAMS = checkParams({ payments: paramNode("PAY", "The Payments node, whose charges count.") });

export const chargedOnce: GoalCheck = {
  id: "fallacy-gauntlet/charged-once",
  title: "R1: every order charged at most once, and every answer true",
  params: PARAMS,
  evaluate(run, params) {
    const { payments } = paramsOf(PARAMS, params);
    const charges = new Map<string, number[]>();
    for (const n of notesIn(run, "reliable", "charge", payments)) {
      const order = n.data.order;
      charges.set(order, [...(charges.get(order) ?? []), n.i]);
    }
    const orders = requestsIn(run, "reliable", "order");
    for (const { request, response } of orders) {
      const c = charges.get(request.requestId) ?? [];
      if (c.length > 1) return fail(`${request.requestId} was charged ${c.length} times`, [request.i, ...c]);
      if (!response) return fail(`${request.requestId} was never settled: no answer by the end of the round`, [request.i]);
      if (response.ok && c.length !== 1) return fail(`${request.requestId} was acknowledged but charged ${c.length} times`, [request.i, response.i]);
      if (!response.ok && c.length > 0) return fail(`${request.requestId} was reported failed, but Payments charged it`, [request.i, response.i, ...c]);
    }
    if (orders.length === 0) return fail("no orders arrived in round 1");
    return pass(`${orders.length} orders, each settled, none charged twice`);
  },
};
