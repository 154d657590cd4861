/** The gauntlet's screen on states its own reducers built: the round in force, its setting and figure, every setting. */
import { describe, expect, it } from "vitest";
import { fallacyGauntlet } from "../../../shared/protocols/fallacy-gauntlet/index.js";
import type { GauntletState } from "../../../shared/protocols/fallacy-gauntlet/state.js";
import type { NodeContext, NodeEvent } from "../../../shared/sim/protocol.js";
import { streamRng } from "../../../shared/sim/prng.js";
import { fieldValues, screenOf } from "../../support/screen-view.js";

const nodes = [
  { id: "S", role: "service" },
  { id: "PAY", role: "payments" },
  { id: "INV", role: "inventory" },
  { id: "INV2", role: "inventory" },
  { id: "DISC", role: "discovery" },
  { id: "TEAM", role: "team" },
];
const options = { firstRoundTick: 50, roundTicks: 300 };
const ctxAt = (self: string, tick: number): NodeContext => ({ self, role: nodes.find((n) => n.id === self)!.role, nodes, wallTicks: tick, uptimeTicks: tick, lastHeardUptimeTicks: [], rng: streamRng(1, self, {}), options });
const human = (s: GauntletState, event: NodeEvent, ctx: NodeContext): GauntletState => fallacyGauntlet.human(s, event, ctx, new Set()).state;
const record = (id: string): NodeEvent => ({ kind: "request", request: { id, workload: "record", payload: { what: "record", n: 1 }, arrivedTick: 0, deadlineTick: 40 } });
const deliver = (id: number, from: string, type: string, payload: unknown): NodeEvent => ({ kind: "deliver", msg: { id, from, to: "S", type, payload, sentTick: 0 }, arrival: id });

describe("fallacy-gauntlet's screen", () => {
  it("before round 1: the round is starting", () => {
    const ctx = ctxAt("S", 10);
    const view = screenOf(fallacyGauntlet, fallacyGauntlet.init(ctx), ctx);
    expect(view.highlights.map((h) => [h.id, h.value])).toEqual([["round", "starting"]]);
  });

  it("round 3 with full records: the assumption, the naive setting flagged, the uplink queue filling", () => {
    const ctx = ctxAt("S", 740);
    let s = fallacyGauntlet.init(ctx);
    s = human(s, record("record-1"), ctx);
    s = human(s, record("record-2"), ctx);
    const view = screenOf(fallacyGauntlet, s, ctx);
    expect(view.highlights).toEqual([
      { id: "round", label: "Round 3 of 8", value: "Bandwidth is infinite", hint: expect.stringMatching(/^Assume bandwidth is infinite\? .*10 units a second/) },
      { id: "setting", label: "Your setting", value: "Send full 50-field records", tone: "warn" },
      { id: "figure", label: "Uplink queue", value: "10/20", meter: 0.5, tone: "ok" },
    ]);
    expect(fieldValues(view)).toMatchObject({ "R1 reliable": "Wait for every reply", "R3 bandwidth": "Send full 50-field records", "R8 homogeneous": "Send each payload whole" });
    expect(view.fields[0]!.fields).toHaveLength(8);
  });

  it("a chosen setting shows as fine; the bonus shows the count report and its age", () => {
    const ctx = ctxAt("S", 760);
    let s = fallacyGauntlet.actions.bandwidth!.apply(fallacyGauntlet.init(ctx), { setting: "projection" }, ctx).state as GauntletState;
    expect(screenOf(fallacyGauntlet, s, ctx).highlights[1]).toEqual({ id: "setting", label: "Your setting", value: "Send the 3 fields needed", tone: "ok" });
    s = human(s, deliver(1, "PAY", "count", { orders: 17 }), ctxAt("S", 2480));
    const bonus = screenOf(fallacyGauntlet, s, ctxAt("S", 2500)).highlights;
    expect(bonus.map((h) => h.value)).toEqual(["The meta-fallacy: one vantage point", "not answered", "17"]);
    expect(bonus[2]!.hint).toBe("as of 2.0 s ago");
  });

  it("Payments shows the orders it holds", () => {
    const ctx = ctxAt("PAY", 100);
    const s = human(fallacyGauntlet.init(ctx), deliver(1, "S", "charge", { order: "order-1", key: "order:order-1" }), ctx);
    const view = screenOf(fallacyGauntlet, s, ctx);
    expect(view.highlights).toEqual([{ id: "orders", label: "Orders held", value: "1" }]);
    expect(fieldValues(view)).toEqual({ "Orders charged": "order-1", "Keys honoured": "order:order-1" });
  });
});
