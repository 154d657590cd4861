/** The eight rounds' checks, in round order. */
import type { GoalCheck } from "../../../sim/check.js";
import { chargedOnce } from "./r1-charged-once.js";
import { pageDeadline } from "./r2-page-deadline.js";
import { queueCapacity } from "./r3-queue-capacity.js";
import { signedOnly } from "./r4-signed-only.js";
import { successAfterMove } from "./r5-success-after-move.js";
import { noDecodeErrors } from "./r6-no-decode-errors.js";
import { costBudget } from "./r7-cost-budget.js";
import { deliveredByDeadline } from "./r8-delivered.js";

export const ROUND_CHECKS: readonly GoalCheck[] = [chargedOnce, pageDeadline, queueCapacity, signedOnly, successAfterMove, noDecodeErrors, costBudget, deliveredByDeadline];
