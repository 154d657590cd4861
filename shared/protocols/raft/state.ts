/**
 * Raft's node state, messages and the small helpers every other raft-*.ts file shares.
 * Durable (on disk, survives a crash): currentTerm, votedFor, log. Everything else is RAM, as in
 * Figure 2 of the Raft paper: commitIndex and lastApplied are relearned from the leader after a
 * restart, and the state machine is rebuilt by applying the log again.
 */
import type { Effect, NodeContext } from "../../sim/protocol.js";
import { membersWithRole } from "../../base/quorum.js";

export type RaftRole = "follower" | "candidate" | "leader";

export interface LogEntry {
  term: number;
  command: string;
  /** The client request this entry answers (so the leader can reply once it is committed). */
  requestId: string | null;
}

/** A client request the node still has to answer: waiting for its entry to commit. */
export interface Waiting {
  requestId: string;
  index: number;
  term: number;
}

/** Human seat bookkeeping: messages and requests waiting for the player's decision (RAM). */
export interface VoteCard {
  msgId: number;
  from: string;
  payload: RequestVotePayload;
}
export interface AppendCard {
  msgId: number;
  from: string;
  payload: AppendEntriesPayload;
}
export interface ClientCard {
  requestId: string;
  command: string;
}

export interface RaftState {
  [field: string]: unknown;
  // ---- durable ----
  currentTerm: number;
  votedFor: string | null;
  /** 1-based in Raft's numbering: entry i lives at log[i - 1]. */
  log: LogEntry[];
  // ---- RAM ----
  role: RaftRole;
  commitIndex: number;
  lastApplied: number;
  /** Who we believe leads currentTerm (the redirect hint). */
  leaderId: string | null;
  /** Candidate: who granted us a vote in currentTerm (self included). */
  votes: string[];
  /** Candidate: who answered our RequestVote in currentTerm, yes or no (no need to ask again). */
  answered: string[];
  /** Leader: next entry to send to each peer, and the highest entry known replicated there. */
  nextIndex: Record<string, number>;
  matchIndex: Record<string, number>;
  /** Client requests appended by this node and not answered yet. */
  waiting: Waiting[];
  /** Human seat: a higher term seen in a reply, not yet acted on (0: none). */
  seenTerm: number;
  /** Human seat: the election timer fired and no leader has been heard from since. */
  electionDue: boolean;
  voteCards: VoteCard[];
  appendCards: AppendCard[];
  clientCards: ClientCard[];
}

export interface RequestVotePayload {
  term: number;
  candidate: string;
  lastLogIndex: number;
  lastLogTerm: number;
}
export interface VotePayload {
  term: number;
  granted: boolean;
}
export interface AppendEntriesPayload {
  term: number;
  leader: string;
  prevLogIndex: number;
  prevLogTerm: number;
  entries: LogEntry[];
  leaderCommit: number;
}
export interface AppendReplyPayload {
  term: number;
  success: boolean;
  /** On success: the last index the follower now shares with the leader. */
  matchIndex: number;
  /**
   * On failure: where the leader should try next. The first index of the follower's entries of
   * the conflicting term (or just past its log, if it is too short), so one answer skips a whole
   * diverging term instead of one entry per round trip (the optimization of Raft §5.3).
   */
  conflictIndex: number;
}

export const RAFT_ROLE = "peer";
/** On disk: survive a crash (Figure 2 of the Raft paper). */
export const DURABLE_FIELDS = ["currentTerm", "votedFor", "log"] as const;
/** The entry a new leader appends at the start of its term (Raft §8), so that it can commit. */
export const NOOP_COMMAND = "no-op";
/** Entries per AppendEntries: bounds every message (the rest follows on the next one). */
export const ENTRIES_PER_MESSAGE_MAX = 20;
/** Bounds on the human seat's cards (oldest fall off). */
export const CARDS_MAX = 20;

export function initRaftState(): RaftState {
  return {
    currentTerm: 0,
    votedFor: null,
    log: [],
    role: "follower",
    commitIndex: 0,
    lastApplied: 0,
    leaderId: null,
    votes: [],
    answered: [],
    nextIndex: {},
    matchIndex: {},
    waiting: [],
    seenTerm: 0,
    electionDue: false,
    voteCards: [],
    appendCards: [],
    clientCards: [],
  };
}

