/** At the end (after the drain): the provider sent exactly one email per user the DB holds. */
import type { GoalCheck } from "../../../sim/check.js";
import { checkParams, paramNode, paramsOf } from "../../../checks/check-params.js";

const PARAMS = checkParams({ db: paramNode("DB", "The database node."), email: paramNode("EMAIL", "The email node.") });

const listOf = (state: Readonly<Record<string, unknown>> | undefined, field: string): string[] => {
  const value = state?.[field];
  return Array.isArray(value) ? value.map(String) : [];
};

export const emailsMatchUsers: GoalCheck = {
  id: "welcome-email/emails-match-users",
  title: "Emails equal users at the end",
  params: PARAMS,
  evaluate(run, params) {
    const { db, email } = paramsOf(PARAMS, params);
    const users = listOf(run.finalStates[db], "users");
    const mailbox = listOf(run.finalStates[email], "mailbox");
    const missing = users.filter((u) => !mailbox.includes(u));
    const met = missing.length === 0 && mailbox.length === users.length;
    const detail = met
      ? `${users.length} users, ${mailbox.length} emails`
      : `${users.length} users, ${mailbox.length} emails${missing.length > 0 ? `; never emailed: ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", ..." : ""}` : ""}`;
    return { met, detail };
  },
};
