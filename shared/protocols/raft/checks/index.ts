/** The Raft level's checks, listed once for the registry. */
import type { GoalCheck, SafetyCheck } from "../../../sim/check.js";
import { raftAckedEverywhere } from "./acked-everywhere.js";
import { raftAckedSurvives } from "./acked-survives.js";
import { raftAnsweredWithin } from "./answered-within.js";
import { raftCommitRule } from "./commit-rule.js";
import { raftElectionSafety } from "./election-safety.js";
import { raftLeaderCompleteness } from "./leader-completeness.js";
import { raftLeaderWithin } from "./leader-within.js";
import { raftLogMatching } from "./log-matching.js";
import { raftStateMachineSafety } from "./state-machine-safety.js";
import { raftTermMonotonic } from "./term-monotonic.js";
import { raftElectionsAtMost } from "./elections-at-most.js";
import { raftVoteOnce } from "./vote-once.js";

export const RAFT_SAFETY: readonly SafetyCheck[] = [
  raftElectionSafety,
  raftVoteOnce,
  raftTermMonotonic,
  raftLogMatching,
  raftLeaderCompleteness,
  raftStateMachineSafety,
  raftAckedSurvives,
  raftCommitRule,
];

export const RAFT_GOALS: readonly GoalCheck[] = [raftLeaderWithin, raftElectionsAtMost, raftAnsweredWithin, raftAckedEverywhere];
