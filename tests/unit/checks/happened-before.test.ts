/**
 * Vector-clock happened-before against the definition itself: reachability by breadth-first
 * search over program order and send -> receive edges, on seeded random traces (a model test).
 */
import { describe, expect, it } from "vitest";
import { CausalOrder, NONE, PastMaximum } from "../../../shared/checks/happened-before.js";
import { streamRng } from "../../../shared/sim/prng.js";

interface Ev {
  node: number;
  from: number;
}

function randomEvents(seed: number, nodes: number, count: number): Ev[] {
  const rng = streamRng(seed, "hb-test", {});
  const events: Ev[] = [];
  const sends: number[] = [];
  for (let e = 0; e < count; e++) {
    const node = rng.int(0, nodes - 1);
    const receive = sends.length > 0 && rng.chance(0.4);
    const from = receive ? sends.splice(rng.int(0, sends.length - 1), 1)[0]! : -1;
    if (!receive && rng.chance(0.5)) sends.push(e);
    events.push({ node, from: from >= 0 && events[from]!.node !== node ? from : -1 });
  }
  return events;
}

/** The definition: a -> b iff b is reachable from a by program-order and message edges. */
function reachability(events: Ev[]): boolean[][] {
  const next: number[][] = events.map(() => []);
  const last = new Map<number, number>();
  events.forEach((e, i) => {
    const prev = last.get(e.node);
    if (prev !== undefined) next[prev]!.push(i);
    last.set(e.node, i);
    if (e.from >= 0) next[e.from]!.push(i);
  });
  return events.map((_, a) => {
    const seen = events.map(() => false);
    const queue = [...next[a]!];
    while (queue.length > 0) {
      const x = queue.shift()!;
      if (seen[x]) continue;
      seen[x] = true;
      queue.push(...next[x]!);
    }
    return seen;
  });
}

describe("CausalOrder", () => {
  it("matches breadth-first reachability on random traces", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const events = randomEvents(seed, 4, 80);
      const order = new CausalOrder(4);
      for (const e of events) order.add(e.node, e.from);
      const truth = reachability(events);
      const computed = events.map((_, a) => events.map((_, b) => order.before(a, b)));
      expect(computed, `seed ${seed}`).toEqual(truth);
    }
  });

  it("classifies the book's example: A's first send is before B's events; C is concurrent with all", () => {
    const order = new CausalOrder(3);
    const a1 = order.add(0);
    const b2 = order.add(1, a1);
    const b3 = order.add(1);
    const b4 = order.add(1);
    const a5 = order.add(0, b4);
    const c1 = order.add(2);
    expect(order.relation(a1, b3)).toBe("before");
    expect(order.relation(a5, b2)).toBe("after");
    expect(order.relation(c1, a5)).toBe("concurrent");
    expect(order.relation(b3, b3)).toBe("same");
  });

  it("refuses a receive added before its send", () => {
    const order = new CausalOrder(2);
    expect(() => order.add(0, 3)).toThrow();
  });
});

describe("PastMaximum", () => {
  it("finds the largest value strictly in an event's past, ignoring NONE", () => {
    const order = new CausalOrder(2);
    const past = new PastMaximum(order);
    const a = order.add(0);
    past.push(a, 7);
    const b = order.add(0);
    past.push(b, NONE);
    const c = order.add(1, b);
    past.push(c, 3);
    const d = order.add(1);
    past.push(d, 1);
    expect(past.maxBefore(a)).toBeNull();
    expect(past.maxBefore(d)).toEqual({ event: a, value: 7 });
    expect(past.maxBefore(c)).toEqual({ event: a, value: 7 });
  });
});
