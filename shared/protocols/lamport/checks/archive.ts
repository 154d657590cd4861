/**
 * Lamport check: the archivist's published history never puts an effect before its cause.
 * The archive is a total order (by (stamp, node id) when done right); it is causal exactly when
 * it is a linear extension of happened-before. For each archived event b, the latest archive
 * position among the events in b's causal past is one lookup per node (PastMaximum); if that
 * position is after b's, a cause is printed after its effect ("a reaction before its rumor").
 */
import type { TraceEvent } from "../../../sim/trace.js";
import { LAMPORT_NOTES } from "../notes.js";
import type { SafetyCheck } from "../../../sim/check.js";
import { NONE, PastMaximum } from "../../../checks/happened-before.js";
import { describeEvent, LamportTrace, type StampedEvent } from "./events.js";
import { Type } from "@sinclair/typebox";
import { checkParams, paramsOf } from "../../../checks/check-params.js";


export interface Anomaly {
  cause: StampedEvent;
  effect: StampedEvent;
}

/** Every archived event printed before something in its causal past (one anomaly per effect). */
export function archiveAnomalies(lt: LamportTrace, order: readonly unknown[]): Anomaly[] {
  const position = new Map<string, number>();
  order.forEach((id, pos) => {
    if (typeof id === "string" && !position.has(id)) position.set(id, pos);
  });
  const past = new PastMaximum(lt.order);
  for (const e of lt.events) past.push(e.index, position.get(e.eventId) ?? NONE);
  const anomalies: Anomaly[] = [];
  for (const effect of lt.events) {
    const pos = position.get(effect.eventId);
    if (pos === undefined || lt.byEventId(effect.eventId) !== effect) continue;
    const top = past.maxBefore(effect.index);
    if (top && top.value > pos) anomalies.push({ cause: lt.events[top.event]!, effect });
  }
  return anomalies;
}

const PARAMS = checkParams({
  rounds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 32, default: [2], description: "The rounds whose archive is judged." })),
});

/** The archivist's published history, if `event` is one. */
export const archiveOf = (event: TraceEvent) => LAMPORT_NOTES.read(event, "archive");

export const lamportArchive: SafetyCheck = {
  id: "lamport/archive-causal",
  title: "The archive never prints an effect before its cause",
  explain:
    "The official history lists an event before one that happened before it, like a reaction printed before the rumor it reacts to. Sorting by wall-clock time does this whenever clocks are skewed; sorting by (Lamport stamp, node id) never does, because happened-before implies a smaller stamp.",
  params: PARAMS,
  create(params, level) {
    const lt = new LamportTrace(level.nodes.map((n) => n.id));
    const judged = new Set(paramsOf(PARAMS, params).rounds ?? [2]);
    return {
      observe(event) {
        lt.observe(event);
        const archive = archiveOf(event);
        if (archive === null || !judged.has(archive.round)) return null;
        const anomalies = archiveAnomalies(lt, archive.order);
        const first = anomalies[0];
        if (!first) return null;
        return {
          tick: event.tick,
          message: `the round ${archive.round} history prints ${describeEvent(first.effect)} before ${describeEvent(first.cause)}, which happened before it (${anomalies.length} such anomalies)`,
          evidence: [first.cause.i, first.effect.i, event.i],
        };
      },
    };
  },
};
