/**
 * Every Raft checker on hand-built traces: known violations are flagged with the events that
 * prove them, known non-violations are not. The Raft paper's Figure 8 is built twice: once with
 * the leader counting replicas of an earlier term's entry (flagged), once by the rule (clean).
 */
import { describe, expect, it } from "vitest";
import { raftAckedSurvives } from "../../../shared/protocols/raft/checks/acked-survives.js";
import { RAFT_SAFETY } from "../../../shared/protocols/raft/checks/index.js";
import { raftCommitRule } from "../../../shared/protocols/raft/checks/commit-rule.js";
import { raftElectionSafety } from "../../../shared/protocols/raft/checks/election-safety.js";
import { raftLeaderCompleteness } from "../../../shared/protocols/raft/checks/leader-completeness.js";
import { raftLogMatching } from "../../../shared/protocols/raft/checks/log-matching.js";
import { raftStateMachineSafety } from "../../../shared/protocols/raft/checks/state-machine-safety.js";
import { raftTermMonotonic } from "../../../shared/protocols/raft/checks/term-monotonic.js";
import { raftVoteOnce } from "../../../shared/protocols/raft/checks/vote-once.js";
import { findings, TraceBuilder } from "./raft-trace-builder.js";

const S = ["S1", "S2", "S3", "S4", "S5"];

function electedEverywhere(t: TraceBuilder, leader: string, term: number, voters: string[]): number {
  for (const v of voters) {
    t.term(v, term);
    t.vote(v, term, leader);
  }
  return t.leader(leader, term);
}

/**
 * Figure 8 of the Raft paper. (a) S1 leads term 2 and gets entry 2 (term 2) to S2 only.
 * (b) S1 crashes; S5 wins term 3 (S3, S4, S5) and appends its own entry 2 (term 3).
 * (c) S5 crashes; S1 wins term 4 and copies entry 2 (term 2) to S3: a majority holds it.
 *     `buggy`: S1 counts those replicas and commits entry 2 although it is from term 2.
 *     Correct: S1 does not commit it (it would commit it with an entry of term 4 later).
 * (d) S1 crashes; S5 wins term 5 (S2, S3, S4: its last term 3 beats their 2) and overwrites
 *     entry 2 everywhere with its own.
 */
function figure8(buggy: boolean) {
  const t = new TraceBuilder();
  for (const s of S) t.append(s, 1, 1, "a");
  t.at(10);
  electedEverywhere(t, "S1", 2, ["S1", "S2", "S3"]);
  const x1 = t.append("S1", 2, 2, "x");
  t.append("S2", 2, 2, "x");
  t.at(20);
  t.crash("S1");
  electedEverywhere(t, "S5", 3, ["S5", "S3", "S4"]);
  t.append("S5", 2, 3, "y");
  t.at(30);
  t.crash("S5");
  t.recover("S1");
  electedEverywhere(t, "S1", 4, ["S1", "S2", "S3"]);
  t.append("S3", 2, 2, "x");
  const marks: Record<string, number> = { x1 };
  if (buggy) {
    marks.counted = t.counted("S1", 2, 2, 4);
    marks.commit = t.commit("S1", 2, 2, "x");
    marks.apply = t.apply("S1", 2, 2, "x");
  }
  t.at(40);
  t.crash("S1");
  t.recover("S5");
  marks.leader5 = electedEverywhere(t, "S5", 5, ["S5", "S2", "S3", "S4"]);
  for (const s of ["S2", "S3"]) {
    t.truncate(s, 2);
    t.append(s, 2, 3, "y");
  }
  t.append("S4", 2, 3, "y");
  marks.counted5 = t.counted("S5", 2, 3, 5); // by the same buggy rule; by the correct one S5 would append first
  marks.applyY = t.apply("S2", 2, 3, "y");
  return { trace: t.events, marks };
}

