/** The Lamport level's checks, listed once for the registry. */
import type { GoalCheck, SafetyCheck } from "./check.js";
import { lamportArchive } from "./lamport-archive.js";
import { lamportClockCondition } from "./lamport-clock-condition.js";
import { lamportDuplicates } from "./lamport-duplicates.js";
import { lamportHistoryPublished } from "./lamport-history.js";
import { lamportMonotonic } from "./lamport-monotonic.js";
import { lamportPromptsOnTime } from "./lamport-prompts.js";
import { lamportQuizCorrect } from "./lamport-quiz.js";
import { lamportReceive } from "./lamport-receive.js";

export const LAMPORT_SAFETY: readonly SafetyCheck[] = [lamportMonotonic, lamportReceive, lamportClockCondition, lamportArchive, lamportDuplicates];
export const LAMPORT_GOALS: readonly GoalCheck[] = [lamportHistoryPublished, lamportPromptsOnTime, lamportQuizCorrect];
