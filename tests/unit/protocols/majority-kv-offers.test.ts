// l12 (majority-kv): each card -> the actions it offers (from the protocol's declarations,
// through shared/sim/legal-actions.ts) -> params, judged as the server judges them (parse,
// resolve, possible, Guided check) on states its human reducer and helpers built. The client only
// offers; the server refuses what breaks a rule (say yes without 3 of 5, vote twice...).
import { describe, expect, it } from "vitest";
import { majorityKv } from "../../../shared/protocols/majority-kv/index.js";
import { initialState, type MkvState } from "../../../shared/protocols/majority-kv/state.js";
import type { NodeContext, NodeEvent } from "../../../shared/sim/protocol.js";
import { streamRng } from "../../../shared/sim/prng.js";
import type { ActionOffer, ActorCard } from "../../../shared/sim/legal-actions.js";
import { loadLevelFile, LEVELS_DIR } from "../../../server/level-files.js";
import { judge as judgeOn, offersOn, type Desk } from "../../support/offers.js";

const l12 = loadLevelFile(`${LEVELS_DIR}/l12-survive-a-partition.json`);
const nodes = l12.nodes.map((n) => ({ id: n.id, role: n.role }));
const UP = 100;
const ctxOf = (self: string): NodeContext => ({ self, role: self === "LEDGER" ? "ledger" : "peer", nodes, wallTicks: UP, uptimeTicks: UP, lastHeardUptimeTicks: [], rng: streamRng(1, self, {}), options: l12.protocolOptions });
const ctx = ctxOf("N1");
const deskOf = (c: NodeContext): Desk => ({ protocol: majorityKv, enabled: l12.actions, ctx: c });
const desk = deskOf(ctx);

const human = (state: MkvState, event: NodeEvent, c = ctx) => majorityKv.human(state, event, c, new Set());
const buy = (id: string, workload = "buy"): NodeEvent => ({ kind: "request", request: { id, workload, payload: {}, arrivedTick: 0, deadlineTick: 99 } });
const deliver = (id: number, from: string, type: string, payload: unknown, to = "N1"): NodeEvent => ({ kind: "deliver", msg: { id, from, to, type, payload, sentTick: 0 }, arrival: 0 });
const requestCard = (requestId: string): ActorCard => ({ kind: "request", requestId, payload: {} });
const msgCard = (msgId: number, from: string, type: string, payload: unknown): ActorCard => ({ kind: "message", msgId, from, type, payload, arrival: 0 });
const onCard = (state: MkvState, card: ActorCard, d = desk): ActionOffer[] =>
  offersOn(d, state as never, [card], card.kind === "request" ? [{ requestId: card.requestId, payload: {} }] : []).filter((o) => o.card === 0 && !o.impossible);
const judge = (state: MkvState, card: ActorCard, o: ActionOffer, d = desk) => judgeOn(d, state as never, [card], o.action, o.params as Record<string, unknown>);
const apply = (state: MkvState, action: string, params: Record<string, unknown>, c = ctx): MkvState => majorityKv.actions[action]!.apply(state, params as never, c).state;
const pick = (offers: ActionOffer[], action: string) => offers.find((b) => b.action === action)!;

/** N1, elected in epoch 1 and holding a lease until uptime 120. */
const leader = (): MkvState => ({ ...initialState(), status: "leader", epoch: 1, votedEpoch: 1, votedFor: "N1", leaderId: "N1", leaseUntilUptimeTicks: 120 });