describe("Figure 8", () => {
  it("flags a leader that counts replicas for an earlier term's entry, and what follows", () => {
    const { trace, marks } = figure8(true);
    const rule = findings(raftCommitRule, trace);
    expect(rule[0]!.evidence).toEqual([marks.x1, marks.commit]);
    expect(rule[0]!.message).toContain("entry 2 of term 2");
    const completeness = findings(raftLeaderCompleteness, trace);
    expect(completeness[0]!.evidence).toEqual([marks.commit, marks.leader5]);
    const sms = findings(raftStateMachineSafety, trace);
    expect(sms[0]!.evidence).toEqual([marks.apply, marks.applyY]);
  });

  it("does not flag the same shape when the leader follows the commit rule", () => {
    const { trace } = figure8(false);
    for (const check of RAFT_SAFETY) {
      if (check.id === "raft/commit-rule") continue; // the fixture's S5 line is by the buggy rule
      expect(findings(check, trace), check.id).toEqual([]);
    }
  });

  it("a correct leader of term 4 commits entry 2 together with its own entry 3", () => {
    const t = new TraceBuilder();
    t.leader("S1", 4);
    t.append("S1", 1, 1, "a");
    t.append("S1", 2, 2, "x");
    t.append("S1", 3, 4, "z");
    t.counted("S1", 3, 4, 4);
    t.commit("S1", 2, 2, "x");
    t.commit("S1", 3, 4, "z");
    t.apply("S1", 2, 2, "x");
    expect(findings(raftCommitRule, t.events)).toEqual([]);
  });

  it("judges the commit from the facts: a leader that commits an older entry without saying what it counted is caught", () => {
    const t = new TraceBuilder();
    t.leader("S1", 4);
    t.append("S1", 1, 1, "a");
    const x = t.append("S1", 2, 2, "x");
    t.commit("S1", 1, 1, "a");
    const commit = t.commit("S1", 2, 2, "x"); // no "counted" note: the check must not need one
    t.apply("S1", 1, 1, "a");
    const found = findings(raftCommitRule, t.events);
    expect(found).toHaveLength(1);
    expect(found[0]!.evidence).toEqual([x, commit]);
    expect(found[0]!.message).toBe("S1, leader of term 4, committed entry 2 of term 2 by counting its replicas");
  });

  it("exempts a follower, who learns an older commit index from its leader, and a leader deposed by a newer term", () => {
    const t = new TraceBuilder();
    t.append("S2", 1, 1, "a");
    t.append("S2", 2, 2, "x");
    t.commit("S2", 2, 2, "x"); // a follower: never led
    t.leader("S1", 4);
    t.append("S1", 1, 2, "x");
    t.term("S1", 5); // deposed: what it commits now it learned as a follower
    t.commit("S1", 1, 2, "x");
    t.apply("S1", 1, 2, "x");
    expect(findings(raftCommitRule, t.events)).toEqual([]);
  });
});

describe("raft/election-safety", () => {
  it("flags two leaders in one term, citing both claims and the votes behind them", () => {
    const t = new TraceBuilder();
    const v1 = t.vote("N1", 3, "N1");
    const v2 = t.vote("N3", 3, "N1");
    const l1 = t.leader("N1", 3);
    const v3 = t.vote("N5", 3, "N5");
    const v4 = t.vote("N3", 3, "N5");
    const l2 = t.leader("N5", 3);
    const found = findings(raftElectionSafety, t.events);
    expect(found).toHaveLength(1);
    expect(found[0]!.evidence).toEqual([v1, v2, l1, v3, v4, l2]);
  });
  it("allows one leader per term, and the same leader noted twice", () => {
    const t = new TraceBuilder();
    t.leader("N1", 1);
    t.leader("N1", 1);
    t.leader("N2", 2);
    expect(findings(raftElectionSafety, t.events)).toEqual([]);
  });
});

describe("raft/vote-once", () => {
  it("flags a second vote in the same term, with the crash in between", () => {
    const t = new TraceBuilder();
    const first = t.vote("N3", 1, "N1");
    const crash = t.crash("N3");
    const rec = t.recover("N3");
    const second = t.vote("N3", 1, "N5");
    expect(findings(raftVoteOnce, t.events)[0]!.evidence).toEqual([first, crash, rec, second]);
  });
  it("allows a repeated vote for the same candidate and votes in different terms", () => {
    const t = new TraceBuilder();
    t.vote("N3", 1, "N1");
    t.vote("N3", 1, "N1");
    t.vote("N3", 2, "N5");
    t.vote("N4", 2, "N1");
    expect(findings(raftVoteOnce, t.events)).toEqual([]);
  });
});

