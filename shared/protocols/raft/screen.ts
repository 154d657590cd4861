/**
 * Raft's screen (shared/sim/screen.ts): the node's role and term beside its name, its vote and
 * replication fields, the log with its commit point (a leader sees who holds each entry and may
 * commit one), and on a RequestVote card the vote rule's three checks against the node's own term
 * and log. The human seat's cards (voteCards, appendCards, clientCards) are never sent: the
 * inbox shows them.
 */
import type { CardEvent } from "../../sim/action-params.js";
import type { NodeContext } from "../../sim/protocol.js";
import { newestRows, stateFields, type CardCheck, type FieldGroup, type LogView, type ProtocolScreen } from "../../sim/screen.js";
import { voteChecks } from "./election.js";
import { commandOf, DURABLE_FIELDS, membersOf, type RaftState } from "./state.js";

function fields(s: RaftState): FieldGroup[] {
  const vote = ["votedFor", "leaderId"];
  if (s.role === "candidate") vote.push("votes", "answered");
  if (s.electionDue) vote.push("electionDue");
  if (s.seenTerm > s.currentTerm) vote.push("seenTerm");
  const replication = ["commitIndex", "lastApplied"];
  if (s.role === "leader") replication.push("matchIndex", "nextIndex");
  const groups: FieldGroup[] = [
    { title: "Election", fields: stateFields(s, vote, DURABLE_FIELDS, { leaderId: "Leader", seenTerm: "Higher term seen" }) },
    { title: "Replication", fields: stateFields(s, replication, DURABLE_FIELDS) },
  ];
  if (s.waiting.length > 0) {
    groups[1]!.fields.push({ label: "Clients waiting", value: s.waiting.map((w) => `${w.requestId} (#${w.index})`).join(", "), durable: false });
  }
  return groups;
}

function log(s: RaftState, ctx: NodeContext): LogView {
  const leader = s.role === "leader";
  const members = membersOf(ctx).length;
  const holders = (index: number): number => 1 + Object.values(s.matchIndex).filter((m) => m >= index).length;
  const { rows, earlier } = newestRows(s.log, (entry, index) => {
    const committed = index <= s.commitIndex;
    const pending = leader && !committed;
    return {
      index,
      tag: `t${entry.term}`,
      text: entry.command,
      committed,
      ...(pending ? { holders: `${holders(index)}/${members}`, action: { action: "advanceCommit", params: { index }, label: "Commit" } } : {}),
    };
  });
  return { title: "Log", length: s.log.length, mark: `committed to #${s.commitIndex}`, checked: "committed", durable: true, rows, earlier };
}

/** A RequestVote against your term, your vote in that term and your log (Raft §5.2, §5.4.1). */
function checks(s: RaftState, card: CardEvent): CardCheck[] {
  if (card.kind !== "message" || card.type !== "RequestVote") return [];
  const p = (card.payload ?? {}) as Record<string, unknown>;
  if (typeof p.term !== "number" || typeof p.lastLogIndex !== "number" || typeof p.lastLogTerm !== "number") return [];
  const candidate = typeof p.candidate === "string" ? p.candidate : card.from;
  const c = voteChecks(s, { term: p.term, candidate, lastLogIndex: p.lastLogIndex, lastLogTerm: p.lastLogTerm });
  return [
    { ok: !c.staleTerm, text: c.staleTerm ? `Term ${p.term} is older than yours` : `Term ${p.term} is not older than yours` },
    { ok: c.votedForOther === null, text: c.votedForOther === null ? "No other vote cast in that term" : `You already voted for ${c.votedForOther} in term ${p.term}` },
    { ok: c.upToDate, text: `Their log: last term ${p.lastLogTerm}, index ${p.lastLogIndex} · yours: ${c.myLastTerm}, ${c.myLastIndex}` },
  ];
}

export const RAFT_SCREEN: ProtocolScreen<RaftState> = {
  requestText: (payload) => `append "${commandOf(payload)}"`,
  chips: (s) => [
    { kind: "role", text: s.role },
    { kind: "count", text: `term ${s.currentTerm}`, title: "Your current term (on disk)" },
  ],
  highlights: () => [],
  fields,
  log,
  checks,
  unsentFields: ["voteCards", "appendCards", "clientCards"],
};
