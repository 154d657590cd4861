/** Raft's rules as pure functions: the vote rule, the consistency check, the commit rule, the bots. */
import { describe, expect, it } from "vitest";
import type { Effect, NodeContext } from "../../../shared/sim/protocol.js";
import { raft } from "../../../shared/protocols/raft/index.js";
import { RAFT_ACTIONS } from "../../../shared/protocols/raft/actions.js";
import { handleRequestVote, startElection, voteAllowed, voteChecks } from "../../../shared/protocols/raft/election.js";
import { commitCandidate, conflictIndexFor, handleAppendEntries } from "../../../shared/protocols/raft/replication.js";
import { initRaftState, type LogEntry, type RaftState } from "../../../shared/protocols/raft/state.js";
import { levelTimeouts } from "../../../shared/protocols/raft/bots.js";
import { streamRng } from "../../../shared/sim/prng.js";

const NODES = ["N1", "N2", "N3", "N4", "N5"].map((id) => ({ id, role: "peer" }));

function ctx(self: string): NodeContext {
  return { self, role: "peer", nodes: NODES, wallTicks: 0, uptimeTicks: 0, lastHeardUptimeTicks: [], rng: streamRng(7, `test:${self}`, {}), options: {} };
}

const entries = (...terms: number[]): LogEntry[] => terms.map((term, k) => ({ term, command: `c${k + 1}`, requestId: null }));
const state = (patch: Partial<RaftState>): RaftState => ({ ...initRaftState(), ...patch });
const sends = (effects: Effect[], type: string) => effects.filter((e): e is Extract<Effect, { kind: "send" }> => e.kind === "send" && e.type === type);
const notes = (effects: Effect[], name: string) => effects.filter((e): e is Extract<Effect, { kind: "note" }> => e.kind === "note" && e.name === name);

describe("the durable fields", () => {
  it("are exactly currentTerm, votedFor and the log", () => {
    expect([...raft.durableFields].sort()).toEqual(["currentTerm", "log", "votedFor"]);
  });
});

describe("the vote rule", () => {
  const me = state({ currentTerm: 3, log: entries(1, 2, 2) });
  const ask = (term: number, lastLogTerm: number, lastLogIndex: number, candidate = "N4") => ({ term, candidate, lastLogTerm, lastLogIndex });

  it("compares the last term first, then the last index", () => {
    expect(voteChecks(me, ask(4, 3, 1)).upToDate).toBe(true); // newer last term wins, even if shorter
    expect(voteChecks(me, ask(4, 2, 3)).upToDate).toBe(true); // same last term, as long
    expect(voteChecks(me, ask(4, 2, 2)).upToDate).toBe(false); // same last term, shorter
    expect(voteChecks(me, ask(4, 1, 9)).upToDate).toBe(false); // older last term loses, even if longer
  });

  it("refuses a stale term and a second candidate in the same term, not a higher term", () => {
    expect(voteAllowed(voteChecks(me, ask(2, 3, 5)))).toBe(false);
    const voted = { ...me, votedFor: "N5" };
    expect(voteChecks(voted, ask(3, 3, 5)).votedForOther).toBe("N5");
    expect(voteChecks(voted, ask(4, 3, 5)).votedForOther).toBeNull(); // a new term: no vote cast in it yet
  });

  it("a bot grants once per term, records the vote and resets its timer", () => {
    const first = handleRequestVote(me, "N4", ask(4, 2, 3), ctx("N1"), levelTimeouts);
    expect(first.state).toMatchObject({ currentTerm: 4, votedFor: "N4" });
    expect(sends(first.effects, "Vote")[0]!.payload).toEqual({ term: 4, granted: true });
    expect(notes(first.effects, "vote")[0]!.data).toEqual({ term: 4, candidate: "N4" });
    expect(first.effects.some((e) => e.kind === "set-timer" && e.name === "election")).toBe(true);
    const second = handleRequestVote(first.state, "N5", ask(4, 2, 3, "N5"), ctx("N1"), levelTimeouts);
    expect(second.state.votedFor).toBe("N4");
    expect(sends(second.effects, "Vote")[0]!.payload).toEqual({ term: 4, granted: false });
  });

  it("a candidate starts a term by voting for itself and asking everyone", () => {
    const step = startElection(state({ currentTerm: 2 }), ctx("N2"), levelTimeouts, { announce: true, noop: true });
    expect(step.state).toMatchObject({ currentTerm: 3, votedFor: "N2", role: "candidate", votes: ["N2"] });
    expect(sends(step.effects, "RequestVote").map((e) => e.to)).toEqual(["N1", "N3", "N4", "N5"]);
  });
});

