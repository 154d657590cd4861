/**
 * Every committed user is emailed within withinTicks of the commit, the time of scheduled
 * outages (crashes in the level's faults: the provider's, your own) excluded. A user committed
 * too close to the end to be judged is not.
 */
import type { GoalCheck } from "../../../sim/check.js";
import type { Level } from "../../../level/level.js";
import { seconds } from "../../../sim/screen-text.js";
import { userTimes } from "./events.js";
import { checkParams, paramsOf, paramTicks } from "../../../checks/check-params.js";

const PARAMS = checkParams({ withinTicks: paramTicks(300, "How soon after signing up each user must get their welcome email.") });

type Span = readonly [number, number];

/** The scheduled outages: every crash fault that recovers, as [start, end) in ticks. */
export function outages(level: Pick<Level, "faults">): Span[] {
  return level.faults.flatMap((f): Span[] => (f.kind === "crash" ? [[f.atTick, f.recoverAtTick ?? Number.POSITIVE_INFINITY]] : []));
}

/** How long [from, to) overlaps the outages. */
export function outageOverlap(spans: readonly Span[], from: number, to: number): number {
  return spans.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(to, b) - Math.max(from, a)), 0);
}

/** The tick by which a user committed at `commitTick` must be emailed: withinTicks plus every outage it meets. */
export function deadlineOf(spans: readonly Span[], commitTick: number, withinTicks: number): number {
  let deadline = commitTick + withinTicks;
  // Each outage inside the allowance extends it; repeat until no further outage is reached.
  for (let extended = -1; extended !== deadline; ) {
    extended = deadline;
    deadline = commitTick + withinTicks + outageOverlap(spans, commitTick, deadline);
  }
  return deadline;
}

export const emailLatency: GoalCheck = {
  id: "welcome-email/email-latency",
  title: "Every committed user emailed in time, outages excluded",
  params: PARAMS,
  evaluate(run, params) {
    const { withinTicks } = paramsOf(PARAMS, params);
    const spans = outages(run.level);
    let judged = 0;
    for (const [user, t] of userTimes(run.trace)) {
      if (!t.commit) continue;
      const deadline = deadlineOf(spans, t.commit.tick, withinTicks);
      const first = t.emails.find((e) => e.tick >= t.commit!.tick);
      if (deadline > run.endTick && !first) continue;
      judged++;
      if (!first || first.tick > deadline) {
        const what = first ? `only at ${seconds(first.tick - t.commit.tick)} after its commit` : "never";
        return { met: false, detail: `${user} was committed at tick ${t.commit.tick} and emailed ${what}; the goal is ${seconds(withinTicks)} plus outages`, evidence: first ? [t.commit.i, first.i] : [t.commit.i] };
      }
    }
    return { met: true, detail: `${judged} committed users, each emailed within ${seconds(withinTicks)} (plus outages)` };
  },
};
