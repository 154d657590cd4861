/** Appends an event to the trace and runs every online safety monitor on it. */
import type { TraceEvent } from "./trace.js";
import type { World } from "./world-types.js";

/** Violations recorded per check beyond the first are counted, not kept (bounded memory). */
const MAX_VIOLATIONS_PER_CHECK = 20;

/**
 * Callers build the event with `i: world.trace.length` as its first field (its index once pushed).
 * This runs for every event: writing the index afterwards would be a megamorphic store across
 * every event shape, which profiling showed falling into V8's slow path.
 */
export function emit(world: World, event: TraceEvent): TraceEvent {
  const full = event;
  world.trace.push(full);
  for (const { check, monitor } of world.monitors) {
    const finding = monitor.observe(full);
    if (finding) {
      const already = world.violations.filter((v) => v.check === check).length;
      if (already < MAX_VIOLATIONS_PER_CHECK) world.violations.push({ check, ...finding });
    }
  }
  return full;
}
