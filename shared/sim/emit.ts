/** Appends an event to the trace and runs every online safety monitor on it. */
import type { NewTraceEvent, TraceEvent } from "./trace.js";
import type { World } from "./world-types.js";

/** Violations recorded per check beyond the first are counted, not kept (bounded memory). */
const MAX_VIOLATIONS_PER_CHECK = 20;

export function emit(world: World, event: NewTraceEvent): TraceEvent {
  // Stamped in place rather than copied: this runs for every event, and copies cost GC time.
  const full = event as TraceEvent;
  full.i = world.trace.length;
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
