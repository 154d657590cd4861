// Turns identifiers from level data into words for the UI: "startElection" ->
// "Start election", "ackSale" -> "Ack sale". Level files name actions in code style.

export function humanize(identifier: string): string {
  const spaced = identifier
    .replace(/[-_]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .trim()
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Game-seconds from ticks (1 tick = 100 ms of game time), as "2:30" or "45 s". */
export function formatDuration(durationTicks: number): string {
  const seconds = Math.round(durationTicks / 10);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}
