/**
 * Lamport goal: the archivist published the round's history and it lists every event stamped
 * in that round (an event never reported is a hole in the history: the core goal fails).
 */
import type { GoalCheck } from "../../../sim/check.js";
import { LAMPORT_NOTES } from "../notes.js";
import { archiveOf } from "./archive.js";
import { checkParams, paramInteger, paramsOf } from "../../../checks/check-params.js";

const PARAMS = checkParams({ round: paramInteger(2, "The round whose history must be published.", { minimum: 1 }) });

export const lamportHistoryPublished: GoalCheck = {
  id: "lamport/history-published",
  title: "The archivist publishes a complete history",
  params: PARAMS,
  evaluate(run, params) {
    const { round } = paramsOf(PARAMS, params);
    const archive = run.trace.find((e) => archiveOf(e)?.round === round);
    const published = archive ? archiveOf(archive) : null;
    if (!archive || !published) return { met: false, detail: `no history of round ${round} was published` };
    const listed = new Set(published.order);
    const unlisted = (e: Parameters<typeof archiveOf>[0]): boolean => {
      const stamp = LAMPORT_NOTES.read(e, "stamp");
      return stamp !== null && stamp.round === round && e.i < archive.i && !listed.has(stamp.eventId);
    };
    const missing = run.trace.filter(unlisted);
    const first = missing[0];
    if (!first) return { met: true, detail: `round ${round} history lists all ${listed.size} events` };
    return {
      met: false,
      detail: `${missing.length} events of round ${round} are missing from the history (first: ${LAMPORT_NOTES.read(first, "stamp")!.eventId}, never reported?)`,
      evidence: [first.i, archive.i],
    };
  },
};
