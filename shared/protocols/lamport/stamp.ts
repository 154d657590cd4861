/**
 * The Lamport stamp rule, once: bots, the autopilot, Guided mode and the UI's formula all call
 * this. Local event or send: yours + 1. Receive: max(yours, received) + 1. A message stamped by
 * a wall clock (round 1) carries no Lamport stamp, so its receive counts like a local event.
 * Nothing here reads a clock: clock faults cannot change a Lamport stamp (accuracy note 5).
 */
import type { StampKind } from "./state.js";

export function canonicalStamp(kind: StampKind, clock: number, msgStamp: number | null): number {
  if (kind === "receive" && msgStamp !== null) return Math.max(clock, msgStamp) + 1;
  return clock + 1;
}

/** The formula with the numbers filled in: "receive: max(yours, received) + 1 = max(5, 6) + 1 = 7". */
export function stampFormula(kind: StampKind, clock: number, msgStamp: number | null): string {
  const value = canonicalStamp(kind, clock, msgStamp);
  if (kind === "receive" && msgStamp !== null) return `receive: max(yours, received) + 1 = max(${clock}, ${msgStamp}) + 1 = ${value}`;
  const what = kind === "receive" ? "receive of a wall-stamped message" : kind === "send" ? "send" : "local event";
  return `${what}: yours + 1 = ${clock} + 1 = ${value}`;
}

/** How a policy picks a Lamport stamp. The correct one is canonicalStamp. */
export type StampChooser = (kind: StampKind, clock: number, msgStamp: number | null, wallTicks: number) => number;

export const CHOOSERS: Readonly<Record<"canonical" | "wall" | "noMax", StampChooser>> = {
  canonical: (kind, clock, msgStamp) => canonicalStamp(kind, clock, msgStamp),
  /** The classic mistake: "time" from the skewed wall clock. */
  wall: (_kind, _clock, _msgStamp, wallTicks) => wallTicks,
  /** Forgets the max: a receive is just +1, so the sender's past is not carried over. */
  noMax: (_kind, clock) => clock + 1,
};
