/**
 * What a card shows above its buttons: the facts a node needs to decide (who holds a sale, what
 * a vote request asks against your own promise, whose seat map is newer). Pure functions of the
 * node's own state and context: the same words in the client, the tests and the bots' captions.
 */
import type { HeldMessage } from "../../sim/action-params.js";
import type { NodeContext } from "../../sim/protocol.js";
import { seatOf } from "./log.js";
import type { MkvState } from "./state.js";

export interface CardGroup {
  id: string;
  title: string;
  lines: string[];
}

/** Game-seconds, as the screens show them (10 ticks a second). */
const seconds = (ticks: number): string => `${(Math.max(0, ticks) / 10).toFixed(1)} s`;
const num = (v: unknown): number => (typeof v === "number" ? v : 0);
const replicas = (ctx: Pick<NodeContext, "role" | "nodes">): number => ctx.nodes.filter((n) => n.role === ctx.role).length;

/** How many of your role (you included) you know hold your seat map up to `length`. */
export function holdersOf(s: MkvState, length: number, ctx: Pick<NodeContext, "self" | "role" | "nodes">): number {
  return 1 + ctx.nodes.filter((n) => n.role === ctx.role && n.id !== ctx.self && (s.match[n.id] ?? 0) >= length).length;
}

/** A reservation: its seat in your copy, how many hold it, whether it is paid, whether queued. */
export function saleGroup(s: MkvState, resId: string, ctx: NodeContext): CardGroup {
  const seat = seatOf(s.log, resId);
  const lines: string[] = [];
  if (seat === 0) lines.push("Not in your seat map.");
  else {
    const leader = s.status === "leader";
    const held = leader ? `, held by ${holdersOf(s, seat, ctx)} of ${replicas(ctx)} in your epoch` : "";
    const paid = leader ? (s.paid.includes(resId) ? " · paid ✓" : " · not paid yet") : "";
    lines.push(`Seat #${seat} in your copy${held}${paid}.`);
  }
  if (s.reservations.some((r) => r.resId === resId && r.queued)) lines.push('Buyer told "reservation pending" (queued on disk).');
  return { id: `res:${resId}`, title: "", lines };
}

/** A (pre-)vote request: what it asks, your own epoch and vote, and when you last heard a leader. */
export function voteGroup(s: MkvState, msg: HeldMessage, ctx: NodeContext): CardGroup {
  const p = (msg.payload ?? {}) as Record<string, unknown>;
  const heard = s.heardLeaderUptimeTicks;
  return {
    id: `vote:${msg.msgId}`,
    title: "",
    lines: [
      `${msg.from} asks for epoch ${num(p.epoch)}${msg.type === "prevote" ? ` (its seat map: ${num(p.length)} seats, epoch ${num(p.logEpoch)})` : ""}.`,
      `You: epoch ${s.epoch}, voted in epoch ${s.votedEpoch}${s.votedFor ? ` for ${s.votedFor}` : ""}, ${s.log.length} seats.`,
      s.leaderId ? `Your leader ${s.leaderId}: last heard ${heard === null ? "never" : `${seconds(ctx.uptimeTicks - heard)} ago`}.` : "You follow no leader.",
    ],
  };
}

/** A leader's replication round against your own copy. */
export function replicaGroup(s: MkvState, msg: HeldMessage): CardGroup {
  const p = (msg.payload ?? {}) as Record<string, unknown>;
  const seats = Array.isArray(p.log) ? p.log.length : 0;
  return {
    id: `rep:${msg.msgId}`,
    title: "",
    lines: [`${msg.from}'s seat map: epoch ${num(p.epoch)}, ${seats} seats, ${num(p.commitLength)} confirmed · yours: epoch ${s.epoch}, ${s.log.length} seats.`],
  };
}

/** A charge at the ledger: its token against the highest token seen. */
export function chargeGroup(s: MkvState, msg: HeldMessage): CardGroup {
  const p = (msg.payload ?? {}) as Record<string, unknown>;
  return {
    id: `charge:${msg.msgId}`,
    title: "",
    lines: [`Token ${num(p.token)} for ${String(p.resId ?? "?")} (seat #${num(p.seat)}) · highest token you have seen: ${s.highestToken}.`],
  };
}
