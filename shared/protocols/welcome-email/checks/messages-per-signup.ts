/** The service's messages per committed user stay within a budget (the outbox halves them). */
import type { GoalCheck } from "../../../sim/check.js";
import { committed } from "./events.js";
import { checkParams, paramNode, paramNumber, paramsOf } from "../../../checks/check-params.js";

const PARAMS = checkParams({ max: paramNumber(1.5, "The most messages per signup the goal allows.", { minimum: 0 }), node: paramNode("SVC", "The node whose messages are counted.") });

export const messagesPerSignup: GoalCheck = {
  id: "welcome-email/messages-per-signup",
  title: "Few messages per signup",
  params: PARAMS,
  evaluate(run, params) {
    const { max, node } = paramsOf(PARAMS, params);
    const users = new Set<string>();
    let sent = 0;
    for (const event of run.trace) {
      if (event.kind === "send" && event.node === node) sent++;
      const user = committed(event);
      if (user !== null) users.add(user);
    }
    const ratio = users.size === 0 ? 0 : sent / users.size;
    return { met: users.size > 0 && ratio <= max, detail: `${node} sent ${sent} messages for ${users.size} signups (${ratio.toFixed(2)} each); the budget is ${max}` };
  },
};
