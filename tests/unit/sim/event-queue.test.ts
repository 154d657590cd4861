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
