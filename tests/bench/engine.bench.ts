/**
 * Engine throughput: events per second on a 9-node heartbeat workload with 5% loss and 1%
 * duplication, against a bare binary-heap event loop doing the same amount of scheduling
 * (pop one event, push its follow-ups with hashed delays) measured in the same run.
 * Also: 60 s of game time of a 5-node level, which must take under 60 ms.
 */
import { loadLevels } from "../../server/level-files.js";
import { draw } from "../../shared/sim/prng.js";
import { advanceTo, createWorld } from "../../shared/sim/world.js";
import { heartbeatLevel } from "../support/test-levels.js";
import { median, timeMs, type BenchResult } from "./bench.js";

const REPEATS = 5;

function engineEventsPerSecond(): { eventsPerSecond: number; events: number } {
  const level = heartbeatLevel(9, {
    durationTicks: 6000,
    protocolOptions: { intervalTicks: 2, suspectAfterTicks: 50 },
    network: { delayTicksBase: 3, jitterTicks: 9, dropRate: 0.05, duplicateRate: 0.01 },
  });
  let events = 0;
  const times: number[] = [];
  // Repeat -1 is the warm-up (the JIT compiles the hot paths), not timed; the baseline gets one too.
  for (let r = -1; r < REPEATS; r++) {
    const world = createWorld(level, r + 1);
    const ms = timeMs(() => advanceTo(world, level.durationTicks));
    if (r < 0) continue;
    times.push(ms);
    events = world.stats.events;
  }
  return { eventsPerSecond: events / (median(times) / 1000), events };
}

/**
 * The baseline's queue: a plain binary min-heap of events ordered by (tick, seq), as every
 * discrete-event loop starts out. (The engine's own queue is a calendar queue, shared/sim/event-queue.ts.)
 */
class BinaryHeap<T extends { tick: number; seq: number }> {
  private readonly heap: T[] = [];

  push(item: T): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = item;
  }

  pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      let i = 0;
      const n = heap.length;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child = right < n && before(heap[right]!, heap[left]!) ? right : left;
        if (!before(heap[child]!, last)) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

function before(a: { tick: number; seq: number }, b: { tick: number; seq: number }): boolean {
  return a.tick < b.tick || (a.tick === b.tick && a.seq < b.seq);
}

/** The baseline: the same number of events through a bare heap, each scheduling a follow-up. */
function bareLoopEventsPerSecond(events: number): number {
  const times: number[] = [];
  for (let r = -1; r < REPEATS; r++) {
    const ms = timeMs(() => {
      const q = new BinaryHeap<{ tick: number; seq: number; node: number }>();
      let seq = 0;
      for (let n = 0; n < 9 * 16; n++) q.push({ tick: draw(r, 1, n) % 12, seq: seq++, node: n % 9 });
      for (let done = 0; done < events; done++) {
        const e = q.pop()!;
        q.push({ tick: e.tick + 3 + (draw(r, e.node, seq) % 10), seq: seq++, node: (e.node + 1) % 9 });
      }
    });
    if (r >= 0) times.push(ms);
  }
  return events / (median(times) / 1000);
}

function fiveNodeMinuteMs(): { ms: number; level: string; baselineMs: number } {
  const l08 = loadLevels().find((l) => l.id === "l08-reach-consensus");
  const level = l08 ?? heartbeatLevel(5, { durationTicks: 600 });
  const times: number[] = [];
  for (let r = 0; r < REPEATS * 2; r++) {
    const world = createWorld(level, r + 1);
    times.push(timeMs(() => advanceTo(world, 600)));
  }
  // Baseline: the same minute of the plain heartbeat workload on 5 nodes, in the same run.
  const base = heartbeatLevel(5, { durationTicks: 600 });
  const baseTimes: number[] = [];
  for (let r = 0; r < REPEATS * 2; r++) {
    const world = createWorld(base, r + 1);
    baseTimes.push(timeMs(() => advanceTo(world, 600)));
  }
  return { ms: median(times), level: level.id === base.id ? "5-node heartbeat" : level.id, baselineMs: median(baseTimes) };
}

export async function run(): Promise<BenchResult[]> {
  const engine = engineEventsPerSecond();
  const bare = bareLoopEventsPerSecond(engine.events);
  const minute = fiveNodeMinuteMs();
  return [
    {
      name: `engine events/s (9 nodes, 5% loss, 1% dup, ${engine.events} events)`,
      figure: Math.round(engine.eventsPerSecond),
      unit: "events/s",
      baselineName: "bare binary-heap event loop",
      baselineFigure: Math.round(bare),
      ratio: engine.eventsPerSecond / bare,
      target: ">= 1,000,000 events/s and >= 0.3 of the bare loop",
      met: engine.eventsPerSecond >= 1_000_000 && engine.eventsPerSecond / bare >= 0.3,
    },
    {
      name: `60 s of game time, ${minute.level}`,
      figure: Number(minute.ms.toFixed(2)),
      unit: "ms",
      baselineName: "60 s of a 5-node heartbeat world",
      baselineFigure: Number(minute.baselineMs.toFixed(2)),
      ratio: minute.ms / minute.baselineMs,
      smallerIsBetter: true,
      target: "< 60 ms",
      met: minute.ms < 60,
    },
  ];
}
