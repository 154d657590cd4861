/** The majority-kv checks, listed once for the registry. */
import type { GoalCheck, SafetyCheck } from "./check.js";
import { ackedNeverLost } from "./majority-kv-acked-never-lost.js";
import { convergence } from "./majority-kv-convergence.js";
import { fencingMonotonic } from "./majority-kv-fencing-monotonic.js";
import { majoritySells } from "./majority-kv-majority-sells.js";
import { noOversell } from "./majority-kv-no-oversell.js";
import { oneAckerPerEpoch } from "./majority-kv-one-acker-per-epoch.js";
import { promptAnswers } from "./majority-kv-prompt-answers.js";
import { queueResolved } from "./majority-kv-queue-resolved.js";
import { quorumBeforeAck } from "./majority-kv-quorum-before-ack.js";

export const MKV_SAFETY: readonly SafetyCheck[] = [noOversell, quorumBeforeAck, ackedNeverLost, oneAckerPerEpoch, fencingMonotonic];
export const MKV_GOALS: readonly GoalCheck[] = [majoritySells, queueResolved, convergence, promptAnswers];
