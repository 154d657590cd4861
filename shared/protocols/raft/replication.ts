/**
 * Log replication (Raft §5.3) and the commit rule (§5.4.2). The leader appends client commands,
 * sends AppendEntries carrying the entry before the new ones (prevLogIndex, prevLogTerm) so a
 * follower accepts only if its log matches up to there, repairs diverging followers by stepping
 * back, and commits an entry once a majority holds it AND it is from the leader's own term.
 * Earlier-term entries are committed only indirectly, by a later current-term entry (Figure 8).
 */
import type { Effect, NodeContext, Step } from "../../sim/protocol.js";
import { isMajority } from "../../base/quorum.js";
import {
  ENTRIES_PER_MESSAGE_MAX,
  armElection,
  membersOf,
  peersOf,
  termAt,
  type AppendEntriesPayload,
  type AppendReplyPayload,
  type LogEntry,
  type RaftState,
} from "./state.js";
import { adoptTerm, chain, type ElectionTicks } from "./term.js";
import { RAFT_NOTES } from "./notes.js";

// ---- Leader side -----------------------------------------------------------------------------

/** Append an entry of the current term to the leader's own log (a command, or the no-op). */
export function appendEntry(s: RaftState, requestId: string | null, command: string): Step<RaftState> {
  const entry: LogEntry = { term: s.currentTerm, command, requestId };
  const index = s.log.length + 1;
  const waiting = requestId === null ? s.waiting : [...s.waiting, { requestId, index, term: s.currentTerm }];
  return {
    state: { ...s, log: [...s.log, entry], waiting },
    effects: [RAFT_NOTES.write("append", { index, term: entry.term, command })],
  };
}

/** A client's command: appended; the request waits for the commit. */
export function appendCommand(s: RaftState, requestId: string, command: string): Step<RaftState> {
  return appendEntry(s, requestId, command);
}

export function appendPayload(s: RaftState, peer: string): AppendEntriesPayload {
  const next = Math.min(Math.max(1, s.nextIndex[peer] ?? s.log.length + 1), s.log.length + 1);
  const prevLogIndex = next - 1;
  return {
    term: s.currentTerm,
    leader: "",
    prevLogIndex,
    prevLogTerm: termAt(s, prevLogIndex),
    entries: s.log.slice(prevLogIndex, prevLogIndex + ENTRIES_PER_MESSAGE_MAX),
    leaderCommit: s.commitIndex,
  };
}

export function sendAppend(s: RaftState, peer: string, ctx: NodeContext): Effect {
  return { kind: "send", to: peer, type: "AppendEntries", payload: { ...appendPayload(s, peer), leader: ctx.self } };
}

/** AppendEntries to every peer: new entries where a peer lacks them, a heartbeat otherwise. */
export function broadcastAppend(s: RaftState, ctx: NodeContext): Effect[] {
  return peersOf(ctx).map((peer) => sendAppend(s, peer, ctx));
}

/** Who holds entry `index`: the leader itself plus every peer whose matchIndex reaches it. */
export function replicasOf(s: RaftState, index: number, ctx: NodeContext): string[] {
  const holders = s.log.length >= index ? [ctx.self] : [];
  for (const peer of peersOf(ctx)) if ((s.matchIndex[peer] ?? 0) >= index) holders.push(peer);
  return holders;
}

/**
 * The highest index the leader may commit by counting replicas. Correct Raft counts only
 * entries of its current term; `anyTerm` is the Figure 8 bug (counting an older term's entry).
 */
export function commitCandidate(s: RaftState, ctx: NodeContext, anyTerm: boolean): number | null {
  const members = membersOf(ctx);
  for (let n = s.log.length; n > s.commitIndex; n--) {
    if (!anyTerm && termAt(s, n) !== s.currentTerm) continue;
    if (isMajority(replicasOf(s, n, ctx), members)) return n;
  }
  return null;
}

/** The leader decides to commit up to `index`: "counted" records what it counted, for checkers. */
export function advanceCommitTo(s: RaftState, index: number, ctx: NodeContext): Step<RaftState> {
  const counted: Effect = RAFT_NOTES.write("counted", { index, entryTerm: termAt(s, index), term: s.currentTerm, replicas: replicasOf(s, index, ctx) });
  const step = commitTo(s, index);
  return { state: step.state, effects: [counted, ...step.effects] };
}

/** A leader advances its commit index if the rule allows (the bots and the autopilot). */
export function maybeAdvanceCommit(s: RaftState, ctx: NodeContext, anyTerm: boolean): Step<RaftState> {
  if (s.role !== "leader") return { state: s, effects: [] };
  const n = commitCandidate(s, ctx, anyTerm);
  return n === null ? { state: s, effects: [] } : advanceCommitTo(s, n, ctx);
}

