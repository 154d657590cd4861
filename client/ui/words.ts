// Turns identifiers from level data into words for the UI: "startElection" ->
// "Start election", "ackSale" -> "Ack sale". Level files name actions in code style.

export { humanize } from "../../shared/sim/screen-text.js";

/** Game-seconds from ticks (1 tick = 100 ms of game time), as "2:30" or "45 s". */
export function formatDuration(durationTicks: number): string {
  const seconds = Math.round(durationTicks / 10);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}
