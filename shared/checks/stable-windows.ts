/**
 * Stable windows: stretches of the run with no active network fault, no paused or slowed node
 * and a live majority of the quorum nodes. Liveness is judged only inside them (FLP: no protocol
 * can promise progress while the network is being sabotaged). A crash or a recovery also starts
 * a new window, because "within N gs" must count from the last disturbance.
 */
import type { Level } from "../level/level.js";
import type { TraceEvent } from "../sim/trace.js";
import type { TraceReader } from "../sim/trace-store.js";
import type { Window } from "../sim/check.js";

export type { Window };

export function stableWindows(trace: TraceReader, level: Level, endTick: number): Window[] {
  const quorum = new Set(level.quorumNodes);
  const majority = Math.floor(quorum.size / 2) + 1;
  const down = new Set<string>();
  const paused = new Set<string>();
  const activeFaults = new Set<number>();
  const windows: Window[] = [];
  let openAt: number | null = 0;

  const stable = (): boolean => {
    let live = 0;
    for (const id of quorum) if (!down.has(id)) live++;
    return activeFaults.size === 0 && paused.size === 0 && live >= majority;
  };
  const close = (tick: number): void => {
    if (openAt !== null && tick > openAt) windows.push({ startTick: openAt, endTick: tick });
    openAt = null;
  };

  for (const event of trace) {
    let boundary = false;
    switch (event.kind) {
      case "fault":
        if (event.phase === "start") activeFaults.add(event.faultId);
        else activeFaults.delete(event.faultId);
        boundary = true;
        break;
      case "crash":
        down.add(event.node);
        boundary = true;
        break;
      case "recover":
        down.delete(event.node);
        boundary = true;
        break;
      case "pause":
        paused.add(event.node);
        boundary = true;
        break;
      case "resume":
        paused.delete(event.node);
        boundary = true;
        break;
      default:
        break;
    }
    if (!boundary) continue;
    close(event.tick);
    if (stable()) openAt = event.tick;
  }
  close(endTick);
  return windows;
}