/** Record a follower's answer: matchIndex/nextIndex move; a failure steps nextIndex back. */
export function recordReply(s: RaftState, from: string, p: AppendReplyPayload): RaftState {
  const match = s.matchIndex[from] ?? 0;
  if (p.success) {
    const newMatch = Math.max(match, Math.min(p.matchIndex, s.log.length));
    return { ...s, matchIndex: { ...s.matchIndex, [from]: newMatch }, nextIndex: { ...s.nextIndex, [from]: Math.max(s.nextIndex[from] ?? 1, newMatch + 1) } };
  }
  const next = s.nextIndex[from] ?? s.log.length + 1;
  const stepped = Math.max(match + 1, 1, Math.min(next - 1, p.conflictIndex));
  return { ...s, nextIndex: { ...s.nextIndex, [from]: stepped } };
}

export interface ReplyHandling {
  /** Advance the commit index when the rule allows (bot; a human decides this themselves). */
  commit: boolean;
  /** Send the next try at once after a failed consistency check (the auto-replicate chore). */
  resend: boolean;
  anyTerm: boolean;
}

/** The leader's handling of an AppendEntries reply. */
export function handleAppendReply(s: RaftState, from: string, p: AppendReplyPayload, ctx: NodeContext, electionTicks: ElectionTicks, how: ReplyHandling): Step<RaftState> {
  if (p.term > s.currentTerm) return adoptTerm(s, p.term, ctx, electionTicks);
  if (s.role !== "leader" || p.term !== s.currentTerm) return { state: s, effects: [] }; // stale
  const state = recordReply(s, from, p);
  if (!p.success) return { state, effects: how.resend ? [sendAppend(state, from, ctx)] : [] };
  return how.commit ? maybeAdvanceCommit(state, ctx, how.anyTerm) : { state, effects: [] };
}

// ---- Follower side ---------------------------------------------------------------------------

export type AppendVerdict = "stale-term" | "mismatch" | "match";

/** The consistency check: is the sender's term current, and do we hold prevLogIndex with prevLogTerm? */
export function appendVerdict(s: RaftState, p: AppendEntriesPayload): AppendVerdict {
  if (p.term < s.currentTerm) return "stale-term";
  if (p.prevLogIndex > s.log.length || termAt(s, p.prevLogIndex) !== p.prevLogTerm) return "mismatch";
  return "match";
}

function reply(to: string, payload: AppendReplyPayload): Effect {
  return { kind: "send", to, type: "AppendReply", payload };
}

/**
 * Hearing a current leader: adopt its term, follow it, reset the election timer. (A leader never
 * follows another leader of its own term: that cannot happen in correct Raft.)
 */
export function followLeader(s: RaftState, p: AppendEntriesPayload, ctx: NodeContext, electionTicks: ElectionTicks): Step<RaftState> {
  return chain(adoptTerm(s, p.term, ctx, electionTicks), (t) => {
    if (t.role === "leader") return { state: t, effects: [] };
    const state: RaftState = { ...t, role: "follower", leaderId: p.leader, votes: [], answered: [], electionDue: false };
    return { state, effects: [{ kind: "cancel-timer", name: "vote-retry" }, armElection(electionTicks(state, ctx), ctx)] };
  });
}

/**
 * Store the entries after prevLogIndex: an existing entry that conflicts (same index, other
 * term) is deleted with everything after it; entries already there are kept (a late or
 * duplicated message must not cut off newer entries).
 */
export function storeEntries(s: RaftState, prevLogIndex: number, entries: readonly LogEntry[]): Step<RaftState> {
  let log = s.log;
  const effects: Effect[] = [];
  entries.forEach((entry, k) => {
    const index = prevLogIndex + 1 + k;
    const existing = log[index - 1];
    if (existing && existing.term === entry.term) return;
    if (existing) {
      effects.push(RAFT_NOTES.write("truncate", { fromIndex: index, removed: log.length - index + 1 }));
      log = log.slice(0, index - 1);
    }
    log = [...log, { term: entry.term, command: entry.command, requestId: entry.requestId }];
    effects.push(RAFT_NOTES.write("append", { index, term: entry.term, command: entry.command }));
  });
  const step = answerWaiting({ ...s, log });
  return { state: step.state, effects: [...effects, ...step.effects] };
}

