// Words and numbers for the play panels. Pure (no DOM): unit-testable.
import type { Protocol } from "../../shared/sim/protocol.js";
import { humanize, valueText } from "../../shared/sim/screen-text.js";

export { seconds, valueText } from "../../shared/sim/screen-text.js";

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

/**
 * A message payload as labelled facts: [["term", "3"], ["last log index", "4"]]. A nested record
 * reads as its pairs with commas ("id N2-1, kind rumor"), so it stays one fact among the others.
 */
export function payloadFacts(payload: unknown): [string, string][] {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return payload === undefined ? [] : [["value", valueText(payload)]];
  return Object.entries(payload as Record<string, unknown>).map(([key, value]) => {
    const name = humanize(key).toLowerCase();
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "object" && v !== null)) {
      // Log entries read as their commands; other records (quiz questions) only count: the card's groups say the rest.
      if (!value.every((v) => typeof (v as Record<string, unknown>).command === "string")) return [name, String(value.length)];
      const items = value.slice(0, 3).map((v) => entryText(v as Record<string, unknown>));
      return [name, `${value.length}: ${items.join(", ")}${value.length > 3 ? ", …" : ""}`];
    }
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      return [name, Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k} ${valueText(v, 1)}`).join(", ")];
    }
    return [name, valueText(value)];
  });
}

/** A log-entry-like object in a few words: "t2 set x=3". */
export function entryText(entry: Record<string, unknown>): string {
  const term = typeof entry.term === "number" ? `t${entry.term} ` : "";
  const command = typeof entry.command === "string" ? entry.command : valueText(entry, 1);
  return `${term}${command}`;
}

/**
 * What a client request asks for, as words: the protocol's own (`screen.requestText`: "append
 * \"set x=2\"") when it has them, else the payload's facts ("text: hi, n: 2").
 */
export function requestWords(protocol: Protocol | undefined, payload: unknown): string {
  const own = protocol?.screen?.requestText;
  if (own && typeof payload === "object" && payload !== null && !Array.isArray(payload)) return own(payload as Record<string, unknown>);
  return payloadFacts(payload).map(([k, v]) => `${k}: ${v}`).join(", ");
}
