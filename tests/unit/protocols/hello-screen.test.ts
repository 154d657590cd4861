/** Hello's screen (l00) on states its own reducers built: what the sender owes, what the receiver processed. */
import { describe, expect, it } from "vitest";
import { hello } from "../../../shared/protocols/hello/index.js";
import type { HelloState } from "../../../shared/protocols/hello/state.js";
import type { NodeContext, NodeEvent } from "../../../shared/sim/protocol.js";
import { streamRng } from "../../../shared/sim/prng.js";
import { fieldValues, screenOf } from "../../support/screen-view.js";

const nodes = [
  { id: "S", role: "sender" },
  { id: "R", role: "receiver" },
];
const ctxOf = (self: string): NodeContext => ({ self, role: nodes.find((n) => n.id === self)!.role, nodes, wallTicks: 0, uptimeTicks: 0, lastHeardUptimeTicks: [], rng: streamRng(1, self, {}), options: {} });
const sender = ctxOf("S");
const receiver = ctxOf("R");
const human = (s: HelloState, event: NodeEvent, ctx: NodeContext): HelloState => hello.human(s, event, ctx, new Set()).state;
const request = (id: string, text: string): NodeEvent => ({ kind: "request", request: { id, workload: "notes", payload: { text }, arrivedTick: 0, deadlineTick: 99 } });
const deliver = (id: number, from: string, type: string, payload: unknown): NodeEvent => ({ kind: "deliver", msg: { id, from, to: "?", type, payload, sentTick: 0 }, arrival: id });

describe("Hello's screen", () => {
  it("the sender: its role, the notes it owes, which of them were acked", () => {
    let s = human(hello.init(sender), request("c1", "hi"), sender);
    s = hello.actions.sendNote!.apply(s, { seq: 1 }, sender).state;
    s = human(s, request("c2", "yo"), sender);
    s = human(s, deliver(5, "R", "ack", { seq: 1 }), sender);
    const view = screenOf(hello, s, sender);
    expect(view.chips).toEqual([{ kind: "role", text: "sender" }]);
    expect(view.highlights[0]).toMatchObject({ id: "pending", value: "2", hint: "1 acked, waiting for your confirmation" });
    expect(fieldValues(view)).toEqual({ "Next sequence number": "3", Pending: "#1 c1 (1 sent, acked), #2 c2 (0 sent)" });
    expect(view.log).toBeNull();
  });

  it("the receiver: the notes it processed, each with its sequence number", () => {
    let s = human(hello.init(receiver), deliver(3, "S", "note", { seq: 1, text: "hi" }), receiver);
    s = hello.actions.process!.apply(s, { msg: { msgId: 3, from: "S", type: "note", payload: { seq: 1, text: "hi" }, arrival: 3 } }, receiver).state;
    const view = screenOf(hello, s, receiver);
    expect(view.highlights[0]).toMatchObject({ id: "processed", value: "1" });
    expect(view.log).toMatchObject({ title: "Notes", length: 1, rows: [{ index: 1, tag: "#1", text: "hi", committed: true }] });
    expect(fieldValues(view)).toEqual({ Processed: "1" });
  });
});
