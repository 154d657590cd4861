/** The service's messages per committed user stay within a budget (the outbox halves them). */
import type { GoalCheck } from "../../../sim/check.js";
import { committed } from "./events.js";

export const messagesPerSignup: GoalCheck = {
  id: "welcome-email/messages-per-signup",
  title: "Few messages per signup",
  evaluate(run, params) {
    const max = typeof params.max === "number" ? params.max : 1.5;
    const node = typeof params.node === "string" ? params.node : "SVC";
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
