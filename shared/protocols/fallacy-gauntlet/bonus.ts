/**
 * The bonus question, the meta-fallacy: "how many orders does the cluster hold right now?" S
 * knows only Payments' last count report, which was already old when it arrived, while other
 * shops keep ordering. True answers: "unknown", or the count with how stale it is ("at least N,
 * as of 6 s ago": orders are never removed, so that bound holds). A bare number claims a view no
 * node has.
 */
import type { ChoiceOption } from "../../sim/action-params.js";
import { at, messageOf, note, peerWithRole, requestOf, respond, send, step, timerAt, timerOf, type BackendHandler, type ServiceHandler } from "./common.js";
import type { GauntletState } from "./state.js";

export type AnswerKind = "unknown" | "bound" | "exact";
/** When the bots answer, after the bonus card (ticks); Payments reports every 3 s from 2 s. */
export const BOT_ANSWER_AT = 120;
const REPORT_FROM = 20;
const REPORT_EVERY_TICKS = 30;

export interface AnswerNote {
  kind: AnswerKind;
  orders: number | null;
  /** How old the count was when S answered (ticks since its report arrived). */
  ageTicks: number | null;
}

/**
 * The answers S can give now, from what it knows. The count's age is on the node panel (a
 * button's words change only with the count, so they never go stale on screen).
 */
export function answerOptions(state: GauntletState): ChoiceOption[] {
  const out: ChoiceOption[] = [{ value: "unknown", label: "Unknown: no node sees the whole cluster now" }];
  const r = state.countReport;
  if (r) {
    out.push({ value: "bound", label: `At least ${r.orders}, as of Payments' last report` });
    out.push({ value: "exact", label: `Exactly ${r.orders}, right now` });
  }
  return out;
}

/** S gives its answer (once). */
export function giveAnswer(state: GauntletState, kind: AnswerKind, uptimeTicks: number) {
  const r = state.countReport;
  const data: AnswerNote = kind === "unknown" || !r ? { kind: "unknown", orders: null, ageTicks: null } : { kind, orders: r.orders, ageTicks: uptimeTicks - r.atUptime };
  return step({ ...state, answer: kind }, [note("answer", data)]);
}

/** S records Payments' count report, stamped with its own uptime when it arrived. */
export const bonusService: ServiceHandler = (state, event, ctx) => {
  const report = messageOf<{ orders: number }>(event, "count");
  if (!report) return null;
  return step({ ...state, countReport: { orders: report.payload.orders, atUptime: ctx.uptimeTicks } });
};

/**
 * What a bot adds after S handled an event: it answers BOT_ANSWER_AT into the bonus, with its
 * habit (a careful one: the staleness bound). The timer is armed by the events of round 8 and
 * the bonus, never at boot, so a seat a player takes over carries none of the bot's plans.
 */
export function botAnswer(kind: AnswerKind): ServiceHandler {
  return (state, event, ctx) => {
    // Armed from round 8's events on: every report of the bonus may be lost.
    if (state.answer !== null || event.kind === "boot" || ctx.wallTicks < at(ctx, "homogeneous", 0)) return null;
    const answerAt = at(ctx, "bonus", BOT_ANSWER_AT);
    if (ctx.wallTicks < answerAt) return step(state, [timerAt(ctx, "answer", answerAt)]);
    return giveAnswer(state, state.countReport ? kind : "unknown", ctx.uptimeTicks);
  };
}

/** Payments takes other shops' orders and reports its count to S every 3 s during the bonus. */
export const bonusPayments: BackendHandler = (state, event, ctx) => {
  if (event.kind === "boot") return step(state, [timerAt(ctx, "count", at(ctx, "bonus", REPORT_FROM))]);
  const order = requestOf(event, "shop");
  if (order) return step({ ...state, charged: [...state.charged, order.id] }, [note("charge", { order: order.id, key: null }), respond(order.id, true, "ok")]);
  if (timerOf(event, "count") === null) return null;
  return step(state, [send(peerWithRole(ctx, "service"), "count", { orders: state.charged.length }), { kind: "set-timer", name: "count", delayTicks: REPORT_EVERY_TICKS }]);
};
