/** The Raft goal checks on hand-built runs: liveness in calm stretches, elections, answers, convergence. */
import { describe, expect, it } from "vitest";
import type { RunRecord } from "../../../shared/sim/check.js";
import type { Level } from "../../../shared/level/level.js";
import { raftAckedEverywhere } from "../../../shared/protocols/raft/checks/acked-everywhere.js";
import { raftAnsweredWithin } from "../../../shared/protocols/raft/checks/answered-within.js";
import { raftElectionsAtMost } from "../../../shared/protocols/raft/checks/elections-at-most.js";
import { raftLeaderWithin } from "../../../shared/protocols/raft/checks/leader-within.js";
import type { Window } from "../../../shared/checks/stable-windows.js";
import { TraceBuilder } from "./raft-trace-builder.js";

function runOf(t: TraceBuilder, windows: Window[], endTick = 1000, finalStates: RunRecord["finalStates"] = {}, upAtEnd: string[] = []): RunRecord {
  return { level: {} as Level, trace: t.events, endTick, stableWindows: windows, finalStates, upAtEnd };
}

describe("raft/leader-within", () => {
  const params = { settleTicks: 30, withinTicks: 120 };
  it("fails when a calm stretch goes leaderless for too long, citing where it began", () => {
    const t = new TraceBuilder();
    t.at(10).term("N1", 1);
    t.leader("N1", 1);
    const lost = t.at(400).crash("N1");
    t.at(600).term("N2", 2);
    t.leader("N2", 2);
    const out = raftLeaderWithin.evaluate(runOf(t, [{ startTick: 400, endTick: 1000 }]), params);
    expect(out.met).toBe(false);
    expect(out.evidence).toEqual([lost]);
  });
  it("passes when a new leader comes in time, and ignores stretches outside calm windows", () => {
    const t = new TraceBuilder();
    t.at(10).term("N1", 1);
    t.leader("N1", 1);
    t.at(400).crash("N1");
    t.at(520).term("N2", 2); // a candidate's newer term: still leaderless
    t.at(540).leader("N2", 2);
    expect(raftLeaderWithin.evaluate(runOf(t, [{ startTick: 0, endTick: 300 }, { startTick: 400, endTick: 1000 }]), params).met).toBe(true);
    expect(raftLeaderWithin.evaluate(runOf(t, [{ startTick: 0, endTick: 300 }]), params).met).toBe(true);
  });
});

describe("raft/elections-at-most", () => {
  it("counts self-votes (elections started) inside calm windows only", () => {
    const t = new TraceBuilder();
    t.at(10).vote("N1", 1, "N1");
    t.vote("N2", 1, "N1"); // a vote for someone else: not an election
    t.at(500).vote("N3", 2, "N3"); // during a partition
    const late = t.at(800).vote("N4", 3, "N4");
    const windows = [{ startTick: 0, endTick: 400 }, { startTick: 700, endTick: 1000 }];
    expect(raftElectionsAtMost.evaluate(runOf(t, windows), { max: 2 }).met).toBe(true);
    const out = raftElectionsAtMost.evaluate(runOf(t, windows), { max: 1 });
    expect(out).toMatchObject({ met: false, evidence: [late] });
  });
});

describe("raft/answered-within", () => {
  function request(t: TraceBuilder, id: string, tick: number): number {
    return t.at(tick).push({ tick, kind: "request", node: "N1", requestId: id, workload: "cmd", payload: {}, deadlineTick: tick + 50 });
  }
  it("accepts any honest answer in time, fails a late one", () => {
    const t = new TraceBuilder();
    request(t, "a", 100);
    t.at(101).response("N1", "a", false, { leaderHint: "N2" });
    const late = request(t, "b", 200);
    const answer = t.at(300).response("N1", "b", true, { index: 1, term: 1, command: "x" });
    const out = raftAnsweredWithin.evaluate(runOf(t, [{ startTick: 0, endTick: 1000 }]), { withinTicks: 50 });
    expect(out).toMatchObject({ met: false, evidence: [late, answer] });
    expect(raftAnsweredWithin.evaluate(runOf(t, [{ startTick: 0, endTick: 190 }]), { withinTicks: 50 }).met).toBe(true);
  });
});

describe("raft/acked-everywhere", () => {
  it("needs every acknowledged entry committed on every live node at the end", () => {
    const t = new TraceBuilder();
    const ack = t.at(100).response("N1", "a", true, { index: 1, term: 1, command: "x" });
    const good = { log: [{ term: 1, command: "x" }], commitIndex: 1 };
    const lagging = { log: [{ term: 1, command: "x" }], commitIndex: 0 };
    expect(raftAckedEverywhere.evaluate(runOf(t, [], 1000, { N1: good, N2: good }, ["N1", "N2"]), {}).met).toBe(true);
    expect(raftAckedEverywhere.evaluate(runOf(t, [], 1000, { N1: good, N2: lagging }, ["N1", "N2"]), {})).toMatchObject({ met: false, evidence: [ack] });
    expect(raftAckedEverywhere.evaluate(runOf(t, [], 1000, { N1: good, N2: lagging }, ["N1"]), {}).met).toBe(true);
  });
});
