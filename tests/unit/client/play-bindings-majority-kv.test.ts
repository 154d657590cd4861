// l12 (majority-kv): each card -> the actions it offers -> params, run through the protocol's own
// parse, possible and check (Guided) on states its human reducer and helpers built. The client
// only offers; the server refuses what breaks a rule (say yes without 3 of 5, vote twice...).
import { describe, expect, it } from "vitest";
import { nodeHighlights, type BindingContext } from "../../../client/ui/play-highlights.js";
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
const bindingContext = (self: string, ns: typeof nodes, uptimeTicks: number, guided: boolean): BindingContext => {
  const role = ns.find((n) => n.id === self)?.role ?? "";
  return { self, role, peers: ns.filter((n) => n.role === role && n.id !== self).map((n) => n.id), uptimeTicks, guided };
};
const bctx = bindingContext("N1", nodes, UP, true);

const human = (state: MkvState, event: NodeEvent, c = ctx) => majorityKv.human(state, event, c, new Set());
const buy = (id: string, workload = "buy"): NodeEvent => ({ kind: "request", request: { id, workload, payload: {}, arrivedTick: 0, deadlineTick: 99 } });
const deliver = (id: number, from: string, type: string, payload: unknown, to = "N1"): NodeEvent => ({ kind: "deliver", msg: { id, from, to, type, payload, sentTick: 0 }, arrival: 0 });
/** N1, elected in epoch 1 and holding a lease until uptime 120. */
const leader = (): MkvState => ({ ...initialState(), status: "leader", epoch: 1, votedEpoch: 1, votedFor: "N1", leaderId: "N1", leaseUntilUptimeTicks: 120 });

describe("majority-kv node highlights", () => {
  it("the leader: epoch, token, lease left on its own clock, quorum meter, seat map", () => {
    const state = majorityKv.actions.sell!.apply(human(leader(), buy("buy-9")).state, { resId: "buy-9" } as never, ctx).state;
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
