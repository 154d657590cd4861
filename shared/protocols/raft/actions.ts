/**
 * What a player can do on a Raft node. Each action names the rule Guided mode enforces; Free mode
 * lets the player break it, and the checkers show what that costs. `apply` reuses the bots'
 * functions, so a rule-abiding player and a correct bot do exactly the same thing.
 */
import { defineAction, type NodeContext, type PlayerAction, type Step } from "../../sim/protocol.js";
import { int, message, optionalPeer, request, type HeldMessage } from "../../sim/action-params.js";
import { majorityOf } from "../../base/quorum.js";
import { answerVote, startElection, voteAllowed, voteChecks } from "./election.js";
import { acceptAppend, advanceCommitTo, appendCommand, appendVerdict, broadcastAppend, followLeader, redirect, rejectAppend, replicasOf, sendAppend } from "./replication.js";
import { heartbeat, levelTimeouts } from "./bots.js";
import { RAFT_ROLE, commandOf, membersOf, normalize, peersOf, termAt, type AppendCard, type AppendEntriesPayload, type RaftState, type RequestVotePayload, type VoteCard } from "./state.js";
import { adoptTerm, chain } from "./term.js";

const roles = [RAFT_ROLE];
const action = defineAction<RaftState>();

// ---- Params (names on the wire kept from the input logs of before the declarations) -----------

const voteRequest = { msg: message(["RequestVote"], { wire: "msgId" }) } as const;
const appendEntries = { msg: message(["AppendEntries"], { wire: "msgId" }) } as const;
const clientRequest = { req: request({ wire: "requestId" }) } as const;
/** A log holds at most this many entries in a game of minutes: a bound on typed indexes. */
const LOG_INDEX_MAX = 100_000;

// ---- Lookups ---------------------------------------------------------------------------------

// The engine hands each action the real message or request it names (action-params.ts).
const voteCard = (m: HeldMessage): VoteCard => ({ msgId: m.msgId, from: m.from, payload: m.payload as RequestVotePayload });
const appendCard = (m: HeldMessage): AppendCard => ({ msgId: m.msgId, from: m.from, payload: m.payload as AppendEntriesPayload });

/** The highest term this node has seen but not adopted (answers and waiting cards). */
function highestSeenTerm(s: RaftState): number {
  let term = s.seenTerm;
  for (const c of s.voteCards) term = Math.max(term, c.payload.term);
  for (const c of s.appendCards) term = Math.max(term, c.payload.term);
  return term;
}

/** Leader-only actions share one rule: you lead only while no higher term has shown up. */
function notLeading(s: RaftState): string | null {
  if (s.role !== "leader") return `You are a ${s.role}, not the leader: only the leader of a term sends AppendEntries, appends commands and commits.`;
  const seen = highestSeenTerm(s);
  if (seen > s.currentTerm) return `You have seen term ${seen}, newer than your term ${s.currentTerm}: you are no longer the leader. Step down first.`;
  return null;
}

function withoutCards(s: RaftState, msgId: number): RaftState {
  return { ...s, voteCards: s.voteCards.filter((c) => c.msgId !== msgId), appendCards: s.appendCards.filter((c) => c.msgId !== msgId) };
}

// ---- Elections -------------------------------------------------------------------------------

const startElectionAction = action({
  summary: "Start an election: term + 1, vote for yourself, ask everyone for their vote.",
  rule: "Start an election only when your election timer has run out without word from a leader.",
  roles,
  params: {},
  settles: ["election"],
  look: { label: "Start election", key: "e", bar: { key: "e" } },
  check: (raw) => {
    const s = normalize(raw);
    if (s.role === "leader") return `You already lead term ${s.currentTerm}: a new election would only depose you.`;
    return s.electionDue ? null : "Your election timer has not run out: a leader may still be talking to you. Wait for the timeout.";
  },
  apply: (raw, _p, ctx) => startElection(normalize(raw), ctx, levelTimeouts, { announce: false, noop: true }),
});

function voteRuleBroken(s: RaftState, c: VoteCard): string | null {
  const checks = voteChecks(s, c.payload);
  if (checks.staleTerm) return `${c.from} asks for term ${c.payload.term}, older than your term ${s.currentTerm}: deny it.`;
  if (checks.votedForOther !== null) return `You already voted for ${checks.votedForOther} in term ${c.payload.term}: one vote per term (your vote is on disk).`;
  if (!checks.upToDate) {
    return `${c.from}'s log (last term ${c.payload.lastLogTerm}, last index ${c.payload.lastLogIndex}) is behind yours (last term ${checks.myLastTerm}, last index ${checks.myLastIndex}): compare last term first, then last index.`;
  }
  return null;
}

