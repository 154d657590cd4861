/** The Raft level's checks, listed once for the registry. */
import type { GoalCheck, SafetyCheck } from "./check.js";
import { raftAckedEverywhere } from "./raft-acked-everywhere.js";
import { raftAckedSurvives } from "./raft-acked-survives.js";
import { raftAnsweredWithin } from "./raft-answered-within.js";
import { raftCommitRule } from "./raft-commit-rule.js";
import { raftElectionSafety } from "./raft-election-safety.js";
import { raftLeaderCompleteness } from "./raft-leader-completeness.js";
import { raftLeaderWithin } from "./raft-leader-within.js";
import { raftLogMatching } from "./raft-log-matching.js";
import { raftStateMachineSafety } from "./raft-state-machine-safety.js";
import { raftTermMonotonic } from "./raft-term-monotonic.js";
import { raftElectionsAtMost } from "./raft-elections-at-most.js";
import { raftVoteOnce } from "./raft-vote-once.js";

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
