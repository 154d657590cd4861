/** Two-replicas' screen (l03) on states its own reducers built: the business card, the peer strip, the round's dataset. */
import { describe, expect, it } from "vitest";
import { twoReplicas } from "../../../shared/protocols/two-replicas/index.js";
import type { ReplicaState } from "../../../shared/protocols/two-replicas/state.js";
import type { NodeContext, NodeEvent } from "../../../shared/sim/protocol.js";
import { streamRng } from "../../../shared/sim/prng.js";
import { fieldValues, screenOf } from "../../support/screen-view.js";

const nodes = [
  { id: "A", role: "primary" },
  { id: "B", role: "replica" },
];
const options = { tickets: 20, syncEveryTicks: 5, silentAfterTicks: 15, forwardTimeoutTicks: 40, roundStartsTicks: [0, 900, 1800] };
/** `heardA`: B's uptime when it last heard from A (-1: never). */
const ctxOf = (self: string, ticks: number, heardA = -1): NodeContext => ({ self, role: nodes.find((n) => n.id === self)!.role, nodes, wallTicks: ticks, uptimeTicks: ticks, lastHeardUptimeTicks: [heardA, -1], rng: streamRng(1, self, {}), options });
const human = (s: ReplicaState, event: NodeEvent, ctx: NodeContext): ReplicaState => twoReplicas.human(s, event, ctx, new Set()).state;
const request = (id: string, payload: Record<string, unknown>): NodeEvent => ({ kind: "request", request: { id, workload: id, payload: { key: id, attempt: 1, n: 1, ...payload }, arrivedTick: 0, deadlineTick: 40 } });
const deliver = (id: number, type: string, payload: unknown): NodeEvent => ({ kind: "deliver", msg: { id, from: "A", to: "B", type, payload, sentTick: 0 }, arrival: id });
const sync = (sold: number) => ({ sold, stock: { value: 50, version: 0 }, digest: "0/0/x", cart: [], removed: [] });

describe("two-replicas' screen", () => {
  it("round 1 at B: the card, A heard recently, tickets left in B's copy, a forward waiting", () => {
    const b = ctxOf("B", 100, 98);
    let s = human(twoReplicas.init(b), deliver(1, "sync", sync(7)), b);
    s = human(s, request("buy-b-3", { data: "tickets", op: "buy" }), b);
    s = twoReplicas.actions.forward!.apply(s, { req: { requestId: "buy-b-3", payload: { data: "tickets", op: "buy" }, deadlineTick: 140 } }, b).state;
    const view = screenOf(twoReplicas, s, b);
    expect(view.chips).toMatchObject([{ kind: "role", text: "replica B" }]);
    expect(view.highlights.map((h) => [h.id, h.label, h.value, h.tone])).toEqual([
      ["card", "Round 1: Last 20 tickets", "CP", undefined],
      ["peer", "Last heard from A", "0.2 s ago", "ok"],
      ["tickets", "Tickets left", "13 of 20", "ok"],
      ["waiting", "Waiting on A", "1", "warn"],
    ]);
    expect(fieldValues(view)).toMatchObject({ "Tickets sold": "7 (as A last told you)", "Forwarded, waiting on A": "buy-b-3" });
    expect(view.fields[0]!.fields.every((f) => f.durable)).toBe(true);
    expect(view.fields[1]!.fields.every((f) => !f.durable)).toBe(true);
  });

  it("a silent A turns the peer strip red and says B cannot tell dead from cut off", () => {
    const peer = screenOf(twoReplicas, twoReplicas.init(ctxOf("B", 300, 100)), ctxOf("B", 300, 100)).highlights.find((h) => h.id === "peer")!;
    expect(peer).toMatchObject({ value: "20 s ago", tone: "bad" });
    expect(peer.hint).toMatch(/dead or cut off\? You cannot tell/);
  });

  it("round 2: the cart in B's copy, an add held only in RAM flagged; round 3: the stock and its update", () => {
    const b = ctxOf("B", 1000, 999);
    let s = twoReplicas.actions.serve!.apply(twoReplicas.init(b), { req: { requestId: "add-b-1", payload: { data: "cart", op: "add", key: "add-b-1", n: 1 }, deadlineTick: 0 } }, b).state;
    s = twoReplicas.actions["ack-ram"]!.apply(s, { req: { requestId: "add-b-2", payload: { data: "cart", op: "add", key: "add-b-2", n: 2 }, deadlineTick: 0 } }, b).state;
    const cart = screenOf(twoReplicas, s, b);
    expect(cart.highlights.find((h) => h.id === "card")!.label).toBe("Round 2: Shopping cart");
    expect(cart.highlights.find((h) => h.id === "cart")).toMatchObject({ value: "2", hint: "1 only in RAM", tone: "bad" });
    expect(fieldValues(cart)).toMatchObject({ Cart: "mug", "Cart adds not on disk": "book" });
    const a = ctxOf("A", 1900, 1899);
    const stocked = twoReplicas.actions.serve!.apply(twoReplicas.init(a), { req: { requestId: "stock-a-1", payload: { data: "product", op: "set", n: 4 }, deadlineTick: 0 } }, a).state;
    const r3 = screenOf(twoReplicas, stocked, a);
    expect(r3.chips[0]!.text).toBe("replica A");
    expect(r3.highlights.find((h) => h.id === "card")).toMatchObject({ label: "Round 3: PACELC tax", hint: expect.stringMatching(/^No partition; B is 1\.5 s away\. You take the stock updates/) });
    expect(r3.highlights.find((h) => h.id === "stock")).toMatchObject({ value: "46", hint: "update #1; the latest: updates arrive here" });
  });

  it("words each request as the shop would", () => {
    const text = twoReplicas.screen!.requestText!;
    expect(text({ data: "tickets", op: "buy" })).toBe("buy a ticket");
    expect(text({ data: "cart", op: "remove", n: 3 })).toBe("remove lamp from the cart");
    expect(text({ data: "product", op: "read", checkout: true })).toBe("read the stock at checkout (must be fresh)");
  });
});
