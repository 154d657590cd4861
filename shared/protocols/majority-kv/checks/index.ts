/** The majority-kv checks, listed once for the registry. */
import type { GoalCheck, SafetyCheck } from "../../../sim/check.js";
import { ackedNeverLost } from "./acked-never-lost.js";
import { convergence } from "./convergence.js";
import { fencingMonotonic } from "./fencing-monotonic.js";
import { leaseOverlap } from "./lease-overlap.js";
import { majoritySells } from "./majority-sells.js";
import { noOversell } from "./no-oversell.js";
import { oneAckerPerEpoch } from "./one-acker-per-epoch.js";
import { promptAnswers } from "./prompt-answers.js";
import { queueResolved } from "./queue-resolved.js";
import { quorumBeforeAck } from "./quorum-before-ack.js";

export const MKV_SAFETY: readonly SafetyCheck[] = [noOversell, quorumBeforeAck, ackedNeverLost, oneAckerPerEpoch, fencingMonotonic, leaseOverlap];
export const MKV_GOALS: readonly GoalCheck[] = [majoritySells, queueResolved, convergence, promptAnswers];
