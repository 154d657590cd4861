/**
 * The network: turns one send into zero, one or two deliveries. Each directed link has its own
 * PRNG stream and message ordinal, and every message draws exactly four numbers (drop,
 * duplicate, two jitters) whatever happens to it: an extra message on one link never changes
 * the fate of any message on another link, and a partition never shifts later draws.
 */
import type { LinkSpec } from "../level/level.js";
import { blocks, spans, type NetworkFaultSpec } from "../level/faults.js";
import type { Message } from "./message.js";
import { drawAt, hashString, streamKey, toIntInRange, toUnit } from "./prng.js";
import type { DropReason } from "./trace.js";
import type { World } from "./world-types.js";

const DRAWS_PER_MESSAGE = 4;

interface LinkRuntime {
  spec: LinkSpec;
  /** streamKey(seed, stream id of the link): each draw is then one mix. */
  key: number;
  /** Index of this link in the link tables (world.linkOrdinals). */
  slot: number;
}

/**
 * Per-world cache of resolved links (spec after overrides, stream key), by from * nodes + to
 * (node indices). Derived, not state.
 */
const linkCache = new WeakMap<World, (LinkRuntime | undefined)[]>();

function linkOf(world: World, from: string, to: string, fromIndex: number, toIndex: number): LinkRuntime {
  let links = linkCache.get(world);
  if (!links) {
    links = [];
    linkCache.set(world, links);
  }
  const slot = fromIndex * world.nodeIds.length + toIndex;
  let link = links[slot];
  if (!link) {
    const key = `${from}>${to}`;
    let spec: LinkSpec = world.level.network;
    for (const override of world.level.links) {
      if (override.from === from && override.to === to) spec = { ...spec, ...stripUndefined(override) };
    }
    link = { spec, key: streamKey(world.seed, hashString(`link:${key}`)), slot };
    links[slot] = link;
  }
  return link;
}

function stripUndefined(override: Partial<LinkSpec> & { from: string; to: string }): Partial<LinkSpec> {
  const out: Partial<LinkSpec> = {};
  if (override.delayTicksBase !== undefined) out.delayTicksBase = override.delayTicksBase;
  if (override.jitterTicks !== undefined) out.jitterTicks = override.jitterTicks;
  if (override.dropRate !== undefined) out.dropRate = override.dropRate;
  if (override.duplicateRate !== undefined) out.duplicateRate = override.duplicateRate;
  return out;
}

/**
 * Decide the fate of a message at send time: a drop reason, or the number of copies (1 or 2) with
 * their delivery ticks written into `deliverTicksOut[0..]` (a scratch array the caller reuses:
 * this runs for every message, so it allocates nothing).
 */
export function route(world: World, msg: Message, fromIndex: number, toIndex: number, deliverTicksOut: number[]): DropReason | number {
  const link = linkOf(world, msg.from, msg.to, fromIndex, toIndex);
  const ordinal = world.linkOrdinals[link.slot]!;
  world.linkOrdinals[link.slot] = ordinal + 1;
  const base = ordinal * DRAWS_PER_MESSAGE;
  const dropDraw = toUnit(drawAt(link.key, base));
  const dupDraw = toUnit(drawAt(link.key, base + 1));
  const jitter0 = drawAt(link.key, base + 2);
  const jitter1 = drawAt(link.key, base + 3);

  let flakyRate = 0;
  let grayTicks = 0;
  for (const faultId of world.activeNetworkFaults) {
    const fault = world.faults[faultId] as NetworkFaultSpec;
    if (blocks(fault, msg.from, msg.to)) return "partition";
    if (fault.kind === "flaky" && spans(fault.between, msg.from, msg.to)) flakyRate += fault.dropRate;
    if (fault.kind === "gray" && spans(fault.between, msg.from, msg.to)) grayTicks += fault.delayTicks;
  }
  const spec = link.spec;
  // A gray link is slow but loses nothing (that is what makes it gray): no loss draws apply.
  if (grayTicks === 0) {
    if (dropDraw < spec.dropRate) return "loss";
    if (dropDraw < spec.dropRate + flakyRate) return "flaky";
  }
  const baseTicks = spec.delayTicksBase + grayTicks;
  deliverTicksOut[0] = msg.sentTick + Math.max(1, baseTicks + toIntInRange(jitter0, 0, spec.jitterTicks));
  if (dupDraw >= spec.duplicateRate) return 1;
  deliverTicksOut[1] = msg.sentTick + Math.max(1, baseTicks + toIntInRange(jitter1, 0, spec.jitterTicks));
  return 2;
}

/** A message in flight is lost if, when it arrives, a partition separates its ends. */
export function blockedNow(world: World, from: string, to: string): boolean {
  for (const faultId of world.activeNetworkFaults) {
    if (blocks(world.faults[faultId] as NetworkFaultSpec, from, to)) return true;
  }
  return false;
}
