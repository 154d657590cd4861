// l12 (majority-kv): each card -> the actions it offers -> params, run through the protocol's own
// parse, possible and check (Guided) on states its human reducer and helpers built. The client
// only offers; the server refuses what breaks a rule (say yes without 3 of 5, vote twice...).
import { describe, expect, it } from "vitest";
import { bindingContext, cardBindings, globalBindings, nodeHighlights, type Binding } from "../../../client/ui/play-bindings.js";
import type { InboxEvent } from "../../../client/net/snapshot.js";
import { majorityKv } from "../../../shared/protocols/majority-kv/index.js";
import { initialState, type MkvState } from "../../../shared/protocols/majority-kv/state.js";
import type { NodeContext, NodeEvent } from "../../../shared/sim/protocol.js";
import { streamRng } from "../../../shared/sim/prng.js";
import { loadLevelFile, LEVELS_DIR } from "../../../server/level-files.js";

const l12 = loadLevelFile(`${LEVELS_DIR}/l12-survive-a-partition.json`);
const ENABLED = l12.actions;
const nodes = l12.nodes.map((n) => ({ id: n.id, role: n.role }));
const UP = 100;
const ctxOf = (self: string): NodeContext => ({ self, role: self === "LEDGER" ? "ledger" : "peer", nodes, wallTicks: UP, uptimeTicks: UP, lastHeardUptimeTicks: [], rng: streamRng(1, self, {}), options: l12.protocolOptions });
const ctx = ctxOf("N1");
const bctx = bindingContext("N1", nodes, UP, true);
const shapes = Object.entries(majorityKv.actions).map(([name, a]) => ({ name, parse: (raw: unknown) => a.parse(raw) }));

const human = (state: MkvState, event: NodeEvent, c = ctx) => majorityKv.human(state, event, c, new Set());
const buy = (id: string, workload = "buy"): NodeEvent => ({ kind: "request", request: { id, workload, payload: {}, arrivedTick: 0, deadlineTick: 99 } });
const deliver = (id: number, from: string, type: string, payload: unknown, to = "N1"): NodeEvent => ({ kind: "deliver", msg: { id, from, to, type, payload, sentTick: 0 }, arrival: 0 });
const requestCard = (requestId: string): InboxEvent => ({ kind: "request", requestId, payload: {}, deadlineTick: 0 });
const msgCard = (msgId: number, from: string, type: string, payload: unknown): InboxEvent => ({ kind: "message", msgId, from, type, payload, arrival: 0 });

function judge(state: MkvState, b: Binding, c = ctx): string | null {
  const action = majorityKv.actions[b.action]!;
  const parsed = action.parse(b.params);
  if (!parsed.ok) return `parse: ${parsed.error}`;
  return action.possible?.(state, parsed.value, c) ?? action.check?.(state, parsed.value, c) ?? null;
}
function apply(state: MkvState, b: Binding, c = ctx): MkvState {
  const action = majorityKv.actions[b.action]!;
  const parsed = action.parse(b.params);
  if (!parsed.ok) throw new Error(parsed.error);
  return action.apply(state, parsed.value, c).state;
}
const pick = (bindings: Binding[], action: string) => bindings.find((b) => b.action === action)!;

/** N1, elected in epoch 1 and holding a lease until uptime 120. */
const leader = (): MkvState => ({ ...initialState(), status: "leader", epoch: 1, votedEpoch: 1, votedFor: "N1", leaderId: "N1", leaseUntilUptimeTicks: 120 });

