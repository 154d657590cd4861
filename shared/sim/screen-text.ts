/**
 * Words and numbers for a protocol's screen (shared/sim/screen.ts) and the client's panels: the
 * same text wherever a node's state is shown. Pure.
 */

/** Ticks -> game-seconds, "4.2 s" (one decimal under 10 s). 10 ticks = 1 game-second at any speed. */
export function seconds(ticks: number): string {
  const s = ticks / 10;
  if (Math.abs(s) < 10) return `${s.toFixed(1)} s`;
  return `${Math.round(s)} s`;
}

/** Ticks -> a game clock reading, "2:10" (whole game-seconds), as the briefings name moments. */
export function clockTime(ticks: number): string {
  const total = Math.floor(ticks / 10);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

/** An identifier as words: "startElection" -> "Start election", "ackSale" -> "Ack sale". */
export function humanize(identifier: string): string {
  const spaced = identifier
    .replace(/[-_]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .trim()
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** A state or payload value in a few words: numbers and strings as is, lists counted, maps as pairs. */
export function valueText(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number" || typeof value === "string") return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "none";
    if (depth > 0 || value.some((v) => typeof v === "object" && v !== null)) return `${value.length} item${value.length === 1 ? "" : "s"}`;
    const shown = value.slice(0, 6).map((v) => valueText(v, depth + 1)).join(", ");
    return value.length > 6 ? `${shown}, … (${value.length})` : shown;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return "none";
    if (depth > 0) return `${entries.length} fields`;
    return entries
      .slice(0, 8)
      .map(([k, v]) => `${k}: ${valueText(v, depth + 1)}`)
      .join(" · ");
  }
  return String(value);
}