const RAFT_FIELDS = Object.keys(initRaftState());

/**
 * A state a crash, a human or an old version left behind: fill what is missing. A complete state
 * comes back as it is (every reducer calls this on every event: copying would make each step a
 * new state object, and the room re-serialises a node's state whenever the object changes).
 */
export function normalize(raw: RaftState): RaftState {
  for (const field of RAFT_FIELDS) if (!(field in raw)) return { ...initRaftState(), ...raw };
  return raw;
}

export const lastLogIndex = (s: RaftState): number => s.log.length;
export const lastLogTerm = (s: RaftState): number => s.log[s.log.length - 1]?.term ?? 0;
/** Term of entry `index` (0 for index 0, the empty prefix; -1 if absent). */
export function termAt(s: RaftState, index: number): number {
  if (index === 0) return 0;
  return s.log[index - 1]?.term ?? -1;
}

/**
 * The vote rule's log comparison (Raft §5.4.1): the candidate's log is at least as up to date
 * as mine if its last term is higher, or the last terms are equal and its log is at least as long.
 */
export function candidateUpToDate(s: RaftState, candidateLastTerm: number, candidateLastIndex: number): boolean {
  const myTerm = lastLogTerm(s);
  if (candidateLastTerm !== myTerm) return candidateLastTerm > myTerm;
  return candidateLastIndex >= lastLogIndex(s);
}

export function peersOf(ctx: NodeContext): string[] {
  return membersWithRole(ctx, RAFT_ROLE).filter((id) => id !== ctx.self);
}

export function membersOf(ctx: NodeContext): string[] {
  return membersWithRole(ctx, RAFT_ROLE);
}

// ---- Timing (protocolOptions) ----------------------------------------------------------------

export const HEARTBEAT_TICKS_DEFAULT = 15;
export const ELECTION_TICKS_DEFAULT: [number, number] = [50, 100];
/** The "eager" bot's election timeout: shorter than a heartbeat round trip can guarantee. */
export const EAGER_ELECTION_TICKS: [number, number] = [10, 20];

function range(value: unknown): [number, number] | null {
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [lo, hi] = value as unknown[];
  if (typeof lo !== "number" || typeof hi !== "number" || !Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi < lo) return null;
  return [lo, hi];
}

function nodeRange(table: unknown, node: string): [number, number] | null {
  if (typeof table !== "object" || table === null) return null;
  return range((table as Record<string, unknown>)[node]);
}

export function heartbeatTicks(ctx: NodeContext): number {
  const value = ctx.options.heartbeatTicks;
  return typeof value === "number" && Number.isInteger(value) && value >= 1 ? value : HEARTBEAT_TICKS_DEFAULT;
}

/**
 * The election timeout range for this node. Levels may give a node its own range
 * (`electionTicksByNode`) and a different one for its very first boot, before it has seen any
 * term (`firstElectionTicksByNode`): that is how a level makes "N1 usually wins the first
 * election" likely without special-casing the protocol. Still random: l08 draws 6-10 gs
 * (N1's first 1.5-2.5 gs); the defaults apply when a level sets none.
 */
export function electionRange(s: RaftState, ctx: NodeContext): [number, number] {
  if (s.currentTerm === 0) {
    const first = nodeRange(ctx.options.firstElectionTicksByNode, ctx.self);
    if (first) return first;
  }
  return nodeRange(ctx.options.electionTicksByNode, ctx.self) ?? range(ctx.options.electionTicks) ?? ELECTION_TICKS_DEFAULT;
}

export function armElection(ticks: [number, number], ctx: NodeContext): Effect {
  return { kind: "set-timer", name: "election", delayTicks: ctx.rng.int(ticks[0], ticks[1]) };
}

export function armHeartbeat(ctx: NodeContext): Effect {
  return { kind: "set-timer", name: "heartbeat", delayTicks: heartbeatTicks(ctx) };
}

/** The command a client request asks for: the workload's `cmd` prefix plus its number. */
export function commandOf(payload: Readonly<Record<string, unknown>>): string {
  const prefix = typeof payload.cmd === "string" ? payload.cmd : "cmd ";
  return `${prefix}${String(payload.n ?? "?")}`;
}

export function pushBounded<T>(list: readonly T[], item: T): T[] {
  return [...list, item].slice(-CARDS_MAX);
}
