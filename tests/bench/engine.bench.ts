/**
 * Engine throughput: events per second on a 9-node heartbeat workload with 5% loss and 1%
 * duplication, against a bare binary-heap event loop doing the same amount of scheduling
 * (pop one event, push its follow-up with a hashed delay), run in interleaved pairs in the same
 * process (see throughput()).
 * Also: 60 s of game time of a 5-node level, which must take under 60 ms.
 */
import { loadLevels } from "../../server/level-files.js";
import { draw } from "../../shared/sim/prng.js";
import { advanceTo, createWorld } from "../../shared/sim/world.js";
import { heartbeatLevel } from "../support/test-levels.js";
import { median, timeMs, type BenchResult } from "./bench.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

const REPEATS = 5;
/** Engine and baseline run in pairs, so both see the same machine: more pairs, steadier ratio. */
const PAIRS = 11;

const ENGINE_LEVEL = heartbeatLevel(9, {
  durationTicks: 6000,
  protocolOptions: { intervalTicks: 2, suspectAfterTicks: 50 },
  network: { delayTicksBase: 3, jitterTicks: 9, dropRate: 0.05, duplicateRate: 0.01 },
});

/** One timed engine run: the whole 10-minute level. */
function engineRun(seed: number): { events: number; ms: number } {
  const world = createWorld(ENGINE_LEVEL, TEST_CATALOG, seed);
  const ms = timeMs(() => advanceTo(world, ENGINE_LEVEL.durationTicks));
  return { events: world.stats.events, ms };
}

/**
 * Events per second of the engine and of the bare loop, and their ratio. Runs are interleaved
 * (engine, then a baseline run of the same number of events) because these machines are shared
 * and their load changes from one second to the next: the ratio is the median of the pairs'
 * ratios, each pair measured under the same conditions. Pair -1 warms the JIT up, untimed.
 */
function throughput(): { engine: number; bare: number; ratio: number; events: number } {
  const engineRates: number[] = [];
  const bareRates: number[] = [];
  const ratios: number[] = [];
  let events = 0;
  for (let r = -1; r < PAIRS; r++) {
    const engine = engineRun(r + 1);
    const bareMs = bareLoopMs(engine.events, r);
    if (r < 0) continue;
    events = engine.events;
    const engineRate = engine.events / (engine.ms / 1000);
    const bareRate = engine.events / (bareMs / 1000);
    engineRates.push(engineRate);
    bareRates.push(bareRate);
    ratios.push(engineRate / bareRate);
  }
  return { engine: median(engineRates), bare: median(bareRates), ratio: median(ratios), events };
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
function bareLoopMs(events: number, seed: number): number {
  return timeMs(() => {
    const q = new BinaryHeap<{ tick: number; seq: number; node: number }>();
    let seq = 0;
    for (let n = 0; n < 9 * 16; n++) q.push({ tick: draw(seed, 1, n) % 12, seq: seq++, node: n % 9 });
    for (let done = 0; done < events; done++) {
      const e = q.pop()!;
      q.push({ tick: e.tick + 3 + (draw(seed, e.node, seq) % 10), seq: seq++, node: (e.node + 1) % 9 });
    }
  });
}

function fiveNodeMinuteMs(): { ms: number; level: string; baselineMs: number } {
  const l08 = loadLevels().find((l) => l.id === "l08-reach-consensus");
  const level = l08 ?? heartbeatLevel(5, { durationTicks: 600 });
  const times: number[] = [];
  for (let r = 0; r < REPEATS * 2; r++) {
    const world = createWorld(level, TEST_CATALOG, r + 1);
    times.push(timeMs(() => advanceTo(world, 600)));
  }
  // Baseline: the same minute of the plain heartbeat workload on 5 nodes, in the same run.
  const base = heartbeatLevel(5, { durationTicks: 600 });
  const baseTimes: number[] = [];
  for (let r = 0; r < REPEATS * 2; r++) {
    const world = createWorld(base, TEST_CATALOG, r + 1);
    baseTimes.push(timeMs(() => advanceTo(world, 600)));
  }
  return { ms: median(times), level: level.id === base.id ? "5-node heartbeat" : level.id, baselineMs: median(baseTimes) };
}

export async function run(): Promise<BenchResult[]> {
  const engine = throughput();
  const minute = fiveNodeMinuteMs();
  return [
    {
      name: `engine events/s (9 nodes, 5% loss, 1% dup, ${engine.events} events; median of ${PAIRS} interleaved pairs)`,
      figure: Math.round(engine.engine),
      unit: "events/s",
      baselineName: "bare binary-heap event loop",
      baselineFigure: Math.round(engine.bare),
      ratio: engine.ratio,
      target: ">= 1,000,000 events/s and >= 0.3 of the bare loop",
      met: engine.engine >= 1_000_000 && engine.ratio >= 0.3,
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