describe("majority-kv request rows", () => {
  it("a follower's reservation: forward, acknowledge (3 of 5 in Guided), queue, refuse; every param parses", () => {
    const state = human({ ...initialState(), epoch: 1, leaderId: "N3", heardLeaderUptimeTicks: 90 }, buy("buy-1")).state;
    const bindings = cardBindings("majority-kv", ENABLED, requestCard("buy-1"), state, shapes, bctx);
    expect(bindings.map((b) => [b.action, b.key, b.params, b.label])).toEqual([
      ["forward", "f", { resId: "buy-1" }, "Forward to N3"],
      ["ackSale", "y", { resId: "buy-1" }, "Acknowledge sale (needs 3 of 5 + paid)"],
      ["queue", "q", { resId: "buy-1" }, "Queue (pending)"],
      ["refuse", "r", { resId: "buy-1" }, "Refuse (try later)"],
    ]);
    for (const b of bindings) expect(majorityKv.actions[b.action]!.parse(b.params).ok).toBe(true);
    // Saying yes as a follower breaks the rule: the server refuses it in Guided mode.
    expect(judge(state, pick(bindings, "ackSale"))).toBe("Only the leader may say sold; forward or queue the reservation instead.");
    expect(judge(state, pick(bindings, "queue"))).toBeNull();
    expect(judge(state, pick(bindings, "refuse"))).toBeNull();
    expect(judge(state, pick(bindings, "forward"))).toBeNull();
    // Free mode: the label drops the count (the rule is not enforced there).
    expect(cardBindings("majority-kv", ENABLED, requestCard("buy-1"), state, shapes, { ...bctx, guided: false }).find((b) => b.action === "ackSale")?.label).toBe("Acknowledge sale");
  });

  it("queued: the card says the buyer was told pending", () => {
    let state = human(initialState(), buy("buy-2")).state;
    state = apply(state, { action: "queue", params: { resId: "buy-2" }, label: "", key: "" });
    const [first] = cardBindings("majority-kv", ENABLED, requestCard("buy-2"), state, shapes, bctx);
    expect(first?.group?.lines).toEqual(["Not in your seat map.", 'Buyer told "reservation pending" (queued on disk).']);
  });

  it("the leased leader: sell appends and charges with its token; acknowledge only after 3 of 5 hold it and it is paid", () => {
    let state = human(leader(), buy("buy-3")).state;
    let bindings = cardBindings("majority-kv", ENABLED, requestCard("buy-3"), state, shapes, bctx);
    expect(bindings.map((b) => b.action)).toEqual(["sell", "ackSale", "queue", "refuse"]);
    expect(judge(state, pick(bindings, "sell"))).toBeNull();
    state = apply(state, pick(bindings, "sell"));
    bindings = cardBindings("majority-kv", ENABLED, requestCard("buy-3"), state, shapes, bctx);
    expect(pick(bindings, "charge")).toMatchObject({ params: { resId: "buy-3" }, label: "Charge ledger (token 1)", key: "t" });
    expect(bindings[0]!.group?.lines).toEqual(["Seat #1 in your copy, held by 1 of 5 in your epoch · not paid yet."]);
    expect(judge(state, pick(bindings, "ackSale"))).toBe("Seat for buy-3 is not held by 3 of 5 in your epoch yet.");
    // Two followers confirm the round, the ledger takes the payment: now yes is allowed.
    for (const f of ["N2", "N3"]) state = human(state, deliver(10, f, "ack", { epoch: 1, round: state.round, length: 1, ok: true, knownEpoch: 1 })).state;
    state = human(state, deliver(11, "LEDGER", "charge-result", { token: 1, resId: "buy-3", outcome: "applied", highest: 1 })).state;
    bindings = cardBindings("majority-kv", ENABLED, requestCard("buy-3"), state, shapes, bctx);
    expect(bindings[0]!.group?.lines).toEqual(["Seat #1 in your copy, held by 3 of 5 in your epoch · paid ✓."]);
    expect(judge(state, pick(bindings, "ackSale"))).toBeNull();
    expect(nodeHighlights("majority-kv", state, bctx).find((x) => x.id === "quorum")).toMatchObject({ value: "3 of 5", tone: "ok" });
  });

  it("a seat-map read: serve the map labelled with its age", () => {
    const state = human({ ...initialState(), epoch: 1, leaderId: "N3", heardLeaderUptimeTicks: 68 }, buy("map-1", "map")).state;
    const bindings = cardBindings("majority-kv", ENABLED, requestCard("map-1"), state, shapes, bctx);
    expect(bindings).toEqual([{ action: "serveStale", params: { requestId: "map-1" }, label: "Serve stale map (3.2 s old)", key: "m" }]);
    expect(judge(state, bindings[0]!)).toBeNull();
    const fresh = human(leader(), buy("map-2", "map")).state;
    expect(cardBindings("majority-kv", ENABLED, requestCard("map-2"), fresh, shapes, bctx)[0]?.label).toBe("Serve map (fresh: you hold the lease)");
  });
});

