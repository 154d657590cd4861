// Words and numbers for the play panels. Pure (no DOM): unit-testable.
import { humanize } from "./words.js";

/** Ticks -> game-seconds, "4.2 s" (one decimal under 10 s). 10 ticks = 1 game-second at any speed. */
export function seconds(ticks: number): string {
  const s = ticks / 10;
  if (Math.abs(s) < 10) return `${s.toFixed(1)} s`;
  return `${Math.round(s)} s`;
}

/** A clock reading in ticks -> "m:ss.t" (negative readings happen with a skewed wall clock). */
export function clockText(ticks: number): string {
  const sign = ticks < 0 ? "−" : "";
  const t = Math.abs(Math.trunc(ticks));
  const tenths = t % 10;
  const totalSeconds = Math.floor(t / 10);
  const m = Math.floor(totalSeconds / 60);
  const s = totalSeconds % 60;
  return `${sign}${m}:${String(s).padStart(2, "0")}.${tenths}`;
}

/** "2:05" left from a tick count. */
export function timeLeft(ticks: number): string {
  const s = Math.max(0, Math.ceil(ticks / 10));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
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

/** A message payload as labelled facts: [["term", "3"], ["last log index", "4"]]. */
export function payloadFacts(payload: unknown): [string, string][] {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return payload === undefined ? [] : [["value", valueText(payload)]];
  return Object.entries(payload as Record<string, unknown>).map(([key, value]) => {
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "object" && v !== null)) {
      const items = value.slice(0, 3).map((v) => entryText(v as Record<string, unknown>));
      return [humanize(key).toLowerCase(), `${value.length}: ${items.join(", ")}${value.length > 3 ? ", …" : ""}`];
    }
    return [humanize(key).toLowerCase(), valueText(value)];
  });
}

/** A log-entry-like object in a few words: "t2 set x=3". */
export function entryText(entry: Record<string, unknown>): string {
  const term = typeof entry.term === "number" ? `t${entry.term} ` : "";
  const command = typeof entry.command === "string" ? entry.command : valueText(entry, 1);
  return `${term}${command}`;
}

/** State fields the panels show elsewhere (inbox cards) or that only the runtime uses. */
export const HIDDEN_STATE_FIELDS: ReadonlySet<string> = new Set(["voteCards", "appendCards", "clientCards", "log"]);
