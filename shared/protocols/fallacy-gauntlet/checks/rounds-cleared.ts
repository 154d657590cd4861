/**
 * The stars' measure: how many of the level's round goals were met (each round's own check,
 * evaluated with the level's params), and whether the bonus was too.
 */
import type { GoalCheck, GoalOutcome } from "../../../sim/check.js";
import { Type } from "@sinclair/typebox";
import { checkParams, paramInteger, paramsOf } from "../../../checks/check-params.js";
import { bonusAnswer } from "./bonus-answer.js";
import { ROUND_CHECKS } from "./round-checks.js";

const PARAMS = checkParams({
  atLeast: paramInteger(3, "How many of the eight rounds must be cleared.", { minimum: 0, maximum: 8 }),
  bonus: Type.Optional(Type.Boolean({ default: false, description: "Also the bonus question." })),
});

export const roundsCleared: GoalCheck = {
  id: "fallacy-gauntlet/rounds-cleared",
  title: "Rounds cleared",
  params: PARAMS,
  evaluate(run, params) {
    const { atLeast, bonus } = paramsOf(PARAMS, params);
    const outcome = (id: string): GoalOutcome | null => {
      const goal = run.level.goals.find((g) => g.check === id);
      const check = [...ROUND_CHECKS, bonusAnswer].find((c) => c.id === id)!;
      return goal ? check.evaluate(run, goal.params) : check.evaluate(run, {});
    };
    const cleared = ROUND_CHECKS.filter((c) => outcome(c.id)?.met).length;
    const bonusMet = !bonus || outcome(bonusAnswer.id)?.met === true;
    const detail = `${cleared} of 8 rounds cleared${bonus ? (bonusMet ? ", and the bonus" : "; the bonus was missed") : ""}; the goal is ${atLeast}${bonus ? " plus the bonus" : ""}`;
    return { met: cleared >= atLeast && bonusMet, detail };
  },
};