describe("the forgetful bot", () => {
  it("loses votedFor on a restart; the correct bot keeps it", () => {
    const disk = state({ currentTerm: 5, votedFor: "N3" });
    expect(raft.bots.correct!.step(disk, { kind: "boot" }, ctx("N1")).state.votedFor).toBe("N3");
    expect(raft.bots.forgetful!.step(disk, { kind: "boot" }, ctx("N1")).state.votedFor).toBeNull();
  });
});

describe("AppendEntries on a follower", () => {
  const ae = (term: number, prevLogIndex: number, prevLogTerm: number, es: LogEntry[], leaderCommit = 0) => ({ term, leader: "N1", prevLogIndex, prevLogTerm, entries: es, leaderCommit });

  it("refuses when its log lacks prevLogIndex with prevLogTerm, pointing at the conflicting term's start", () => {
    const me = state({ currentTerm: 3, log: entries(1, 2, 2, 2) });
    const step = handleAppendEntries(me, "N1", ae(3, 4, 3, []), ctx("N2"), levelTimeouts);
    expect(sends(step.effects, "AppendReply")[0]!.payload).toMatchObject({ success: false, conflictIndex: 2 });
    expect(conflictIndexFor(me, 9)).toBe(5);
  });

  it("cuts a conflicting suffix, keeps matching entries, and learns the commit index", () => {
    const me = state({ currentTerm: 2, log: entries(1, 2, 2) });
    const step = handleAppendEntries(me, "N1", ae(3, 1, 1, [{ term: 3, command: "x", requestId: null }], 5), ctx("N2"), levelTimeouts);
    expect(step.state.log.map((e) => e.term)).toEqual([1, 3]);
    expect(notes(step.effects, "truncate")[0]!.data).toMatchObject({ fromIndex: 2 });
    expect(step.state.commitIndex).toBe(2); // min(leaderCommit 5, last new entry 2)
    expect(notes(step.effects, "apply").map((n) => n.data.index)).toEqual([1, 2]);
  });

  it("a late duplicate with fewer entries does not cut newer ones", () => {
    const me = state({ currentTerm: 3, log: entries(1, 3, 3) });
    const step = handleAppendEntries(me, "N1", ae(3, 1, 1, entries(1, 3).slice(1)), ctx("N2"), levelTimeouts);
    expect(step.state.log).toHaveLength(3);
    expect(notes(step.effects, "truncate")).toEqual([]);
  });

  it("refuses a stale leader without changing anything", () => {
    const me = state({ currentTerm: 4, log: entries(1) });
    const step = handleAppendEntries(me, "N1", ae(3, 1, 1, entries(1, 3).slice(1)), ctx("N2"), levelTimeouts);
    expect(step.state).toBe(me);
    expect(sends(step.effects, "AppendReply")[0]!.payload).toMatchObject({ term: 4, success: false });
  });
});

describe("the commit rule (Figure 8)", () => {
  // Leader of term 4 with entry 2 of term 2 on a majority and nothing of term 4 replicated yet.
  const leader = state({ currentTerm: 4, role: "leader", log: entries(1, 2, 4), commitIndex: 1, matchIndex: { N2: 2, N3: 2, N4: 0, N5: 0 }, nextIndex: { N2: 3, N3: 3, N4: 1, N5: 1 } });

  it("correct Raft commits nothing yet; the figure8 bug would commit entry 2", () => {
    expect(commitCandidate(leader, ctx("N1"), false)).toBeNull();
    expect(commitCandidate(leader, ctx("N1"), true)).toBe(2);
    const replicated = { ...leader, matchIndex: { ...leader.matchIndex, N2: 3, N3: 3 } };
    expect(commitCandidate(replicated, ctx("N1"), false)).toBe(3);
  });

  it("Guided mode refuses advancing to entry 2, citing the rule; Free mode's commit is recorded as counted", () => {
    const action = RAFT_ACTIONS.advanceCommit!;
    expect(action.check!(leader, { index: 2 }, ctx("N1"))).toMatch(/from term 2, not your term 4.*Figure 8/);
    expect(action.check!(leader, { index: 3 }, ctx("N1"))).toMatch(/Only N1 hold entry 3/);
    const step = action.apply(leader, { index: 2 }, ctx("N1"));
    expect(notes(step.effects, "counted")[0]!.data).toMatchObject({ index: 2, entryTerm: 2, term: 4 });
    expect(step.state.commitIndex).toBe(2);
  });
});
