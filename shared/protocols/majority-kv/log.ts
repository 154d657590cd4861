/**
 * The seat map as a replicated log, and the one fact checkers need about it: every change is
 * recorded as a "log" note (where the copy diverged and what follows), so a checker can mirror
 * every replica from the trace alone and count who held a sale before anyone said "sold".
 */
import type { Effect } from "../../sim/protocol.js";
import type { MkvState, Sale } from "./state.js";
import { MKV_NOTES } from "./notes.js";

export function seatOf(log: readonly Sale[], resId: string): number {
  return log.findIndex((s) => s.resId === resId) + 1;
}

function sameSale(a: Sale | undefined, b: Sale | undefined): boolean {
  return !!a && !!b && a.resId === b.resId && a.epoch === b.epoch;
}

/** The note describing the change from one copy to the next (null if nothing changed). */
export function logChangeNote(before: readonly Sale[], after: readonly Sale[], logEpoch: number): Effect | null {
  let at = 0;
  while (at < before.length && at < after.length && sameSale(before[at], after[at])) at++;
  if (at === before.length && at === after.length) return null;
  return MKV_NOTES.write("log", { at, resIds: after.slice(at).map((s) => s.resId), logEpoch, length: after.length });
}

/** Replace this node's copy, noting the change. */
export function withLog(state: MkvState, log: Sale[], logEpoch: number, effects: Effect[]): MkvState {
  const note = logChangeNote(state.log, log, logEpoch);
  if (note) effects.push(note);
  return { ...state, log, logEpoch };
}

/** Is (epochA, lengthA) at least as up to date as (epochB, lengthB)? Newest epoch first. */
export function atLeastAsNew(epochA: number, lengthA: number, epochB: number, lengthB: number): boolean {
  return epochA !== epochB ? epochA > epochB : lengthA >= lengthB;
}
