/**
 * Appends events to the trace and runs every online safety monitor on each. The five kinds that
 * make almost all of the volume have their own emitters, which take node indices (positions in
 * the level) and write the trace's columns directly (shared/sim/trace-store.ts) and build an event object only when a monitor is there to
 * see it. Every emitter returns the new event's trace index.
 */
import type { DropReason, TraceEvent } from "./trace.js";
import type { World } from "./world-types.js";

/** Violations recorded per check beyond the first are counted, not kept (bounded memory). */
const MAX_VIOLATIONS_PER_CHECK = 20;

/** Any event; callers build it with `i: world.trace.length` as its first field. */
export function emit(world: World, event: TraceEvent): number {
  const i = world.trace.push(event);
  if (world.monitors.length > 0) observe(world, event);
  return i;
}

export function emitSend(world: World, node: number, to: number, msgId: number, type: string, payload: unknown): number {
  const i = world.trace.pushSend(world.tick, node, to, msgId, type, payload);
  if (world.monitors.length > 0) observe(world, world.trace.at(i)!);
  return i;
}

export function emitDeliver(world: World, node: number, from: number, msgId: number, copy: number, sentTick: number): number {
  const i = world.trace.pushDeliver(world.tick, node, from, msgId, copy, sentTick);
  if (world.monitors.length > 0) observe(world, world.trace.at(i)!);
  return i;
}

export function emitDrop(world: World, node: number, to: number, msgId: number, reason: DropReason): number {
  const i = world.trace.pushDrop(world.tick, node, to, msgId, reason);
  if (world.monitors.length > 0) observe(world, world.trace.at(i)!);
  return i;
}

export function emitDuplicate(world: World, node: number, to: number, msgId: number): number {
  const i = world.trace.pushDuplicate(world.tick, node, to, msgId);
  if (world.monitors.length > 0) observe(world, world.trace.at(i)!);
  return i;
}

export function emitTimer(world: World, node: number, name: string): number {
  const i = world.trace.pushTimer(world.tick, node, name);
  if (world.monitors.length > 0) observe(world, world.trace.at(i)!);
  return i;
}

function observe(world: World, event: TraceEvent): void {
  for (const { check, monitor } of world.monitors) {
    const finding = monitor.observe(event);
    if (finding) {
      // A check the level observes is what its variant sets out to show: recorded, not charged.
      const into = world.level.observe?.includes(check) ? world.observations : world.violations;
      const already = into.filter((v) => v.check === check).length;
      if (already < MAX_VIOLATIONS_PER_CHECK) into.push({ check, ...finding });
    }
  }
}
