/** Welcome-email's checks: safety (no duplicate, no phantom email) and goals (latency, emails = users, frugality). */
import type { GoalCheck, SafetyCheck } from "../../../sim/check.js";
import { emailExactlyOnce } from "./email-exactly-once.js";
import { emailLatency } from "./email-latency.js";
import { emailsMatchUsers } from "./emails-match-users.js";
import { messagesPerSignup } from "./messages-per-signup.js";
import { noPhantomEmail } from "./no-phantom-email.js";

export const WELCOME_SAFETY: readonly SafetyCheck[] = [emailExactlyOnce, noPhantomEmail];
export const WELCOME_GOALS: readonly GoalCheck[] = [emailLatency, emailsMatchUsers, messagesPerSignup];
