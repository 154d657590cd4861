/** The Lamport level's checks, listed once for the registry. */
import type { GoalCheck, SafetyCheck } from "../../../sim/check.js";
import { lamportArchive } from "./archive.js";
import { lamportClockCondition } from "./clock-condition.js";
import { lamportDuplicates } from "./duplicates.js";
import { lamportHistoryPublished } from "./history.js";
import { lamportMonotonic } from "./monotonic.js";
import { lamportPromptsOnTime } from "./prompts.js";
import { lamportQuizCorrect } from "./quiz.js";
import { lamportReceive } from "./receive.js";

export const LAMPORT_SAFETY: readonly SafetyCheck[] = [lamportMonotonic, lamportReceive, lamportClockCondition, lamportArchive];
export const LAMPORT_GOALS: readonly GoalCheck[] = [lamportHistoryPublished, lamportDuplicates, lamportPromptsOnTime, lamportQuizCorrect];
