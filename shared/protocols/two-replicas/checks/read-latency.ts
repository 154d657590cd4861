/** p95 latency of the product reads of a window: an unanswered read counts as endless. */
import { checkParams, paramInteger, paramsOf, paramTicks } from "../../../checks/check-params.js";
import type { GoalCheck } from "../../../sim/check.js";
import { seconds } from "../../../sim/screen-text.js";
import { productOps } from "./ops.js";
import { percentile, WINDOW } from "./windows.js";

const PARAMS = checkParams({
  ...WINDOW,
  withinTicks: paramTicks(20, "The SLA the percentile must meet."),
  percentile: paramInteger(95, "Which percentile (nearest rank).", { minimum: 1, maximum: 100 }),
});

export function readLatencies(trace: Parameters<typeof productOps>[0], fromTick: number, toTick: number): number[] {
  return productOps(trace, fromTick, toTick).reads.map((r) => r.latencyTicks ?? Number.POSITIVE_INFINITY);
}

export const readLatency: GoalCheck = {
  id: "two-replicas/read-latency",
  title: "Product reads fast enough (percentile)",
  params: PARAMS,
  evaluate(run, params) {
    const { fromTick, toTick, withinTicks, percentile: p } = paramsOf(PARAMS, params);
    const latencies = readLatencies(run.trace, fromTick, toTick);
    const value = percentile(latencies, p);
    const shown = Number.isFinite(value) ? seconds(value) : "never answered";
    return { met: value <= withinTicks, detail: `p${p} of ${latencies.length} reads: ${shown}; the SLA is ${seconds(withinTicks)}` };
  },
};