const grantVoteAction = action({
  summary: "Grant your vote to the candidate of a RequestVote you received.",
  rule: "Grant at most one vote per term, and only to a candidate whose log is at least as up to date as yours (last term first, then last index).",
  roles,
  params: voteRequest,
  look: { label: "Grant vote", key: "g" },
  check: (raw, p) => voteRuleBroken(normalize(raw), voteCard(p.msg)),
  apply: (raw, p, ctx) => {
    const s = normalize(raw);
    const c = voteCard(p.msg);
    return answerVote(withoutCards(s, p.msg.msgId), c.from, c.payload, true, ctx, levelTimeouts);
  },
});

const denyVoteAction = action({
  summary: "Deny your vote to the candidate of a RequestVote you received.",
  rule: "Denying is always safe; deny when you already voted this term or the candidate's log is behind yours.",
  roles,
  params: voteRequest,
  look: { label: "Deny vote", key: "d" },
  apply: (raw, p, ctx) => {
    const s = normalize(raw);
    const c = voteCard(p.msg);
    return answerVote(withoutCards(s, p.msg.msgId), c.from, c.payload, false, ctx, levelTimeouts);
  },
});

const stepDownAction = action({
  summary: "Adopt the higher term you have seen and become a follower.",
  rule: "Whoever sees a higher term adopts it and becomes a follower: a newer term has (or will have) its own leader.",
  roles,
  params: {},
  look: { label: "Step down", key: "s", bar: { key: "s" } },
  possible: (raw) => {
    const s = normalize(raw);
    return highestSeenTerm(s) > s.currentTerm ? null : "You have seen no term newer than yours.";
  },
  apply: (raw, _p, ctx) => {
    const s = normalize(raw);
    return adoptTerm(s, highestSeenTerm(s), ctx, levelTimeouts);
  },
});

// ---- Leading ---------------------------------------------------------------------------------

const appendCommandAction = action({
  summary: "As leader, append a client's command to your log (then replicate it).",
  rule: "Only the current leader appends client commands; everyone else redirects the client.",
  roles,
  params: clientRequest,
  look: { label: "Append to log", key: "l" },
  check: (raw) => notLeading(normalize(raw)),
  apply: (raw, p) => {
    const s = normalize(raw);
    const id = p.req.requestId;
    return appendCommand({ ...s, clientCards: s.clientCards.filter((x) => x.requestId !== id) }, id, commandOf((p.req.payload ?? {}) as Readonly<Record<string, unknown>>));
  },
});

const replicateAction = action({
  summary: "As leader, send AppendEntries (the entries a follower lacks, or a heartbeat) to one peer or to all.",
  rule: "Only the current leader sends AppendEntries.",
  roles,
  // Left out: everyone. On an AppendReply's card: the follower who answered.
  params: { to: optionalPeer({ fromCard: (c) => (c.kind === "message" && c.type === "AppendReply" ? c.from : null) }) },
  look: { label: "Replicate to all", key: "p", bar: { key: "p" }, labelOf: (_s, p) => (p.to === null ? "Replicate to all" : "Resend entries") },
  possible: (_s, p, ctx) => (p.to === null || peersOf(ctx).includes(p.to) ? null : `${String(p.to)} is not one of your peers.`),
  check: (raw) => notLeading(normalize(raw)),
  apply: (raw, p, ctx) => {
    const s = normalize(raw);
    return { state: s, effects: p.to === null ? broadcastAppend(s, ctx) : [sendAppend(s, p.to, ctx)] };
  },
});

const heartbeatAction = action({
  summary: "As leader, send a heartbeat (AppendEntries) to everyone and restart the heartbeat timer.",
  rule: "Only the current leader sends heartbeats; send them often enough that no follower's election timer runs out.",
  roles,
  params: {},
  settles: ["heartbeat"],
  look: { label: "Heartbeat", key: "h", bar: { key: "h" } },
  check: (raw) => notLeading(normalize(raw)),
  apply: (raw, _p, ctx) => {
    // Free mode lets a non-leader send one too (a claim the others will judge by its term).
    const s = normalize(raw);
    return { state: s, effects: heartbeat({ ...s, role: "leader" }, ctx).effects };
  },
});

function commitRuleBroken(s: RaftState, index: number, ctx: NodeContext): string | null {
  const leading = notLeading(s);
  if (leading) return leading;
  const holders = replicasOf(s, index, ctx);
  const need = majorityOf(membersOf(ctx).length);
  if (holders.length < need) return `Only ${holders.join(", ")} hold entry ${index}: ${need} of ${membersOf(ctx).length} must hold it before it can be committed.`;
  const entryTerm = termAt(s, index);
  if (entryTerm !== s.currentTerm) {
    return `Entry ${index} is from term ${entryTerm}, not your term ${s.currentTerm}: count replicas only for entries of your own term. Older entries become committed with a later entry of yours (Figure 8 of the Raft paper shows a majority-held old entry being overwritten).`;
  }
  return null;
}

