/**
 * Every reservation told "pending" is answered within withinTicks of healing, and applied once:
 * charged at most once at the ledger, and holding at most one seat in every final replica.
 */
import type { GoalCheck } from "../../../sim/check.js";
import { checkParams, paramsOf, paramTicks } from "../../../checks/check-params.js";
import { MKV_NOTES } from "../notes.js";

const PARAMS = checkParams({
  healTick: paramTicks(0, "When the network heals."),
  withinTicks: paramTicks(300, "How soon after healing every queued reservation must be answered."),
});

export const queueResolved: GoalCheck = {
  id: "majority-kv/queue-resolved",
  title: "Every queued reservation resolved after healing, once",
  params: PARAMS,
  evaluate(run, params) {
    const { healTick, withinTicks } = paramsOf(PARAMS, params);
    const deadline = healTick + withinTicks;
    const queuedAt = new Map<string, number>();
    const answered = new Map<string, { tick: number; i: number }>();
    const applied = new Map<string, number[]>();
    for (const e of run.trace) {
      const queued = MKV_NOTES.read(e, "queued");
      if (queued) queuedAt.set(queued.resId, e.i);
      if (e.kind === "response" && !answered.has(e.requestId)) answered.set(e.requestId, { tick: e.tick, i: e.i });
      const charge = MKV_NOTES.read(e, "charge-applied");
      if (charge) {
        const { resId } = charge;
        applied.set(resId, [...(applied.get(resId) ?? []), e.i]);
      }
    }
    for (const [resId, i] of queuedAt) {
      const answer = answered.get(resId);
      if (!answer) return { met: false, detail: `reservation ${resId} was queued and never answered`, evidence: [i] };
      if (answer.tick > deadline) return { met: false, detail: `reservation ${resId} was answered at tick ${answer.tick}, after tick ${deadline}`, evidence: [i, answer.i] };
      const charges = applied.get(resId) ?? [];
      if (charges.length > 1) return { met: false, detail: `reservation ${resId} was charged ${charges.length} times`, evidence: charges };
    }
    for (const [node, state] of Object.entries(run.finalStates)) {
      const log = Array.isArray(state.log) ? (state.log as { resId: string }[]).map((s) => s.resId) : [];
      const twice = log.find((resId, index) => log.indexOf(resId) !== index);
      if (twice) return { met: false, detail: `${node}'s seat map gives ${twice} two seats` };
    }
    return { met: true, detail: `${queuedAt.size} queued reservations, all answered by tick ${deadline} and applied once` };
  },
};
