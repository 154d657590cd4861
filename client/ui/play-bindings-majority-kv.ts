// Majority-kv (l12, "Survive a Partition"): what a box office's cards offer. A buyer's
// reservation: sell it (leader), forward it to your leader, acknowledge the sale, charge the
// ledger with your token, queue it ("reservation pending") or refuse it. A seat-map read: serve
// your copy, labelled with its age. Cluster cards: grant or deny a (pre-)vote, accept a
// replication round; the ledger accepts a charge or refuses a stale token. Timers offer what
// they are for. The facts on a card are your node's own; whether a move is legal is the server's
// call (Guided mode refuses it with the rule).
import type { InboxEvent } from "../net/snapshot.js";
import type { Binding, BindingContext, GlobalRule, Highlight } from "./play-bindings.js";
import { seconds } from "./play-format.js";

export const MKV_COVERED: readonly string[] = [
  "forward", "queue", "refuse", "serveStale", "sell", "charge", "ackSale", "replicate", "requestLease",
  "probeElection", "startElection", "vote", "acceptReplica", "catchUp", "acceptCharge", "rejectStaleToken",
];

export const MKV_GLOBALS: readonly GlobalRule[] = [
  { action: "replicate", label: "Replicate", key: "h", params: () => ({}) },
  { action: "requestLease", label: "Request lease", key: "l", params: () => ({}) },
  { action: "probeElection", label: "Probe (pre-vote)", key: "p", params: () => ({}) },
  { action: "startElection", label: "Start election", key: "e", params: () => ({}) },
  { action: "catchUp", label: "Catch up / replay queue", key: "c", params: () => ({}) },
];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const num = (v: unknown): number => (typeof v === "number" ? v : 0);
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** The peers of the level: you and the other box offices (the ledger is not one). */
const members = (ctx: BindingContext): number => ctx.peers.length + 1;
const majority = (n: number): number => Math.floor(n / 2) + 1;

/** Seat number of a reservation in your copy of the seat map (0: not in it). */
export function seatIn(state: Obj, resId: string): number {
  return objs(state.log).findIndex((s) => s.resId === resId) + 1;
}

/** How many peers (you included) your node knows hold the seat map up to this length. */
export function holders(state: Obj, length: number, ctx: BindingContext): number {
  const match = isObj(state.match) ? state.match : {};
  return 1 + ctx.peers.filter((p) => num(match[p]) >= length).length;
}

const leaseLeft = (state: Obj, ctx: BindingContext): number => (state.status === "leader" ? num(state.leaseUntilUptimeTicks) - ctx.uptimeTicks : 0);

function saleFacts(state: Obj, resId: string, ctx: BindingContext): string[] {
  const seat = seatIn(state, resId);
  const waiting = objs(state.reservations).find((r) => r.resId === resId);
  const lines: string[] = [];
  if (seat === 0) lines.push("Not in your seat map.");
  else {
    const leader = state.status === "leader";
    const held = leader ? `, held by ${holders(state, seat, ctx)} of ${members(ctx)} in your epoch` : "";
    const paid = leader ? (strs(state.paid).includes(resId) ? " · paid ✓" : " · not paid yet") : "";
    lines.push(`Seat #${seat} in your copy${held}${paid}.`);
  }
  if (waiting?.queued === true) lines.push('Buyer told "reservation pending" (queued on disk).');
  return lines;
}

/** Everything a reservation can get, from its request card or a forwarded `reserve` card. */
function reservationBindings(resId: string, state: Obj, ctx: BindingContext, ownBuyer: boolean): Binding[] {
  const leader = state.status === "leader";
  const n = members(ctx);
  const group = { id: `res:${resId}`, title: "", lines: saleFacts(state, resId, ctx) };
  const out: Binding[] = [];
  if (leader) out.push({ action: "sell", params: { resId }, label: "Sell: append a seat", key: "s", group });
  const leaderId = str(state.leaderId);
  if (ownBuyer && leaderId && leaderId !== ctx.self) out.push({ action: "forward", params: { resId }, label: `Forward to ${leaderId}`, key: "f", group });
  out.push({ action: "ackSale", params: { resId }, label: ctx.guided ? `Acknowledge sale (needs ${majority(n)} of ${n} + paid)` : "Acknowledge sale", key: "y", group });
  if (seatIn(state, resId) > 0) out.push({ action: "charge", params: { resId }, label: `Charge ledger (token ${num(state.epoch)})`, key: "t", group });
  if (ownBuyer) {
    out.push({ action: "queue", params: { resId }, label: "Queue (pending)", key: "q", group });
    out.push({ action: "refuse", params: { resId }, label: "Refuse (try later)", key: "r", group });
  }
  return out;
}

