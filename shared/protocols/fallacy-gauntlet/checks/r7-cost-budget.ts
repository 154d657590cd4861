/** R7: the forwarding bill within budget, and every event forwarded within the latency limit. */
import type { GoalCheck } from "../../../sim/check.js";
import { checkParams, paramNode, paramNumber, paramsOf, paramTicks } from "../../../checks/check-params.js";
import { seconds } from "../../../sim/screen-text.js";
import { messageCostTenths } from "../r7-cost.js";
import { fail, pass, requestsIn, sendsIn } from "./window.js";

const PARAMS = checkParams({
  budgetCoins: paramNumber(20, "The most the forwarding may cost, in coins.", { minimum: 0 }),
  limitTicks: paramTicks(30, "The longest an event may wait before it is forwarded."),
  node: paramNode("S", "The service node judged."),
});

export const costBudget: GoalCheck = {
  id: "fallacy-gauntlet/cost-budget",
  title: "R7: cost within budget, latency within the limit",
  params: PARAMS,
  evaluate(run, params) {
    const { budgetCoins, limitTicks, node } = paramsOf(PARAMS, params);
    const batches = sendsIn(run, "cost", "batch", node);
    const sentAt = new Map<string, { tick: number; i: number }>();
    let tenths = 0;
    for (const b of batches) {
      const events = ((b.payload as { events?: unknown[] } | null)?.events ?? []).map(String);
      tenths += messageCostTenths(events.length);
      for (const id of events) if (!sentAt.has(id)) sentAt.set(id, { tick: b.tick, i: b.i });
    }
    const coins = tenths / 10;
    const events = requestsIn(run, "cost", "forward");
    if (events.length === 0) return fail("no events arrived in round 7");
    if (coins > budgetCoins) return fail(`${batches.length} messages cost ${coins.toFixed(1)} coins; the budget is ${budgetCoins}`);
    for (const { request } of events) {
      const sent = sentAt.get(request.requestId);
      if (!sent) return fail(`${request.requestId} was never forwarded`, [request.i]);
      if (sent.tick - request.tick > limitTicks) return fail(`${request.requestId} waited ${seconds(sent.tick - request.tick)}; the limit is ${seconds(limitTicks)}`, [request.i, sent.i]);
    }
    return pass(`${events.length} events in ${batches.length} messages for ${coins.toFixed(1)} coins, each within ${seconds(limitTicks)}`);
  },
};
