/**
 * Raft (chapter 6, "Reach Consensus"): five peers elect a leader per term and replicate a log of
 * client commands. This file only assembles the Protocol; the rules live in raft-election.ts
 * (votes), raft-replication.ts (AppendEntries and the commit rule), raft-bots.ts, raft-human.ts
 * and raft-actions.ts.
 */
import type { Protocol } from "../../sim/protocol.js";
import { RAFT_ACTIONS } from "./actions.js";
import { RAFT_BOTS } from "./bots.js";
import { raftBotMove } from "./bot-moves.js";
import { CHORES, raftHuman } from "./human.js";
import { DURABLE_FIELDS, initRaftState, type RaftState } from "./state.js";
import { RAFT_GOALS, RAFT_SAFETY } from "./checks/index.js";
import { RAFT_OPTIONS } from "./options.js";
import { RAFT_SCREEN } from "./screen.js";
import { RAFT_NOTES } from "./notes.js";

export const raft: Protocol<RaftState> = {
  id: "raft",
  title: "Raft: elect a leader, replicate a log, commit by majority",
  messageTypes: {
    RequestVote: { summary: "A candidate asks for your vote: its term, and its log's last index and last term." },
    Vote: { summary: "The answer to a RequestVote: granted or not, with the voter's term." },
    AppendEntries: { summary: "The leader's entries after (prevLogIndex, prevLogTerm), and its commit index. Empty: a heartbeat." },
    AppendReply: { summary: "A follower's answer: success and how far its log now matches, or failure and where the leader should try next (the first index of the conflicting term, or just past the end of its log)." },
  },
  durableFields: DURABLE_FIELDS,
  init: () => initRaftState(),
  bots: RAFT_BOTS,
  actions: RAFT_ACTIONS,
  autopilot: {
    [CHORES.heartbeat]: { label: "Auto-heartbeat", summary: "As leader, send AppendEntries to everyone every heartbeat interval (and right after winning)." },
    [CHORES.replicate]: { label: "Auto-replicate", summary: "As leader, when a follower's log does not match, step back and send it the earlier entries at once." },
    [CHORES.ack]: { label: "Auto-ack", summary: "As follower, run the consistency check on every AppendEntries and answer it yourself." },
    [CHORES.redirect]: { label: "Auto-redirect", summary: "When you are not the leader, tell clients so (with your best guess of the leader)." },
  },
  human: raftHuman,
  checks: { safety: RAFT_SAFETY, goals: RAFT_GOALS },
  options: RAFT_OPTIONS,
  roles: { peer: { min: 1, max: 32 } },
  screen: RAFT_SCREEN,
  notes: RAFT_NOTES.schemas,
  botMove: raftBotMove,
};
