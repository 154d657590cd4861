/** No user gets two welcome emails (the "at least one" half is the emails-match-users goal). */
import type { SafetyCheck } from "../../../sim/check.js";
import { emailSent } from "./events.js";

export const emailExactlyOnce: SafetyCheck = {
  id: "welcome-email/email-exactly-once",
  title: "No user gets two welcome emails",
  explain:
    "The provider sent the same user a second welcome email. A timeout does not mean \"not sent\": the email may have gone out and only the reply was lost. A retry is safe only with an idempotency key the provider recognises.",
  create() {
    const firstAt = new Map<string, number>();
    return {
      observe(event) {
        const user = emailSent(event);
        if (user === null) return null;
        const first = firstAt.get(user);
        if (first === undefined) {
          firstAt.set(user, event.i);
          return null;
        }
        return { tick: event.tick, message: `${user} got a second welcome email`, evidence: [first, event.i] };
      },
    };
  },
};