const advanceCommitAction = action({
  summary: "As leader, advance the commit index to an entry: it, and everything before it, is committed and applied.",
  rule: "A leader commits entry N only when a majority holds it (matchIndex >= N) and its term is the leader's current term.",
  roles,
  params: { index: int(0, LOG_INDEX_MAX, { default: (s) => normalize(s as unknown as RaftState).commitIndex + 1 }) },
  look: { label: "Commit next entry", key: "c", bar: { key: "c" } },
  possible: (raw, p) => {
    const s = normalize(raw);
    if (p.index > s.log.length) return `Your log has only ${s.log.length} entries.`;
    return p.index > s.commitIndex ? null : `Entry ${p.index} is already committed (commit index ${s.commitIndex}).`;
  },
  check: (raw, p, ctx) => commitRuleBroken(normalize(raw), p.index, ctx),
  apply: (raw, p, ctx) => advanceCommitTo(normalize(raw), p.index, ctx),
});

// ---- Following -------------------------------------------------------------------------------

const acceptEntriesAction = action({
  summary: "Accept an AppendEntries: follow its leader, store its entries (cutting off any conflicting ones) and say yes.",
  rule: "Accept only from a leader of a term at least yours, and only if your log holds the entry at prevLogIndex with prevLogTerm.",
  roles,
  params: appendEntries,
  look: { label: "Accept entries", key: "a" },
  possible: (raw, p) => {
    const s = normalize(raw);
    const c = appendCard(p.msg);
    if (c.payload.prevLogIndex > s.log.length) return `Your log has only ${s.log.length} entries: there is nothing at index ${c.payload.prevLogIndex} to continue from.`;
    return s.role === "leader" && c.payload.term === s.currentTerm ? `You lead term ${s.currentTerm} yourself.` : null;
  },
  check: (raw, p) => {
    const s = normalize(raw);
    const c = appendCard(p.msg);
    const verdict = appendVerdict(s, c.payload);
    if (verdict === "stale-term") return `${c.from} leads term ${c.payload.term}, older than yours (${s.currentTerm}): reject it.`;
    if (verdict === "mismatch") return `Your entry ${c.payload.prevLogIndex} has term ${termAt(s, c.payload.prevLogIndex)}, not ${c.payload.prevLogTerm}: your logs differ there, so reject and let the leader step back.`;
    return null;
  },
  apply: (raw, p, ctx) => {
    const s = normalize(raw);
    const c = appendCard(p.msg);
    return chain(followLeader(withoutCards(s, p.msg.msgId), c.payload, ctx, levelTimeouts), (t) => acceptAppend(t, c.from, c.payload));
  },
});

const rejectEntriesAction = action({
  summary: "Reject an AppendEntries: its term is old, or your log does not match at prevLogIndex.",
  rule: "Reject when the sender's term is older than yours or your log lacks prevLogIndex with prevLogTerm; otherwise accept.",
  roles,
  params: appendEntries,
  look: { label: "Reject entries", key: "r" },
  check: (raw, p) => {
    const s = normalize(raw);
    const c = appendCard(p.msg);
    return appendVerdict(s, c.payload) === "match" ? `Your log matches at index ${c.payload.prevLogIndex} (term ${c.payload.prevLogTerm}) and the term is current: accept it.` : null;
  },
  apply: (raw, p, ctx): Step<RaftState> => {
    const s = withoutCards(normalize(raw), p.msg.msgId);
    const c = appendCard(p.msg);
    // A current leader is still a leader even when our logs differ: follow it, then say no.
    if (c.payload.term < s.currentTerm) return rejectAppend(s, c.from, c.payload.prevLogIndex);
    return chain(followLeader(s, c.payload, ctx, levelTimeouts), (t) => rejectAppend(t, c.from, c.payload.prevLogIndex));
  },
});

const redirectAction = action({
  summary: "Tell a client you are not the leader, with your best guess of who is.",
  rule: "Only the leader takes commands: anyone else points the client to the leader it knows of; a leader appends the command instead of redirecting it.",
  roles,
  params: clientRequest,
  look: { label: "Redirect client", key: "f" },
  check: (raw) => (normalize(raw).role === "leader" ? "You are the leader: append the command instead." : null),
  apply: (raw, p) => {
    const s = normalize(raw);
    return { state: { ...s, clientCards: s.clientCards.filter((c) => c.requestId !== p.req.requestId) }, effects: [redirect(s, p.req.requestId)] };
  },
});

export const RAFT_ACTIONS: Record<string, PlayerAction<RaftState, any>> = {
  startElection: startElectionAction,
  grantVote: grantVoteAction,
  denyVote: denyVoteAction,
  stepDown: stepDownAction,
  appendCommand: appendCommandAction,
  replicate: replicateAction,
  heartbeat: heartbeatAction,
  advanceCommit: advanceCommitAction,
  acceptEntries: acceptEntriesAction,
  rejectEntries: rejectEntriesAction,
  redirect: redirectAction,
};

/** For the Guided UI: the vote rule's two checks on one card, as data. */
export { voteAllowed, voteChecks };
