// Majority-kv (l12, "Survive a Partition"): a box office's headline figures (epoch, token, lease,
// quorum, seat map) and the ledger's. What its cards offer comes from the protocol's action
// declarations (shared/sim/legal-actions.ts).
import type { Highlight } from "./play-bindings.js";
import type { BindingContext } from "./play-highlights.js";
import { seconds } from "./play-format.js";

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
