// What a workshop facilitator can throw at a running team game from the HUD: the faults of the
// book's chapters, ready-made for this level's nodes (times relative to now; the server checks
// each one like a level file's, see docs/room-protocol.md `fault`). Pure: no DOM.
import type { FaultSpec } from "../../shared/level/faults.js";

export interface FaultPreset {
  /** Stable, for tests and data-fault attributes. */
  id: string;
  /** The heading it is listed under. */
  group: "Network" | "Nodes" | "Clocks";
  label: string;
  fault: FaultSpec;
}

const TICKS_PER_SECOND = 10;
const PARTITION_SECONDS = 15;
const CRASH_SECONDS = 8;
const PAUSE_SECONDS = 6;
const FLAKY_SECONDS = 15;
const FLAKY_DROP_RATE = 0.3;
const CLOCK_STEP_SECONDS = 5;

export function faultPresets(nodeIds: readonly string[]): FaultPreset[] {
  const ticks = (seconds: number): number => seconds * TICKS_PER_SECOND;
  const half = Math.ceil(nodeIds.length / 2);
  const left = nodeIds.slice(0, half);
  const right = nodeIds.slice(half);
  const out: FaultPreset[] = [];
  if (right.length > 0) {
    out.push({
      id: "split",
      group: "Network",
      label: `Split the network for ${PARTITION_SECONDS} s: ${left.join(" ")} | ${right.join(" ")}`,
      fault: { kind: "partition", atTick: 0, untilTick: ticks(PARTITION_SECONDS), groups: [left, right] },
    });
    out.push({
      id: "flaky",
      group: "Network",
      label: `Flaky links between the halves for ${FLAKY_SECONDS} s (${Math.round(FLAKY_DROP_RATE * 100)}% loss)`,
      fault: { kind: "flaky", atTick: 0, untilTick: ticks(FLAKY_SECONDS), between: [left, right], dropRate: FLAKY_DROP_RATE },
    });
  }
  for (const node of nodeIds) {
    out.push({
      id: `isolate-${node}`,
      group: "Network",
      label: `Cut ${node} off for ${PARTITION_SECONDS} s`,
      fault: { kind: "partition", atTick: 0, untilTick: ticks(PARTITION_SECONDS), groups: [[node], nodeIds.filter((n) => n !== node)] },
    });
  }
  out.push({ id: "heal", group: "Network", label: "Heal every partition now", fault: { kind: "heal", atTick: 0 } });
  for (const node of nodeIds) {
    out.push({
      id: `crash-${node}`,
      group: "Nodes",
      label: `Crash ${node} (restarts after ${CRASH_SECONDS} s, RAM lost)`,
      fault: { kind: "crash", atTick: 0, node, recoverAtTick: ticks(CRASH_SECONDS) },
    });
    out.push({
      id: `pause-${node}`,
      group: "Nodes",
      label: `Freeze ${node} for ${PAUSE_SECONDS} s (a long GC pause)`,
      fault: { kind: "pause", atTick: 0, node, durationTicks: ticks(PAUSE_SECONDS) },
    });
  }
  for (const node of nodeIds) {
    out.push({
      id: `clock-${node}`,
      group: "Clocks",
      label: `Jump ${node}'s wall clock ${CLOCK_STEP_SECONDS} s ahead (NTP step)`,
      fault: { kind: "clock-step", atTick: 0, node, stepTicks: ticks(CLOCK_STEP_SECONDS) },
    });
  }
  return out;
}
