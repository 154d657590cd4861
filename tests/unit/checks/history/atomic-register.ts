/**
 * Histories from a real atomic register, for property tests: each client issues one operation at
 * a time; each operation takes effect at one tick inside its interval (its linearization point),
 * where the sequential register is applied. A timed-out write takes effect at some tick after its
 * invoke, or never. Such a history is linearizable by construction.
 */
import fc from "fast-check";
import type { Operation, Value } from "../../../../shared/checks/history/operation.js";

export interface PlannedOp {
  session: number;
  write: boolean;
  /** Ticks the client waits after its previous operation. */
  gapTicks: number;
  durationTicks: number;
  /** Where inside [invoke, response] it takes effect, as a share of the duration in 1/16ths. */
  pointSixteenths: number;
  /** Breaks ties between points in the same tick (such operations overlap, so any order is fair). */
  tieBreak: number;
  /** A write whose answer never comes: 0 = answered, 1 = took effect but timed out, 2 = never took effect. */
  lost: 0 | 1 | 2;
}

export function plannedOp(sessions: number, lostWrites: boolean): fc.Arbitrary<PlannedOp> {
  return fc.record({
    session: fc.integer({ min: 0, max: sessions - 1 }),
    write: fc.boolean(),
    gapTicks: fc.integer({ min: 0, max: 6 }),
    durationTicks: fc.integer({ min: 0, max: 12 }),
    pointSixteenths: fc.integer({ min: 0, max: 16 }),
    tieBreak: fc.nat(),
    lost: lostWrites ? fc.constantFrom<0 | 1 | 2>(0, 0, 0, 0, 0, 0, 1, 2) : fc.constant<0 | 1 | 2>(0),
  });
}

export function atomicRegisterHistory(plan: readonly PlannedOp[], initial: Value = null): Operation[] {
  const clock = new Map<number, number>();
  const timed = plan.map((p, index) => {
    const invokeTick = (clock.get(p.session) ?? 0) + p.gapTicks;
    const responseTick = invokeTick + p.durationTicks;
    clock.set(p.session, responseTick + 1);
    const lost = p.write ? p.lost : 0;
    const pointTick = invokeTick + ((p.durationTicks * p.pointSixteenths) >> 4);
    return { p, index, invokeTick, responseTick, lost, pointTick };
  });
  const effective = timed.filter((t) => t.lost !== 2).sort((a, b) => a.pointTick - b.pointTick || a.p.tieBreak - b.p.tieBreak || a.index - b.index);
  const readValue = new Map<number, Value>();
  let value = initial;
  for (const t of effective) {
    if (t.p.write) value = t.index + 1;
    else readValue.set(t.index, value);
  }
  return timed.map((t) => ({
    id: `${t.p.write ? "w" : "r"}${t.index}`,
    session: `c${t.p.session}`,
    kind: t.p.write ? "write" : "read",
    value: t.p.write ? t.index + 1 : readValue.get(t.index)!,
    invokeTick: t.invokeTick,
    responseTick: t.lost === 0 ? t.responseTick : null,
  }));
}