/** Accept an AppendEntries that passed the check: store, learn the commit index, say yes. */
export function acceptAppend(s: RaftState, from: string, p: AppendEntriesPayload): Step<RaftState> {
  const lastNew = p.prevLogIndex + p.entries.length;
  return chain(storeEntries(s, p.prevLogIndex, p.entries), (t) => {
    const learned = Math.min(p.leaderCommit, lastNew);
    const committed = learned > t.commitIndex ? commitTo(t, learned) : { state: t, effects: [] };
    const ok: AppendReplyPayload = { term: t.currentTerm, success: true, matchIndex: lastNew, conflictIndex: 0 };
    return { state: committed.state, effects: [...committed.effects, reply(from, ok)] };
  });
}

/** Where the leader should try next after a failed check at prevLogIndex (see AppendReplyPayload). */
export function conflictIndexFor(s: RaftState, prevLogIndex: number): number {
  if (prevLogIndex > s.log.length) return s.log.length + 1;
  const conflictTerm = termAt(s, prevLogIndex);
  let first = prevLogIndex;
  while (first > 1 && termAt(s, first - 1) === conflictTerm) first--;
  return first;
}

export function rejectAppend(s: RaftState, from: string, prevLogIndex: number): Step<RaftState> {
  const no: AppendReplyPayload = { term: s.currentTerm, success: false, matchIndex: 0, conflictIndex: conflictIndexFor(s, prevLogIndex) };
  return { state: s, effects: [reply(from, no)] };
}

/** The whole follower rule for AppendEntries (the bots and the auto-ack chore). */
export function handleAppendEntries(s: RaftState, from: string, p: AppendEntriesPayload, ctx: NodeContext, electionTicks: ElectionTicks): Step<RaftState> {
  if (appendVerdict(s, p) === "stale-term") return rejectAppend(s, from, p.prevLogIndex);
  return chain(followLeader(s, p, ctx, electionTicks), (t) => {
    if (t.role === "leader") return rejectAppend(t, from, p.prevLogIndex);
    return appendVerdict(t, p) === "match" ? acceptAppend(t, from, p) : rejectAppend(t, from, p.prevLogIndex);
  });
}

// ---- Commit, apply, answer clients -----------------------------------------------------------

/** Move the commit index forward and apply what it covers (notes for every entry). */
export function commitTo(s: RaftState, index: number): Step<RaftState> {
  const target = Math.min(index, s.log.length);
  if (target <= s.commitIndex) return { state: s, effects: [] };
  const effects: Effect[] = [];
  for (let i = s.commitIndex + 1; i <= target; i++) {
    const e = s.log[i - 1]!;
    effects.push(RAFT_NOTES.write("commit", { index: i, term: e.term, command: e.command }));
  }
  // The state machine applies in order, right away: lastApplied catches up with commitIndex.
  for (let i = Math.max(s.lastApplied, 0) + 1; i <= target; i++) {
    const e = s.log[i - 1]!;
    effects.push(RAFT_NOTES.write("apply", { index: i, term: e.term, command: e.command }));
  }
  const step = answerWaiting({ ...s, commitIndex: target, lastApplied: Math.max(s.lastApplied, target) });
  return { state: step.state, effects: [...effects, ...step.effects] };
}

/**
 * Answer the clients whose fate is now known: OK once their entry is committed, "dropped" once
 * their entry has been replaced by another leader's (it can never commit). Others keep waiting.
 */
export function answerWaiting(s: RaftState): Step<RaftState> {
  if (s.waiting.length === 0) return { state: s, effects: [] };
  const effects: Effect[] = [];
  const waiting = s.waiting.filter((w) => {
    const entry = s.log[w.index - 1];
    // Our entry was replaced by a newer leader's (or cut): by Log Matching no leader can bring it back.
    if (!entry || entry.term !== w.term) {
      effects.push({ kind: "respond", requestId: w.requestId, ok: false, status: "dropped", result: { index: w.index } });
      return false;
    }
    if (w.index > s.commitIndex) return true;
    effects.push({ kind: "respond", requestId: w.requestId, ok: true, status: "ok", result: { index: w.index, term: entry.term, command: entry.command } });
    return false;
  });
  return { state: { ...s, waiting }, effects };
}

/**
 * A node that does not lead tells the client so, with its best guess of who does: a redirect, the
 * protocol working (even with no guess, during an election: the client tries another node). A
 * leader that turns a client away (Free mode) is refusing it: that one is an error.
 */
export function redirect(s: RaftState, requestId: string): Effect {
  return { kind: "respond", requestId, ok: false, status: "not-leader", result: { leaderHint: s.leaderId }, redirect: s.role !== "leader" };
}
