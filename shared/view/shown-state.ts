/**
 * A node's state as a view shows it: without the protocol's unsent fields, and each list that
 * grows with the game (Protocol.shownStateLists) cut to its newest entries, with its full length
 * beside it. A client is sent this, never the whole state: a Lamport peer's history and the
 * archivist's records grow all game, and sending them whole made patches outgrow the encoder's
 * buffer (issue 11 item 2b). What the screen shows of a list is its newest entries and a count.
 */
import type { Protocol } from "../sim/protocol.js";

export interface ShownState {
  state: Record<string, unknown>;
  /** Full lengths of the lists that were cut, by field (empty when nothing was cut). */
  totals: Record<string, number>;
}

const NO_TOTALS: Record<string, number> = Object.freeze({}) as Record<string, number>;

/** Returns `state` itself when nothing is left out or cut (the common case: no copy). */
export function shownState(state: Record<string, unknown>, protocol: Pick<Protocol, "screen" | "shownStateLists">): ShownState {
  const unsent = protocol.screen?.unsentFields;
  const caps = protocol.shownStateLists;
  let changes = false;
  if (unsent) for (const field of unsent) if (field in state) changes = true;
  if (caps) {
    for (const field in caps) {
      const value = state[field];
      if (Array.isArray(value) && value.length > caps[field]!) changes = true;
    }
  }
  if (!changes) return { state, totals: NO_TOTALS };
  const shown: Record<string, unknown> = {};
  const totals: Record<string, number> = {};
  for (const key in state) {
    if (unsent?.includes(key)) continue;
    const value = state[key];
    const cap = caps?.[key];
    if (cap !== undefined && Array.isArray(value) && value.length > cap) {
      shown[key] = value.slice(value.length - cap);
      totals[key] = value.length;
    } else {
      shown[key] = value;
    }
  }
  return { state: shown, totals };
}
