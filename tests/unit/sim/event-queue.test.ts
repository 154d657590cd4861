import { describe, expect, it } from "vitest";
import { EventQueue } from "../../../shared/sim/event-queue.js";
import { draw } from "../../../shared/sim/prng.js";

describe("event queue", () => {
  it("pops in (tick, seq) order, ties in insertion order", () => {
    const q = new EventQueue<{ tick: number; seq: number; label: string }>();
    q.push({ tick: 5, seq: 0, label: "a" });
    q.push({ tick: 1, seq: 1, label: "b" });
    q.push({ tick: 5, seq: 2, label: "c" });
    q.push({ tick: 1, seq: 3, label: "d" });
    const out: string[] = [];
    while (q.size > 0) out.push(q.pop()!.label);
    expect(out).toEqual(["b", "d", "a", "c"]);
  });

  it("matches a sort on 10,000 random items (model test)", () => {
    const q = new EventQueue<{ tick: number; seq: number }>();
    const items = Array.from({ length: 10_000 }, (_, seq) => ({ tick: draw(3, 3, seq) % 500, seq }));
    for (const item of items) q.push(item);
    const popped: { tick: number; seq: number }[] = [];
    while (q.size > 0) popped.push(q.pop()!);
    expect(popped).toEqual([...items].sort((a, b) => a.tick - b.tick || a.seq - b.seq));
    expect(q.pop()).toBeUndefined();
  });
});

describe("event queue, interleaved", () => {
  it("matches a sorted model while pushes and pops interleave, with late and out-of-order items", () => {
    const q = new EventQueue<{ tick: number; seq: number }>();
    const model: { tick: number; seq: number }[] = [];
    let now = 0;
    let seq = 0;
    for (let step = 0; step < 20_000; step++) {
      const r = draw(11, 1, step);
      if (r % 3 !== 0 || model.length === 0) {
        // Mostly a few ticks ahead; now and then far ahead, at `now`, or with a reused low seq.
        const ahead = r % 17 === 0 ? 400 + (r % 50) : r % 7 === 0 ? 0 : 1 + (r % 12);
        const item = { tick: now + ahead, seq: r % 29 === 0 && seq > 5 ? seq - 5 - (r % 5) + 0.5 : seq++ };
        q.push(item);
        model.push(item);
      } else {
        model.sort((a, b) => a.tick - b.tick || a.seq - b.seq);
        const expected = model.shift()!;
        expect(q.peekTick()).toBe(expected.tick);
        expect(q.peek()).toBe(expected);
        expect(q.pop()).toBe(expected);
        now = expected.tick;
      }
      expect(q.size).toBe(model.length);
    }
    expect([...q.items()].sort((a, b) => a.tick - b.tick || a.seq - b.seq)).toEqual([...model].sort((a, b) => a.tick - b.tick || a.seq - b.seq));
    expect(q.peekTick()).toBe(model.length > 0 ? Math.min(...model.map((m) => m.tick)) : Infinity);
  });
});
