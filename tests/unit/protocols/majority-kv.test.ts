/** majority-kv's rules one at a time, on hand-made node states. */
import { describe, expect, it } from "vitest";
import type { NodeContext } from "../../../shared/sim/protocol.js";
import { majorityKv } from "../../../shared/protocols/majority-kv/index.js";
import { answerPrevote, answerVote, outranks, prevoteGrant, probeElection, promiseActive, recordPrevote, recordVote, shouldProbeInstead, startElection, voteGrant } from "../../../shared/protocols/majority-kv/election.js";
import { acceptCharge, ledgerOnCharge } from "../../../shared/protocols/majority-kv/ledger.js";
import { logChangeNote } from "../../../shared/protocols/majority-kv/log.js";
import { acceptReplica, leaseValid, recordAck, sendRound } from "../../../shared/protocols/majority-kv/replication.js";
import { initialState, optionsOf, type MkvState } from "../../../shared/protocols/majority-kv/state.js";
import { streamRng } from "../../../shared/sim/prng.js";
import { loadLevelFile, LEVELS_DIR } from "../../../server/level-files.js";

const nodes = [...["N1", "N2", "N3", "N4", "N5"].map((id) => ({ id, role: "peer" })), { id: "LEDGER", role: "ledger" }];
function ctx(self: string, uptimeTicks: number): NodeContext {
  return { self, role: self === "LEDGER" ? "ledger" : "peer", nodes, wallTicks: uptimeTicks, uptimeTicks, lastHeardUptimeTicks: [], rng: streamRng(1, self, {}), options: { leaseTicks: 20, promiseTicks: 30 } };
}
const sale = (resId: string, epoch = 1) => ({ resId, origin: "N1", epoch });
const l12 = loadLevelFile(`${LEVELS_DIR}/l12-survive-a-partition.json`);
function levelCtx(self: string, uptimeTicks: number): NodeContext {
  return { ...ctx(self, uptimeTicks), options: l12.protocolOptions };
}

