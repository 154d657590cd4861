/** majority-kv's rules one at a time, on hand-made node states. */
import { describe, expect, it } from "vitest";
import type { NodeContext } from "../../../shared/protocols/protocol.js";
import { majorityKv } from "../../../shared/protocols/majority-kv.js";
import { answerVote, promiseActive, recordVote, startElection, voteGrant } from "../../../shared/protocols/majority-kv-election.js";
import { acceptCharge, ledgerOnCharge } from "../../../shared/protocols/majority-kv-ledger.js";
import { logChangeNote } from "../../../shared/protocols/majority-kv-log.js";
import { acceptReplica, leaseValid, recordAck, sendRound } from "../../../shared/protocols/majority-kv-replication.js";
import { initialState, optionsOf, type MkvState } from "../../../shared/protocols/majority-kv-types.js";
import { streamRng } from "../../../shared/sim/prng.js";

const nodes = [...["N1", "N2", "N3", "N4", "N5"].map((id) => ({ id, role: "peer" })), { id: "LEDGER", role: "ledger" }];
function ctx(self: string, uptimeTicks: number): NodeContext {
  return { self, role: self === "LEDGER" ? "ledger" : "peer", nodes, wallTicks: uptimeTicks, uptimeTicks, rng: streamRng(1, self, {}), options: { leaseTicks: 20, promiseTicks: 30 } };
}
const sale = (resId: string, epoch = 1) => ({ resId, origin: "N1", epoch });

describe("majority-kv election", () => {
  it("one vote per epoch: a second candidate in the same epoch is refused", () => {
    const voted = answerVote(initialState(), "N2", { epoch: 3 }, true, ctx("N4", 100)).state;
    expect(voted).toMatchObject({ votedEpoch: 3, votedFor: "N2" });
    expect(voteGrant(voted, { epoch: 3 }, ctx("N4", 100), "N3")).toBe(false);
    expect(voteGrant(voted, { epoch: 3 }, ctx("N4", 100), "N2")).toBe(true);
    expect(voteGrant(voted, { epoch: 4 }, ctx("N4", 100), "N3")).toBe(true);
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
    const vote = majorityKv.human(initialState(), { kind: "deliver", delivery: { copy: 0, deliverTick: 1, msg: { id: 7, from: "N3", to: "N2", type: "vote-request", payload: { epoch: 1 }, sentTick: 0 } } }, c, new Set());
    expect(vote.handled).toBe(false);
    expect(vote.state.received.map((r) => r.msgId)).toEqual([7]);
    const buyer = majorityKv.human(initialState(), { kind: "request", request: { id: "buy-1", workload: "buy", payload: {}, arrivedTick: 1, deadlineTick: 61 } }, c, new Set());
    expect(buyer.handled).toBe(false);
    expect(buyer.state.reservations).toEqual([{ resId: "buy-1", queued: false }]);
    const sold = majorityKv.human(buyer.state, { kind: "deliver", delivery: { copy: 0, deliverTick: 9, msg: { id: 8, from: "N1", to: "N2", type: "sold", payload: { resId: "buy-1", seat: 4, epoch: 1, soldOut: false }, sentTick: 5 } } }, c, new Set());
    expect(sold.handled).toBe(true);
    expect(sold.effects).toEqual([expect.objectContaining({ kind: "respond", requestId: "buy-1", ok: true })]);
  });
});
