/**
 * The game's fingerprint: a 64-bit hash (two independent 32-bit FNV-1a lanes) over the trace
 * and the world state. JSON.stringify is deterministic here because every object is built in
 * the same key order by the same code, and number-to-text is fixed by the language spec.
 */
import type { World } from "./world-types.js";
import type { TraceEvent } from "./trace.js";
import type { TraceReader } from "./trace-store.js";

export interface Hasher {
  add(text: string): void;
  hex(): string;
}

export function createHasher(): Hasher {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  return {
    add(text: string) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
      }
      // A separator, so ["ab","c"] and ["a","bc"] differ.
      a = Math.imul(a ^ 0xff, 0x01000193);
      b = Math.imul(b ^ 0xff, 0x5bd1e995) ^ (b >>> 15);
    },
    hex() {
      return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
    },
  };
}

export function traceHash(trace: TraceReader): string {
  const hasher = createHasher();
  for (const event of trace) hasher.add(JSON.stringify(event));
  return hasher.hex();
}

/** Everything that determines the future of the world. */
export function stateHash(world: World): string {
  const hasher = createHasher();
  hasher.add(String(world.tick));
  hasher.add(JSON.stringify(world.rngCounters));
  hasher.add(JSON.stringify(world.linkOrdinals));
  hasher.add(JSON.stringify(world.activeNetworkFaults));
  for (const id of world.nodeIds) {
    const n = world.nodes[id]!;
    hasher.add(JSON.stringify([n.id, n.status, n.controller, n.clock, n.timers, n.state, n.pendingRequests, n.slowExtraTicks, n.incarnation, n.arrivals]));
    // Only levels with knobs hash them: the hashes of every other level's games stay as they were.
    if (world.level.knobs.length > 0) hasher.add(JSON.stringify(n.knobs));
  }
  const queued = [...world.queue.items()].sort((x, y) => x.tick - y.tick || x.seq - y.seq);
  hasher.add(JSON.stringify(queued));
  return hasher.hex();
}

/** One hash for a whole game: the trace (what happened) and the final state (where it ended). */
export function gameHash(world: World): string {
  const hasher = createHasher();
  hasher.add(traceHash(world.trace));
  hasher.add(stateHash(world));
  return hasher.hex();
}