describe("majority-kv election", () => {
  it("one vote per epoch: a second candidate in the same epoch is refused", () => {
    const voted = answerVote(initialState(), "N2", { epoch: 3 }, true, ctx("N4", 100)).state;
    expect(voted).toMatchObject({ votedEpoch: 3, votedFor: "N2" });
    expect(voteGrant(voted, { epoch: 3 }, ctx("N4", 100), "N3")).toBe(false);
    expect(voteGrant(voted, { epoch: 3 }, ctx("N4", 100), "N2")).toBe(true);
    expect(voteGrant(voted, { epoch: 4 }, ctx("N4", 100), "N3")).toBe(true);
  });
  it("a restarted node that ever voted keeps the promise for promiseTicks after boot (it forgot whom it promised)", () => {
    const beforeCrash: MkvState = { ...initialState(), epoch: 1, votedEpoch: 1, votedFor: "N1", heardLeaderUptimeTicks: 500 };
    const durable = Object.fromEntries(majorityKv.durableFields.map((f) => [f, (beforeCrash as Record<string, unknown>)[f]]));
    const rebooted = majorityKv.bots.correct!.step({ ...initialState(), ...durable } as MkvState, { kind: "boot" }, ctx("N3", 0)).state;
    expect(voteGrant(rebooted, { epoch: 2 }, ctx("N3", 29), "N2")).toBe(false);
    expect(voteGrant(rebooted, { epoch: 2 }, ctx("N3", 30), "N2")).toBe(true);
    const newcomer = majorityKv.bots.correct!.step(initialState(), { kind: "boot" }, ctx("N3", 0)).state;
    expect(voteGrant(newcomer, { epoch: 1 }, ctx("N3", 1), "N2")).toBe(true);
  });
  it("the promise: no vote while the leader was heard within promiseTicks", () => {
    const follower: MkvState = { ...initialState(), heardLeaderUptimeTicks: 100 };
    expect(promiseActive(follower, ctx("N3", 129))).toBe(true);
    expect(voteGrant(follower, { epoch: 2 }, ctx("N3", 129))).toBe(false);
    expect(voteGrant(follower, { epoch: 2 }, ctx("N3", 130))).toBe(true);
  });
  it("the lease always ends before any acker's promise does (lease < promise, from the send)", () => {
    const o = optionsOf(ctx("N1", 0));
    expect(o.leaseTicks).toBeLessThan(o.promiseTicks);
    let leader: MkvState = { ...initialState(), status: "leader", epoch: 1, votedEpoch: 1 };
    leader = sendRound(leader, ctx("N1", 50)).state;
    for (const f of ["N2", "N3"]) leader = recordAck(leader, f, { epoch: 1, round: leader.round, length: 0, ok: true, knownEpoch: 1 }, ctx("N1", 55)).state;
    expect(leaseValid(leader, ctx("N1", 69))).toBe(true);
    expect(leaseValid(leader, ctx("N1", 70))).toBe(false);
    // The earliest any acker could have heard that round is its send time (50): promise to 80.
    expect(promiseActive({ ...initialState(), heardLeaderUptimeTicks: 50 }, ctx("N2", 79))).toBe(true);
  });
  it("l12's own timings: the lease always ends at the leader before any acker may vote again, whatever the delay", () => {
    const o = optionsOf(levelCtx("N1", 0));
    // The whole safety argument: lease (from the send, leader's clock) < promise (from the
    // receipt, follower's clock). The l12 clocks do not drift, so any positive margin suffices.
    expect(o.leaseTicks).toBeLessThan(o.promiseTicks);
    // Probing any earlier than the promise would only be refused.
    expect(o.electionTicksMin).toBeGreaterThan(o.promiseTicks);
    const sent = 300;
    for (let delay = 0; delay <= 40; delay++) {
      let leader: MkvState = { ...initialState(), status: "leader", epoch: 1, votedEpoch: 1 };
      leader = sendRound(leader, levelCtx("N1", sent)).state;
      // N2 and N3 accept the round `delay` ticks after its send (their uptime = true time here).
      const f = acceptReplica({ ...initialState() }, "N1", { epoch: 1, round: leader.round, log: [], commitLength: 0 }, levelCtx("N2", sent + delay)).state;
      for (const id of ["N2", "N3"]) leader = recordAck(leader, id, { epoch: 1, round: leader.round, length: 0, ok: true, knownEpoch: 1 }, levelCtx("N1", sent + 2 * delay)).state;
      const leaseEnd = sent + o.leaseTicks;
      // Whenever the ack came back in time, the lease ends exactly leaseTicks after the send...
      if (2 * delay < o.leaseTicks) expect(leaseValid(leader, levelCtx("N1", leaseEnd - 1))).toBe(true);
      expect(leaseValid(leader, levelCtx("N1", leaseEnd))).toBe(false);
      // ...and until then (and beyond) every acker refuses both a pre-vote and a vote for anyone else.
      for (let t = sent + delay; t <= leaseEnd; t++) {
        expect(promiseActive(f, levelCtx("N2", t))).toBe(true);
        expect(voteGrant(f, { epoch: 2 }, levelCtx("N2", t), "N4")).toBe(false);
        expect(prevoteGrant(f, { epoch: 2, logEpoch: 1, length: 0, ticket: 999_999 }, levelCtx("N2", t), "N4")).toBe(false);
      }
      expect(voteGrant(f, { epoch: 2 }, levelCtx("N2", sent + delay + o.promiseTicks), "N4")).toBe(true);
    }
  });
  it("two probes for one epoch at once: the higher ticket goes ahead, the other yields; nobody deadlocks", () => {
    const c3 = levelCtx("N3", 500), c4 = levelCtx("N4", 500), c5 = levelCtx("N5", 501);
    const base: MkvState = { ...initialState(), epoch: 1, logEpoch: 1, log: [sale("a")] };
    const p3 = probeElection(base, c3);
    const p4 = probeElection(base, c4);
    const ask3 = p3.effects.find((e) => e.kind === "send")!.payload as { epoch: number; logEpoch: number; length: number; ticket: number };
    const ask4 = p4.effects.find((e) => e.kind === "send")!.payload as { epoch: number; logEpoch: number; length: number; ticket: number };
    const [hi, lo] = outranks({ ...ask3, id: "N3" }, { ...ask4, id: "N4" }) ? (["N3", "N4"] as const) : (["N4", "N3"] as const);
    const probes = { N3: { state: p3.state, ask: ask3 }, N4: { state: p4.state, ask: ask4 } };
    // Each prober sees the other's request: only the lower-ranked one says yes, and abandons its own probe.
    expect(prevoteGrant(probes[lo].state, probes[hi].ask, levelCtx(lo, 503), hi)).toBe(true);
    expect(prevoteGrant(probes[hi].state, probes[lo].ask, levelCtx(hi, 503), lo)).toBe(false);
    const yielded = answerPrevote(probes[lo].state, hi, probes[hi].ask, true, levelCtx(lo, 503));
    expect(yielded.state.prevotes).toEqual([]);
    expect(yielded.effects).toContainEqual(expect.objectContaining({ kind: "set-timer", name: "election" }));
    expect(recordPrevote(yielded.state, "N5", { epoch: 2, granted: true, knownEpoch: 1 }, levelCtx(lo, 504)).ready).toBe(false);
    // N5 said yes to the lower-ranked one first; the better-ranked one still gets its yes (pre-votes bind nothing).
    const n5 = answerPrevote(base, lo, probes[lo].ask, prevoteGrant(base, probes[lo].ask, c5, lo), c5).state;
    expect(prevoteGrant(n5, probes[hi].ask, levelCtx("N5", 502), hi)).toBe(true);
    let winner = recordPrevote(probes[hi].state, lo, { epoch: 2, granted: true, knownEpoch: 1 }, levelCtx(hi, 505)).state;
    const done = recordPrevote(winner, "N5", { epoch: 2, granted: true, knownEpoch: 1 }, levelCtx(hi, 506));
    expect(done.ready).toBe(true);
    winner = startElection(done.state, levelCtx(hi, 506)).state;
    expect(winner.status).toBe("candidate");
  });
  it("the newer seat map outranks any ticket, and a node refused only for its older copy hands the probe over", () => {
    expect(outranks({ logEpoch: 1, length: 5, ticket: 1, id: "N3" }, { logEpoch: 1, length: 4, ticket: 999, id: "N5" })).toBe(true);
    expect(outranks({ logEpoch: 2, length: 0, ticket: 1, id: "N3" }, { logEpoch: 1, length: 9, ticket: 999, id: "N5" })).toBe(true);
    const newer: MkvState = { ...initialState(), epoch: 1, logEpoch: 1, log: [sale("a"), sale("b")] };
    const ask = { epoch: 2, logEpoch: 1, length: 1, ticket: 999_999 };
    expect(prevoteGrant(newer, ask, levelCtx("N5", 500), "N3")).toBe(false);
    expect(shouldProbeInstead(newer, ask, levelCtx("N5", 500))).toBe(true);
    expect(shouldProbeInstead({ ...newer, heardLeaderUptimeTicks: 490 }, ask, levelCtx("N5", 500))).toBe(false);
  });
  it("voting stands back: a follower that gives its vote re-arms a full election timeout", () => {
    const step = answerVote({ ...initialState(), epoch: 1 }, "N3", { epoch: 2 }, true, levelCtx("N4", 500));
    const timer = step.effects.find((e) => e.kind === "set-timer" && e.name === "election") as { delayTicks: number } | undefined;
    const o = optionsOf(levelCtx("N4", 0));
    expect(timer?.delayTicks).toBeGreaterThanOrEqual(o.electionTicksMin);
    expect(timer?.delayTicks).toBeLessThanOrEqual(o.electionTicksMax);
  });
  it("a new leader adopts the newest copy among its voters (every confirmed sale is in it)", () => {
    let cand = startElection({ ...initialState(), epoch: 1, log: [sale("a")], logEpoch: 1 }, ctx("N3", 100)).state;
    cand = recordVote(cand, "N4", { epoch: 2, granted: true, log: [sale("a"), sale("b")], logEpoch: 1, knownEpoch: 2 }, ctx("N3", 105)).state;
    cand = recordVote(cand, "N5", { epoch: 2, granted: true, log: [], logEpoch: 0, knownEpoch: 2 }, ctx("N3", 106)).state;
    expect(cand.status).toBe("leader");
    expect(cand.log.map((s) => s.resId)).toEqual(["a", "b"]);
    expect(cand.logEpoch).toBe(2);
  });
  it("a follower refuses a round from an older epoch than its vote", () => {
    const f: MkvState = { ...initialState(), votedEpoch: 3, epoch: 3 };
    const step = acceptReplica(f, "N1", { epoch: 2, round: 9, log: [sale("z")], commitLength: 0 }, ctx("N2", 10));
    expect(step.state.log).toEqual([]);
    expect(step.effects).toEqual([expect.objectContaining({ type: "ack", payload: expect.objectContaining({ ok: false, knownEpoch: 3 }) })]);
  });
});