describe("majority-kv request cards", () => {
  it("a follower's reservation: forward, queue, refuse, acknowledge; the server judges each", () => {
    const state = human({ ...initialState(), epoch: 1, leaderId: "N3", heardLeaderUptimeTicks: 90 }, buy("buy-1")).state;
    const card = requestCard("buy-1");
    const offers = onCard(state, card);
    expect(offers.map((b) => [b.action, b.key, b.params, b.label])).toEqual([
      ["forward", "f", { resId: "buy-1" }, "Forward to N3"],
      ["queue", "q", { resId: "buy-1" }, "Queue (pending)"],
      ["refuse", "r", { resId: "buy-1" }, "Refuse (try later)"],
      ["ackSale", "y", { resId: "buy-1" }, "Acknowledge sale (needs 3 of 5 + paid)"],
    ]);
    // Saying yes as a follower breaks the rule: the server refuses it in Guided mode.
    expect(judge(state, card, pick(offers, "ackSale"))).toBe("Only the leader may say sold; forward or queue the reservation instead.");
    expect(judge(state, card, pick(offers, "queue"))).toBeNull();
    expect(judge(state, card, pick(offers, "refuse"))).toBeNull();
    expect(judge(state, card, pick(offers, "forward"))).toBeNull();
  });

  it("the leased leader: sell appends and charges with its token; acknowledge only after 3 of 5 hold it and it is paid", () => {
    let state = human(leader(), buy("buy-3")).state;
    const card = requestCard("buy-3");
    let offers = onCard(state, card);
    expect(offers.map((b) => b.action)).toEqual(["queue", "refuse", "sell", "ackSale"]);
    expect(judge(state, card, pick(offers, "sell"))).toBeNull();
    state = apply(state, "sell", { resId: "buy-3" });
    offers = onCard(state, card);
    expect(pick(offers, "charge")).toMatchObject({ params: { resId: "buy-3" }, label: "Charge ledger (token 1)", key: "t" });
    expect(judge(state, card, pick(offers, "ackSale"))).toBe("Seat for buy-3 is not held by 3 of 5 in your epoch yet.");
    // Two followers confirm the round, the ledger takes the payment: now yes is allowed.
    expect(pick(offers, "ackSale").group?.lines).toEqual(["Seat #1 in your copy, held by 1 of 5 in your epoch · not paid yet."]);
    for (const f of ["N2", "N3"]) state = human(state, deliver(10, f, "ack", { epoch: 1, round: state.round, length: 1, ok: true, knownEpoch: 1 })).state;
    state = human(state, deliver(11, "LEDGER", "charge-result", { token: 1, resId: "buy-3", outcome: "applied", highest: 1 })).state;
    offers = onCard(state, card);
    expect(judge(state, card, pick(offers, "ackSale"))).toBeNull();
    // Every button about the sale sits under one group: its facts, counted now.
    expect(new Set(offers.map((o) => o.group?.id))).toEqual(new Set(["res:buy-3"]));
    expect(pick(offers, "ackSale").group?.lines).toEqual(["Seat #1 in your copy, held by 3 of 5 in your epoch · paid ✓."]);
  });

  it("a queued reservation says so on its card", () => {
    const state = apply(human({ ...initialState(), epoch: 1, leaderId: "N3", heardLeaderUptimeTicks: 90 }, buy("buy-4")).state, "queue", { resId: "buy-4" });
    expect(pick(onCard(state, requestCard("buy-4")), "refuse").group?.lines).toEqual(["Not in your seat map.", 'Buyer told "reservation pending" (queued on disk).']);
  });

  it("a seat-map read: serve the map labelled with its age", () => {
    const state = human({ ...initialState(), epoch: 1, leaderId: "N3", heardLeaderUptimeTicks: 68 }, buy("map-1", "map")).state;
    const card = requestCard("map-1");
    const offers = onCard(state, card);
    expect(offers.map((o) => [o.action, o.params, o.label, o.key])).toEqual([["serveStale", { requestId: "map-1" }, "Serve stale map (3.2 s old)", "m"]]);
    expect(judge(state, card, offers[0]!)).toBeNull();
    const fresh = human(leader(), buy("map-2", "map")).state;
    expect(onCard(fresh, requestCard("map-2"))[0]?.label).toBe("Serve map (fresh: you hold the lease)");
  });
});

