/**
 * Round 3's score: +perFast for each product read answered within the SLA, minus perStale for
 * each stale read (older than a write acknowledged before it began: the kit's staleReads) and
 * perStaleCheckout for a stale checkout read. Met at or above the target.
 */
import { checkParams, paramInteger, paramsOf, paramTicks } from "../../../checks/check-params.js";
import { staleReads } from "../../../checks/history/stale-reads.js";
import type { GoalCheck, RunRecord } from "../../../sim/check.js";
import { productOps } from "./ops.js";
import { WINDOW } from "./windows.js";

const PARAMS = checkParams({
  ...WINDOW,
  withinTicks: paramTicks(20, "The SLA a read must meet to score."),
  perFast: paramInteger(1, "Points for a read answered within the SLA."),
  perStale: paramInteger(3, "Points lost for a stale read."),
  perStaleCheckout: paramInteger(15, "Points lost for a stale checkout read (instead of perStale)."),
  target: paramInteger(0, "The score the goal asks for.", { minimum: -10_000 }),
});

export interface PacelcTally {
  reads: number;
  fast: number;
  stale: number;
  staleCheckout: number;
  score: number;
  /** Trace indices of the stale reads' answers. */
  staleEvidence: number[];
}

export function pacelcTally(run: Pick<RunRecord, "trace">, params: Readonly<Record<string, unknown>>): PacelcTally {
  const p = paramsOf(PARAMS, params);
  const { ops, reads } = productOps(run.trace, p.fromTick, p.toTick);
  const checked = staleReads(ops);
  const staleIds = new Set(checked.verdict === "checked" ? checked.stale.map((s) => s.read.id) : []);
  const checkoutIds = new Set(reads.filter((r) => r.checkout).map((r) => r.op.id));
  const fast = reads.filter((r) => r.latencyTicks !== null && r.latencyTicks <= p.withinTicks).length;
  const staleCheckout = [...staleIds].filter((id) => checkoutIds.has(id)).length;
  const stale = staleIds.size - staleCheckout;
  const staleEvidence = reads.filter((r) => staleIds.has(r.op.id)).map((r) => r.op.events![r.op.events!.length - 1]!);
  return { reads: reads.length, fast, stale, staleCheckout, score: fast * p.perFast - stale * p.perStale - staleCheckout * p.perStaleCheckout, staleEvidence };
}

export const pacelcScore: GoalCheck = {
  id: "two-replicas/pacelc-score",
  title: "Round 3 score: fast reads, few stale ones",
  params: PARAMS,
  evaluate(run, params) {
    const { target } = paramsOf(PARAMS, params);
    const t = pacelcTally(run, params);
    const detail = `${t.fast} of ${t.reads} reads within the SLA, ${t.stale} stale product-page reads, ${t.staleCheckout} stale checkout reads: ${t.score} points; the target is ${target}`;
    return { met: t.score >= target, detail, ...(t.staleEvidence.length > 0 ? { evidence: t.staleEvidence.slice(0, 6) } : {}) };
  },
};