/** A seat-map read is answered from your copy: fresh only from the leader holding a lease. */
function mapBinding(requestId: string, state: Obj, ctx: BindingContext): Binding {
  const fresh = leaseLeft(state, ctx) > 0;
  const heard = typeof state.heardLeaderUptimeTicks === "number" ? state.heardLeaderUptimeTicks : null;
  const age = heard === null ? ctx.uptimeTicks : ctx.uptimeTicks - heard;
  const label = fresh ? "Serve map (fresh: you hold the lease)" : `Serve stale map (${seconds(Math.max(0, age))} old)`;
  return { action: "serveStale", params: { requestId }, label, key: "m" };
}

function voteFacts(event: Extract<InboxEvent, { kind: "message" }>, state: Obj, ctx: BindingContext): string[] {
  const p = isObj(event.payload) ? event.payload : {};
  const heard = typeof state.heardLeaderUptimeTicks === "number" ? state.heardLeaderUptimeTicks : null;
  const votedFor = str(state.votedFor);
  return [
    `${event.from} asks for epoch ${num(p.epoch)}${event.type === "prevote" ? ` (its seat map: ${num(p.length)} seats, epoch ${num(p.logEpoch)})` : ""}.`,
    `You: epoch ${num(state.epoch)}, voted in epoch ${num(state.votedEpoch)}${votedFor ? ` for ${votedFor}` : ""}, ${objs(state.log).length} seats.`,
    state.leaderId ? `Your leader ${str(state.leaderId)}: last heard ${heard === null ? "never" : `${seconds(ctx.uptimeTicks - heard)} ago`}.` : "You follow no leader.",
  ];
}

function onMessage(event: Extract<InboxEvent, { kind: "message" }>, state: Obj, ctx: BindingContext): Binding[] {
  const p = isObj(event.payload) ? event.payload : {};
  const msgId = event.msgId;
  switch (event.type) {
    case "prevote":
    case "vote-request": {
      const what = event.type === "prevote" ? "pre-vote" : "vote";
      const group = { id: `vote:${msgId}`, title: "", lines: voteFacts(event, state, ctx) };
      return [
        { action: "vote", params: { msgId, grant: true }, label: `Grant ${what}`, key: "g", group },
        { action: "vote", params: { msgId, grant: false }, label: `Deny ${what}`, key: "d", group },
      ];
    }
    case "replicate": {
      const lines = [`${event.from}'s seat map: epoch ${num(p.epoch)}, ${objs(p.log).length} seats, ${num(p.commitLength)} confirmed · yours: epoch ${num(state.epoch)}, ${objs(state.log).length} seats.`];
      return [{ action: "acceptReplica", params: { msgId }, label: "Accept & confirm", key: "a", group: { id: `rep:${msgId}`, title: "", lines } }];
    }
    case "reserve":
      return typeof p.resId === "string" ? reservationBindings(p.resId, state, ctx, false) : [];
    case "charge": {
      const lines = [`Token ${num(p.token)} for ${str(p.resId)} (seat #${num(p.seat)}) · highest token you have seen: ${num(state.highestToken)}.`];
      const group = { id: `charge:${msgId}`, title: "", lines };
      return [
        { action: "acceptCharge", params: { msgId }, label: "Apply charge", key: "a", group },
        { action: "rejectStaleToken", params: { msgId }, label: "Refuse stale token", key: "x", group },
      ];
    }
    default:
      return [];
  }
}

