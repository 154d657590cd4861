/**
 * Counter-based PRNG: every draw is hash(seed, stream, counter). Nothing is carried from one
 * draw to the next except the counter, so separate streams never influence each other and a
 * draw can be recomputed from its coordinates alone (what makes replays and fair faults work).
 * Integer arithmetic only (Math.imul and shifts): identical bits in every JavaScript engine.
 */

/** FNV-1a over UTF-16 code units: turns a stream name into a 32-bit stream id. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A strong 32-bit finaliser (lowbias32 by Chris Wellons): good avalanche, cheap. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The one draw function: a uniform uint32 from (seed, stream, counter). */
export function draw(seed: number, streamId: number, counter: number): number {
  return drawAt(streamKey(seed, streamId), counter);
}

/**
 * The part of a draw that depends on (seed, stream) only: a stream that draws often (a link,
 * a node) computes it once and calls drawAt, which gives exactly draw's bits.
 */
export function streamKey(seed: number, streamId: number): number {
  return mix32(mix32(seed ^ 0x9e3779b9) ^ streamId);
}

export function drawAt(key: number, counter: number): number {
  const h = mix32(key ^ (counter >>> 0));
  // Counters above 2^32 fold their high part in, so very long runs never repeat a draw.
  const high = Math.floor(counter / 4294967296);
  return high === 0 ? h : mix32(h ^ mix32(high));
}

/** uint32 -> [0, 1): exact (division by a power of two), hence identical everywhere. */
export function toUnit(u32: number): number {
  return u32 / 4294967296;
}

/** Uniform integer in [lo, hi] (inclusive). Small ranges only (hi - lo < 2^32). */
export function toIntInRange(u32: number, lo: number, hi: number): number {
  if (hi <= lo) return lo;
  const span = hi - lo + 1;
  return lo + Math.floor(toUnit(u32) * span);
}

/** A stream with its own counter. The counter lives in a plain record the world owns. */
export interface Rng {
  uint32(): number;
  /** Uniform integer in [lo, hi], inclusive. */
  int(lo: number, hi: number): number;
  /** true with probability p (0..1). */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/**
 * The counters of a world's named streams (nodes, workloads, weather): part of the game state, so
 * part of the hash. Link streams keep theirs in world.linkOrdinals (an array: read on every send).
 */
export type RngCounters = Record<string, number>;

export function streamRng(seed: number, stream: string, counters: RngCounters): Rng {
  const key = streamKey(seed, hashString(stream));
  const next = (): number => {
    const counter = counters[stream] ?? 0;
    counters[stream] = counter + 1;
    return drawAt(key, counter);
  };
  return {
    uint32: next,
    int: (lo, hi) => toIntInRange(next(), lo, hi),
    chance: (p) => toUnit(next()) < p,
    pick: (items) => items[toIntInRange(next(), 0, items.length - 1)]!,
  };
}

/** Seeds arrive as text or numbers from people; both map onto a uint32. */
export function seedFrom(value: string | number): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffffffff) return value >>> 0;
  return hashString(String(value));
}
