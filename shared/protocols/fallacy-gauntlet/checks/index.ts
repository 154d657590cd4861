/** The gauntlet's checks: one goal per round, the bonus, and the count the stars use. No safety check: a round lost costs that round. */
import type { GoalCheck } from "../../../sim/check.js";
import { bonusAnswer } from "./bonus-answer.js";
import { ROUND_CHECKS } from "./round-checks.js";
import { roundsCleared } from "./rounds-cleared.js";

export const GAUNTLET_GOALS: readonly GoalCheck[] = [...ROUND_CHECKS, bonusAnswer, roundsCleared];