describe("majority-kv cluster cards", () => {
  it("a vote request: grant or deny; one vote per epoch is the server's call", () => {
    const voted: MkvState = { ...initialState(), epoch: 2, votedEpoch: 2, votedFor: "N4" };
    const state = human(voted, deliver(21, "N3", "vote-request", { epoch: 2 })).state;
    const card = msgCard(21, "N3", "vote-request", { epoch: 2 });
    const offers = onCard(state, card);
    expect(offers.map((b) => [b.action, b.key, b.params, b.label])).toEqual([
      ["vote", "g", { msgId: 21, grant: true }, "Grant vote"],
      ["vote", "d", { msgId: 21, grant: false }, "Deny vote"],
    ]);
    expect(judge(state, card, offers[0]!)).toBe("You already voted in epoch 2: one vote per epoch.");
    expect(offers[0]!.group?.lines).toEqual(["N3 asks for epoch 2.", "You: epoch 2, voted in epoch 2 for N4, 0 seats.", "You follow no leader."]);
    expect(judge(state, card, offers[1]!)).toBeNull();
  });

  it("a pre-vote, a replication round and, on the ledger, a charge", () => {
    let state = human(initialState(), deliver(22, "N3", "prevote", { epoch: 1, logEpoch: 0, length: 0, ticket: 5 })).state;
    const preCard = msgCard(22, "N3", "prevote", { epoch: 1, logEpoch: 0, length: 0, ticket: 5 });
    const pre = onCard(state, preCard);
    expect(pre.map((b) => b.label)).toEqual(["Grant pre-vote", "Deny pre-vote"]);
    expect(judge(state, preCard, pre[0]!)).toBeNull();

    const round = { epoch: 1, round: 1, log: [], commitLength: 0 };
    state = human(state, deliver(23, "N3", "replicate", round)).state;
    const repCard = msgCard(23, "N3", "replicate", round);
    const rep = onCard(state, repCard);
    expect(rep.map((b) => [b.action, b.key, b.params])).toEqual([["acceptReplica", "a", { msgId: 23 }]]);
    expect(judge(state, repCard, rep[0]!)).toBeNull();

    const ledgerDesk = deskOf(ctxOf("LEDGER"));
    const charge = { token: 1, resId: "buy-1", seat: 1 };
    const ledger = human({ ...initialState(), highestToken: 2 }, deliver(24, "N1", "charge", charge, "LEDGER"), ledgerDesk.ctx).state;
    const chargeCard = msgCard(24, "N1", "charge", charge);
    const cards = onCard(ledger, chargeCard, ledgerDesk);
    expect(cards.map((b) => [b.action, b.key, b.params])).toEqual([
      ["acceptCharge", "a", { msgId: 24 }],
      ["rejectStaleToken", "x", { msgId: 24 }],
    ]);
    expect(judge(ledger, chargeCard, cards[0]!, ledgerDesk)).toMatch(/zombie leader/);
    expect(judge(ledger, chargeCard, cards[1]!, ledgerDesk)).toBeNull();
  });

  it("timers offer what they settle; the action bar: replicate, lease, probe, election, catch up", () => {
    const timer = (name: string) => offersOn(desk, initialState() as never, [{ kind: "timer", name }]).filter((o) => o.card === 0).map((b) => b.action);
    expect(timer("election")).toEqual(["probeElection", "startElection"]);
    expect(timer("heartbeat")).toEqual(["replicate", "requestLease"]);
    expect(timer("retry")).toEqual(["catchUp"]);
    const bar = offersOn(desk, initialState() as never, []).filter((o) => o.card === null);
    expect(bar.map((b) => [b.action, b.key])).toEqual([
      ["replicate", "h"],
      ["requestLease", "l"],
      ["probeElection", "p"],
      ["startElection", "e"],
      ["catchUp", "c"],
    ]);
  });
});
