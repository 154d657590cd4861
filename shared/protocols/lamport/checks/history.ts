/**
 * Lamport goal: the archivist published the round's history and it lists every event stamped
 * in that round (an event never reported is a hole in the history: the core goal fails).
 */
import type { GoalCheck } from "../../../sim/check.js";
import { isArchiveNote } from "./archive.js";
import { STAMP_NOTE } from "./events.js";
import { checkParams, paramInteger, paramsOf } from "../../../checks/check-params.js";

const PARAMS = checkParams({ round: paramInteger(2, "The round whose history must be published.", { minimum: 1 }) });

export const lamportHistoryPublished: GoalCheck = {
  id: "lamport/history-published",
  title: "The archivist publishes a complete history",
  params: PARAMS,
  evaluate(run, params) {
    const { round } = paramsOf(PARAMS, params);
    const archive = run.trace.find((e) => isArchiveNote(e) && e.data.round === round);
    if (!archive || archive.kind !== "note") return { met: false, detail: `no history of round ${round} was published` };
    const listed = new Set((archive.data.order as unknown[]).map(String));
    const missing = run.trace.filter(
      (e) => e.kind === "note" && e.name === STAMP_NOTE && e.data.round === round && e.i < archive.i && !listed.has(String(e.data.eventId)),
    );
    const first = missing[0];
    if (!first) return { met: true, detail: `round ${round} history lists all ${listed.size} events` };
    return {
      met: false,
      detail: `${missing.length} events of round ${round} are missing from the history (first: ${String(first.kind === "note" ? first.data.eventId : "")}, never reported?)`,
      evidence: [first.i, archive.i],
    };
  },
};
