/** What every round's check reads: the round's window, its requests, notes and sends. */
import { requestOutcomes, type RequestOutcome } from "../../../checks/requests.js";
import type { RunRecord } from "../../../sim/check.js";
import type { Static } from "@sinclair/typebox";
import type { TraceOf } from "../../../sim/trace.js";
import { GAUNTLET_NOTES } from "../notes.js";
import { levelSchedule, roundWindow, type Round } from "../schedule.js";

export const windowOf = (run: RunRecord, round: Round): readonly [number, number] => roundWindow(levelSchedule(run.level), round, run.endTick + 1);

const inside = (w: readonly [number, number], tick: number): boolean => tick >= w[0] && tick < w[1];

/** The requests of a workload that arrived in the round, with their answers. */
export function requestsIn(run: RunRecord, round: Round, workload: string): RequestOutcome[] {
  const w = windowOf(run, round);
  return requestOutcomes(run.trace).filter((o) => o.request.workload === workload && inside(w, o.request.tick));
}

type Notes = typeof GAUNTLET_NOTES.schemas;

/** Notes of this name in the round (from one node, if given), with their data typed (notes.ts). */
export function notesIn<K extends keyof Notes & string>(run: RunRecord, round: Round, name: K, node?: string): { tick: number; i: number; node: string; data: Static<Notes[K]> }[] {
  const w = windowOf(run, round);
  const out: { tick: number; i: number; node: string; data: Static<Notes[K]> }[] = [];
  for (const e of run.trace) {
    const data = GAUNTLET_NOTES.read(e, name);
    if (data && e.kind === "note" && (node === undefined || e.node === node) && inside(w, e.tick)) out.push({ tick: e.tick, i: e.i, node: e.node, data });
  }
  return out;
}

/** Sends of this message type in the round (from one node, if given). */
export function sendsIn(run: RunRecord, round: Round, type: string, node?: string): TraceOf<"send">[] {
  const w = windowOf(run, round);
  return run.trace.filter((e): e is TraceOf<"send"> => e.kind === "send" && e.type === type && (node === undefined || e.node === node) && inside(w, e.tick));
}

export const pass = (detail: string) => ({ met: true, detail });
export const fail = (detail: string, evidence?: number[]) => (evidence ? { met: false, detail, evidence } : { met: false, detail });
