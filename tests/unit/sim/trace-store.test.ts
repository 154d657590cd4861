import { describe, expect, it } from "vitest";
import type { NewTraceEvent, TraceEvent } from "../../../shared/sim/trace.js";
import { Trace } from "../../../shared/sim/trace-store.js";

const NODES = ["N1", "N2", "N3"];

/** One event of every kind, in the field order their emitters write. */
function sample(i: number, tick: number): TraceEvent[] {
  const events: NewTraceEvent[] = [
    { tick, kind: "send", node: "N1", to: "N2", msgId: 7 + i, type: "ping", payload: { n: i } },
    { tick, kind: "deliver", node: "N2", from: "N1", msgId: 7 + i, copy: 1, sentTick: tick - 3 },
    { tick, kind: "drop", node: "N1", to: "N3", msgId: 8 + i, reason: "partition" },
    { tick, kind: "duplicate", node: "N3", to: "N1", msgId: 9 + i },
    { tick, kind: "timer", node: "N3", name: "beat" },
    { tick, kind: "crash", node: "N2" },
    { tick, kind: "note", node: "N1", name: "leader", data: { term: 2 } },
  ];
  return events.map((e, k) => ({ i: i + k, ...e }) as TraceEvent);
}

describe("the trace store", () => {
  it("gives back every event as emitted, field for field and in the same key order", () => {
    const trace = new Trace(NODES);
    const events = sample(0, 5);
    for (const e of events) expect(trace.push(e)).toBe(e.i);
    expect(trace.length).toBe(events.length);
    events.forEach((e, i) => {
      expect(trace.at(i)).toEqual(e);
      // The game hash is over JSON text: key order must survive the columns too.
      expect(JSON.stringify(trace.at(i))).toBe(JSON.stringify(e));
    });
    expect(trace.at(-1)).toEqual(events.at(-1));
    expect(trace.at(events.length)).toBeUndefined();
    expect([...trace]).toEqual(events);
  });

  it("writes packed kinds through their own writers (node indices) with the same result", () => {
    const trace = new Trace(NODES);
    trace.pushSend(4, 1, 2, 1, "vote", { yes: true });
    trace.pushDeliver(6, 2, 1, 1, 0, 4);
    trace.pushDrop(6, 1, 0, 2, "loss");
    trace.pushDuplicate(6, 1, 0, 2);
    trace.pushTimer(9, 0, "election");
    expect(trace.slice()).toEqual([
      { i: 0, tick: 4, kind: "send", node: "N2", to: "N3", msgId: 1, type: "vote", payload: { yes: true } },
      { i: 1, tick: 6, kind: "deliver", node: "N3", from: "N2", msgId: 1, copy: 0, sentTick: 4 },
      { i: 2, tick: 6, kind: "drop", node: "N2", to: "N1", msgId: 2, reason: "loss" },
      { i: 3, tick: 6, kind: "duplicate", node: "N2", to: "N1", msgId: 2 },
      { i: 4, tick: 9, kind: "timer", node: "N1", name: "election" },
    ]);
  });

  it("keeps rows across chunk boundaries", () => {
    const trace = new Trace(NODES);
    const n = 40_000;
    for (let i = 0; i < n; i++) trace.pushDeliver(i, i % 3, (i + 1) % 3, i, i % 2, i - 1);
    expect(trace.length).toBe(n);
    for (const i of [0, 16383, 16384, 32767, 32768, n - 1]) {
      expect(trace.at(i)).toEqual({ i, tick: i, kind: "deliver", node: NODES[i % 3], from: NODES[(i + 1) % 3], msgId: i, copy: i % 2, sentTick: i - 1 });
    }
  });

  it("answers filter, find, some and slice like an array", () => {
    const trace = new Trace(NODES);
    const events = sample(0, 1);
    for (const e of events) trace.push(e);
    const byN1 = (e: TraceEvent): boolean => "node" in e && e.node === "N1";
    expect(trace.filter(byN1)).toEqual(events.filter(byN1));
    expect(trace.find((e) => e.kind === "timer")).toEqual(events[4]);
    expect(trace.some((e) => e.kind === "recover")).toBe(false);
    expect(trace.slice(2, 4)).toEqual(events.slice(2, 4));
    expect(trace.slice(-2)).toEqual(events.slice(-2));
  });

  it("refuses an event out of order or naming a node the world does not have", () => {
    const trace = new Trace(NODES);
    expect(() => trace.push({ i: 3, tick: 0, kind: "crash", node: "N1" })).toThrow(/pushed at index 0/);
    expect(() => trace.push({ i: 0, tick: 0, kind: "timer", node: "N9", name: "beat" })).toThrow(/N9 is not a node/);
    expect(() => trace.pushTimer(0, 3, "beat")).toThrow(/not a node/);
    expect(trace.length).toBe(0);
  });
});

describe("the trace store's row readers", () => {
  it("tell each row's kind and node without building the event", () => {
    const trace = new Trace(NODES);
    const events = sample(0, 3);
    for (const e of events) trace.push(e);
    trace.push({ i: events.length, tick: 4, kind: "fault", phase: "start", faultId: 0, fault: { kind: "heal", atTick: 4 } });
    const all = trace.slice();
    all.forEach((e, i) => {
      expect(trace.kindAt(i)).toBe(e.kind);
      expect(trace.nodeAt(i)).toBe("node" in e ? e.node : null);
      expect(trace.nodeIndexAt(i)).toBe("node" in e ? NODES.indexOf(e.node) : -1);
    });
  });

  it("gives -1 as the node index of an action of the facilitator (not a node)", () => {
    const trace = new Trace(NODES);
    trace.push({ i: 0, tick: 0, kind: "action", node: "$facilitator", action: "$fault", params: {}, ok: true });
    expect(trace.nodeAt(0)).toBe("$facilitator");
    expect(trace.nodeIndexAt(0)).toBe(-1);
  });
});