describe("majority-kv cluster cards", () => {
  it("a vote request: grant or deny, with the facts of your own vote; one vote per epoch is the server's call", () => {
    const voted: MkvState = { ...initialState(), epoch: 2, votedEpoch: 2, votedFor: "N4" };
    const state = human(voted, deliver(21, "N3", "vote-request", { epoch: 2 })).state;
    const bindings = cardBindings("majority-kv", ENABLED, msgCard(21, "N3", "vote-request", { epoch: 2 }), state, shapes, bctx);
    expect(bindings.map((b) => [b.action, b.key, b.params, b.label])).toEqual([
      ["vote", "g", { msgId: 21, grant: true }, "Grant vote"],
      ["vote", "d", { msgId: 21, grant: false }, "Deny vote"],
    ]);
    expect(bindings[0]!.group?.lines[1]).toBe("You: epoch 2, voted in epoch 2 for N4, 0 seats.");
    expect(judge(state, bindings[0]!)).toBe("You already voted in epoch 2: one vote per epoch.");
    expect(judge(state, bindings[1]!)).toBeNull();
  });

  it("a pre-vote, a replication round and, on the ledger, a charge", () => {
    let state = human(initialState(), deliver(22, "N3", "prevote", { epoch: 1, logEpoch: 0, length: 0, ticket: 5 })).state;
    const pre = cardBindings("majority-kv", ENABLED, msgCard(22, "N3", "prevote", { epoch: 1, logEpoch: 0, length: 0, ticket: 5 }), state, shapes, bctx);
    expect(pre.map((b) => b.label)).toEqual(["Grant pre-vote", "Deny pre-vote"]);
    expect(judge(state, pre[0]!)).toBeNull();

    const round = { epoch: 1, round: 1, log: [], commitLength: 0 };
    state = human(state, deliver(23, "N3", "replicate", round)).state;
    const rep = cardBindings("majority-kv", ENABLED, msgCard(23, "N3", "replicate", round), state, shapes, bctx);
    expect(rep.map((b) => [b.action, b.key, b.params])).toEqual([["acceptReplica", "a", { msgId: 23 }]]);
    expect(judge(state, rep[0]!)).toBeNull();

    const lctx = ctxOf("LEDGER");
    const charge = { token: 1, resId: "buy-1", seat: 1 };
    const ledger = human({ ...initialState(), highestToken: 2 }, deliver(24, "N1", "charge", charge, "LEDGER"), lctx).state;
    const cards = cardBindings("majority-kv", ENABLED, msgCard(24, "N1", "charge", charge), ledger, shapes, bindingContext("LEDGER", nodes, UP, true));
    expect(cards.map((b) => [b.action, b.key, b.params])).toEqual([
      ["acceptCharge", "a", { msgId: 24 }],
      ["rejectStaleToken", "x", { msgId: 24 }],
    ]);
    expect(cards[0]!.group?.lines).toEqual(["Token 1 for buy-1 (seat #1) · highest token you have seen: 2."]);
    expect(judge(ledger, cards[0]!, lctx)).toMatch(/zombie leader/);
    expect(judge(ledger, cards[1]!, lctx)).toBeNull();
  });

  it("timers offer what they are for; the action bar: replicate, lease, probe, election, catch up", () => {
    const timer = (name: string) => cardBindings("majority-kv", ENABLED, { kind: "timer", name }, initialState(), shapes, bctx).map((b) => b.action);
    expect(timer("election")).toEqual(["probeElection", "startElection"]);
    expect(timer("heartbeat")).toEqual(["replicate", "requestLease"]);
    expect(timer("retry")).toEqual(["catchUp"]);
    const bar = globalBindings("majority-kv", ENABLED, initialState(), shapes);
    expect(bar.map((b) => [b.action, b.key, b.letter])).toEqual([
      ["replicate", "1", "h"],
      ["requestLease", "2", "l"],
      ["probeElection", "3", "p"],
      ["startElection", "4", "e"],
      ["catchUp", "5", "c"],
    ]);
    for (const b of bar) expect(majorityKv.actions[b.action]!.parse(b.params).ok).toBe(true);
  });
});

describe("majority-kv node highlights", () => {
  it("the leader: epoch, token, lease left on its own clock, quorum meter, seat map", () => {
    const state = apply(human(leader(), buy("buy-9")).state, { action: "sell", params: { resId: "buy-9" }, label: "", key: "" });
    const h = Object.fromEntries(nodeHighlights("majority-kv", state, bctx).map((x) => [x.id, x]));
    expect(h.epoch?.value).toBe("1");
    expect(h.token?.value).toBe("1");
    expect(h.token?.hint).toContain("retry queue: 1 charge, token 1");
    expect(h.lease).toMatchObject({ value: "2.0 s left", tone: "ok" });
    expect(h.quorum).toMatchObject({ value: "1 of 5", tone: "warn" });
    expect(h.quorum?.hint).toContain("need 3");
    expect(h.seats?.value).toBe("0 / 1");
  });
  it("a follower shows when it last heard its leader; the ledger its highest token", () => {
    const follower = nodeHighlights("majority-kv", { ...initialState(), epoch: 2, leaderId: "N3", heardLeaderUptimeTicks: 90 }, bctx);
    expect(follower.map((x) => x.id)).toEqual(["epoch", "token", "leader", "seats"]);
    expect(follower.find((x) => x.id === "leader")?.value).toBe("1.0 s ago");
    const ledger = nodeHighlights("majority-kv", { ...initialState(), highestToken: 3 }, bindingContext("LEDGER", nodes, UP, true));
    expect(ledger[0]).toMatchObject({ id: "highest", value: "3" });
  });
});
