/**
 * No phantom email: a welcome email only for a user the DB has committed. Judged at the email
 * (commits are never undone in this protocol, so a user committed then is committed at the end).
 */
import type { SafetyCheck } from "../../../sim/check.js";
import { committed, emailSent } from "./events.js";

export const noPhantomEmail: SafetyCheck = {
  id: "welcome-email/no-phantom-email",
  title: "No email for a user the DB does not have",
  explain:
    "A welcome email went out for a user the DB had not committed. If the insert then fails, or the process dies before it, someone got a welcome to an account that does not exist. Commit first; send after.",
  create() {
    const users = new Set<string>();
    return {
      observe(event) {
        const c = committed(event);
        if (c !== null) users.add(c);
        const user = emailSent(event);
        if (user === null || users.has(user)) return null;
        return { tick: event.tick, message: `${user} was emailed before the DB committed it`, evidence: [event.i] };
      },
    };
  },
};