describe("majority-kv ledger", () => {
  it("fences a lower token and applies each reservation once", () => {
    const fenced = ledgerOnCharge(true);
    let s = acceptCharge(initialState(), "N3", { token: 2, resId: "a", seat: 1 }).state;
    const stale = fenced(s, "N1", { token: 1, resId: "b", seat: 1 });
    expect(stale.effects[0]).toMatchObject({ name: "charge-rejected" });
    const again = fenced(s, "N3", { token: 2, resId: "a", seat: 1 });
    expect(again.state.charges).toHaveLength(1);
    s = ledgerOnCharge(false)(s, "N1", { token: 1, resId: "b", seat: 1 }).state;
    expect(s.charges.map((c) => c.token)).toEqual([2, 1]);
  });
});

describe("majority-kv log notes and the human seat", () => {
  it("a log note names where the copy diverged and what follows", () => {
    expect(logChangeNote([sale("a"), sale("b")], [sale("a"), sale("c", 2)], 2)).toMatchObject({ data: { at: 1, resIds: ["c"] } });
    expect(logChangeNote([sale("a")], [sale("a")], 1)).toBeNull();
  });
  it("a human's vote request and buyer stay cards for the player; replies are bookkeeping", () => {
    const c = ctx("N2", 10);
    const vote = majorityKv.human(initialState(), { kind: "deliver", arrival: 0, msg: { id: 7, from: "N3", to: "N2", type: "vote-request", payload: { epoch: 1 }, sentTick: 0 } }, c, new Set());
    expect(vote.handled).toBe(false);
    expect(vote.state.received.map((r) => r.msgId)).toEqual([7]);
    const buyer = majorityKv.human(initialState(), { kind: "request", request: { id: "buy-1", workload: "buy", payload: {}, arrivedTick: 1, deadlineTick: 61 } }, c, new Set());
    expect(buyer.handled).toBe(false);
    expect(buyer.state.reservations).toEqual([{ resId: "buy-1", queued: false }]);
    const sold = majorityKv.human(buyer.state, { kind: "deliver", arrival: 0, msg: { id: 8, from: "N1", to: "N2", type: "sold", payload: { resId: "buy-1", seat: 4, epoch: 1, soldOut: false }, sentTick: 5 } }, c, new Set());
    expect(sold.handled).toBe(true);
    expect(sold.effects).toEqual([expect.objectContaining({ kind: "respond", requestId: "buy-1", ok: true })]);
  });
});