function onTimer(name: string): Binding[] {
  if (name === "election") {
    return [
      { action: "probeElection", params: {}, label: "Probe (pre-vote)", key: "p" },
      { action: "startElection", params: {}, label: "Start election", key: "e" },
    ];
  }
  if (name === "heartbeat") {
    return [
      { action: "replicate", params: {}, label: "Replicate", key: "h" },
      { action: "requestLease", params: {}, label: "Request lease", key: "l" },
    ];
  }
  if (name === "retry") return [{ action: "catchUp", params: {}, label: "Catch up / replay queue", key: "c" }];
  return [];
}

export function mkvCard(event: InboxEvent, state: Obj, ctx: BindingContext): Binding[] {
  if (event.kind === "message") return onMessage(event, state, ctx);
  if (event.kind === "timer") return onTimer(event.name);
  if (strs(state.reads).includes(event.requestId)) return [mapBinding(event.requestId, state, ctx)];
  return reservationBindings(event.requestId, state, ctx, true);
}

/** Epoch, token, lease, quorum meter (or, on the ledger, the highest token): what this level turns on. */
export function mkvHighlights(state: Obj, ctx: BindingContext): Highlight[] {
  if (ctx.role === "ledger") {
    return [
      { id: "highest", label: "Highest token", value: String(num(state.highestToken)), hint: "refuse any charge with a lower token" },
      { id: "charges", label: "Charges applied", value: String(objs(state.charges).length) },
    ];
  }
  const status = str(state.status) || "follower";
  const leader = status === "leader";
  const epoch = num(state.epoch);
  const log = objs(state.log);
  const out: Highlight[] = [
    { id: "epoch", label: "Epoch", value: String(epoch), hint: `${status}${!leader && state.leaderId ? ` of ${str(state.leaderId)}` : ""}; voted in epoch ${num(state.votedEpoch)}${state.votedFor ? ` for ${str(state.votedFor)}` : ""}` },
  ];
  const retry = objs(state.outbox);
  const retryHint = retry.length > 0 ? `retry queue: ${retry.length} charge${retry.length === 1 ? "" : "s"}, token ${[...new Set(retry.map((c) => num(c.token)))].join(", ")}` : "no charge waiting for the ledger";
  out.push({ id: "token", label: "Token", value: leader ? String(epoch) : "—", hint: leader ? `your fencing token (your epoch) · ${retryHint}` : `only a leader charges · ${retryHint}` });
  if (leader) {
    const left = leaseLeft(state, ctx);
    out.push({
      id: "lease",
      label: "Lease",
      value: left > 0 ? `${seconds(left)} left` : "none",
      hint: "on your own monotonic clock (uptime)",
      meter: Math.max(0, Math.min(1, left / 20)),
      tone: left > 5 ? "ok" : left > 0 ? "warn" : "bad",
    });
    if (log.length > 0) {
      const n = members(ctx);
      const have = holders(state, log.length, ctx);
      const last = str(log[log.length - 1]!.resId);
      out.push({
        id: "quorum",
        label: "Quorum",
        value: `${have} of ${n}`,
        hint: `hold seat #${log.length} (${last}) in your epoch · need ${majority(n)} · ${strs(state.paid).includes(last) ? "paid ✓" : "not paid yet"}`,
        meter: have / n,
        tone: have >= majority(n) ? "ok" : "warn",
      });
    }
  } else {
    const heard = typeof state.heardLeaderUptimeTicks === "number" ? state.heardLeaderUptimeTicks : null;
    out.push({ id: "leader", label: "Leader heard", value: heard === null ? "never" : `${seconds(ctx.uptimeTicks - heard)} ago`, hint: state.leaderId ? `from ${str(state.leaderId)}` : "you follow no leader" });
  }
  const waiting = objs(state.reservations);
  out.push({
    id: "seats",
    label: "Seat map",
    value: `${num(state.commitLength)} / ${log.length}`,
    hint: `confirmed / in your copy · ${waiting.length} buyer${waiting.length === 1 ? "" : "s"} waiting, ${waiting.filter((r) => r.queued === true).length} queued`,
  });
  return out;
}