describe("raft/term-monotonic", () => {
  it("flags a node whose term goes back (here, after a restart, in what it sends)", () => {
    const t = new TraceBuilder();
    const high = t.term("N2", 4);
    t.crash("N2");
    t.recover("N2");
    const low = t.send("N2", "N1", "RequestVote", { term: 2, candidate: "N2", lastLogIndex: 0, lastLogTerm: 0 });
    expect(findings(raftTermMonotonic, t.events)[0]!.evidence).toEqual([high, low]);
  });
  it("allows equal and rising terms, and ignores other messages", () => {
    const t = new TraceBuilder();
    t.term("N2", 1);
    t.send("N2", "N1", "AppendReply", { term: 1, success: true });
    t.term("N2", 3);
    t.send("N2", "N1", "Vote", { term: 3, granted: false });
    t.send("N2", "N1", "other", { term: 0 });
    expect(findings(raftTermMonotonic, t.events)).toEqual([]);
  });
});

describe("raft/log-matching", () => {
  it("flags two logs that share (index, term) but differ before it", () => {
    const t = new TraceBuilder();
    const a1 = t.append("N1", 1, 1, "a");
    t.append("N1", 2, 2, "b");
    const b1 = t.append("N2", 1, 3, "c"); // not yet a violation: different terms at index 1
    const b2 = t.append("N2", 2, 2, "b");
    const found = findings(raftLogMatching, t.events);
    expect(found).toHaveLength(1);
    expect(found[0]!.evidence).toEqual([a1, b1, 1, b2].sort((x, y) => x - y));
  });
  it("flags two logs holding different commands under the same (index, term)", () => {
    const t = new TraceBuilder();
    const a = t.append("N1", 1, 1, "a");
    const b = t.append("N2", 1, 1, "OTHER");
    expect(findings(raftLogMatching, t.events)[0]!.evidence).toEqual([a, b]);
  });
  it("allows diverging tails with different terms, and a repaired log", () => {
    const t = new TraceBuilder();
    t.append("N1", 1, 1, "a");
    t.append("N1", 2, 2, "b");
    t.append("N2", 1, 1, "a");
    t.append("N2", 2, 3, "c");
    t.truncate("N2", 2);
    t.append("N2", 2, 2, "b");
    expect(findings(raftLogMatching, t.events)).toEqual([]);
  });
});

describe("raft/leader-completeness", () => {
  it("allows a new leader that holds every committed entry", () => {
    const t = new TraceBuilder();
    t.append("N1", 1, 1, "a");
    t.commit("N1", 1, 1, "a");
    t.append("N2", 1, 1, "a");
    t.leader("N2", 2);
    expect(findings(raftLeaderCompleteness, t.events)).toEqual([]);
  });
});

describe("raft/state-machine-safety", () => {
  it("allows the same command applied everywhere (and again after a restart)", () => {
    const t = new TraceBuilder();
    t.apply("N1", 1, 1, "a");
    t.apply("N2", 1, 1, "a");
    t.apply("N1", 1, 1, "a");
    expect(findings(raftStateMachineSafety, t.events)).toEqual([]);
  });
});

describe("raft/acked-survives", () => {
  it("flags a node that cuts an acknowledged entry from its log", () => {
    const t = new TraceBuilder();
    const held = t.append("N2", 1, 1, "a");
    const ack = t.response("N1", "cmd-1", true, { index: 1, term: 1, command: "a" });
    const cut = t.truncate("N2", 1);
    expect(findings(raftAckedSurvives, t.events)[0]!.evidence).toEqual([ack, held, cut]);
  });
  it("flags another command committed where an acknowledged one was", () => {
    const t = new TraceBuilder();
    const ack = t.response("N1", "cmd-1", true, { index: 1, term: 1, command: "a" });
    const other = t.commit("N3", 1, 2, "b");
    expect(findings(raftAckedSurvives, t.events)[0]!.evidence).toEqual([ack, other]);
  });
  it("allows overwriting an entry nobody was told about, and refusals", () => {
    const t = new TraceBuilder();
    t.append("N2", 1, 1, "a");
    t.response("N1", "cmd-1", false, { leaderHint: null });
    t.truncate("N2", 1);
    t.append("N2", 1, 2, "b");
    t.response("N3", "cmd-2", true, { index: 1, term: 2, command: "b" });
    t.commit("N2", 1, 2, "b");
    expect(findings(raftAckedSurvives, t.events)).toEqual([]);
  });
});
