/**
 * Majority-kv's screen (shared/sim/screen.ts). A box office: its role (leader, follower,
 * candidate) and epoch beside its name; epoch, fencing token, lease on its own clock, quorum
 * meter and seat map as headline figures; its vote, seat map and buyers as fields; the seat map
 * as a log whose ✓ marks the seats a majority confirmed. The ledger: its highest token and the
 * charges it applied. What a card shows is each action's look (card-facts.ts).
 */
import type { NodeContext } from "../../sim/protocol.js";
import { newestRows, stateFields, type FieldGroup, type Highlight, type LogView, type ProtocolScreen } from "../../sim/screen.js";
import { seconds } from "../../sim/screen-text.js";
import { holdersOf } from "./card-facts.js";
import { DURABLE_FIELDS, type MkvState } from "./state.js";

/** The box offices of the level, you included (the ledger is not one). */
const replicas = (ctx: NodeContext): number => ctx.nodes.filter((n) => n.role === ctx.role).length;
const majority = (n: number): number => Math.floor(n / 2) + 1;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
const isLedger = (ctx: NodeContext): boolean => ctx.role === "ledger";

const leaseLeft = (s: MkvState, ctx: NodeContext): number => (s.status === "leader" ? s.leaseUntilUptimeTicks - ctx.uptimeTicks : 0);

/** Epoch, token, lease, quorum meter (or, on the ledger, the highest token): what this level turns on. */
function highlights(s: MkvState, ctx: NodeContext): Highlight[] {
  if (isLedger(ctx)) {
    return [
      { id: "highest", label: "Highest token", value: String(s.highestToken), hint: "refuse any charge with a lower token" },
      { id: "charges", label: "Charges applied", value: String(s.charges.length) },
    ];
  }
  const leader = s.status === "leader";
  const out: Highlight[] = [
    { id: "epoch", label: "Epoch", value: String(s.epoch), hint: `${s.status}${!leader && s.leaderId ? ` of ${s.leaderId}` : ""}; voted in epoch ${s.votedEpoch}${s.votedFor ? ` for ${s.votedFor}` : ""}` },
  ];
  const retry = s.outbox;
  const retryHint = retry.length > 0 ? `retry queue: ${plural(retry.length, "charge")}, token ${[...new Set(retry.map((c) => c.token))].join(", ")}` : "no charge waiting for the ledger";
  out.push({ id: "token", label: "Token", value: leader ? String(s.epoch) : "—", hint: leader ? `your fencing token (your epoch) · ${retryHint}` : `only a leader charges · ${retryHint}` });
  if (leader) {
    const left = leaseLeft(s, ctx);
    out.push({
      id: "lease",
      label: "Lease",
      value: left > 0 ? `${seconds(left)} left` : "none",
      hint: "on your own monotonic clock (uptime)",
      meter: Math.max(0, Math.min(1, left / 20)),
      tone: left > 5 ? "ok" : left > 0 ? "warn" : "bad",
    });
    if (s.log.length > 0) {
      const n = replicas(ctx);
      const have = holdersOf(s, s.log.length, ctx);
      const last = s.log[s.log.length - 1]!.resId;
      out.push({
        id: "quorum",
        label: "Quorum",
        value: `${have} of ${n}`,
        hint: `hold seat #${s.log.length} (${last}) in your epoch · need ${majority(n)} · ${s.paid.includes(last) ? "paid ✓" : "not paid yet"}`,
        meter: have / n,
        tone: have >= majority(n) ? "ok" : "warn",
      });
    }
  } else {
    const heard = s.heardLeaderUptimeTicks;
    out.push({ id: "leader", label: "Leader heard", value: heard === null ? "never" : `${seconds(ctx.uptimeTicks - heard)} ago`, hint: s.leaderId ? `from ${s.leaderId}` : "you follow no leader" });
  }
  out.push({
    id: "seats",
    label: "Seat map",
    value: `${s.commitLength} / ${s.log.length}`,
    hint: `confirmed / in your copy · ${plural(s.reservations.length, "buyer")} waiting, ${s.reservations.filter((r) => r.queued).length} queued`,
  });
  return out;
}

function fields(s: MkvState, ctx: NodeContext): FieldGroup[] {
  if (isLedger(ctx)) return [{ title: "Ledger", fields: stateFields(s, ["highestToken"], DURABLE_FIELDS) }];
  const vote = stateFields(s, ["votedEpoch", "votedFor", "leaderId"], DURABLE_FIELDS, { leaderId: "Leader" });
  if (s.status === "candidate") {
    vote.push({ label: "Pre-votes", value: s.prevotes.join(", ") || "none", durable: false });
    vote.push({ label: "Votes", value: s.votes.map((v) => v.from).join(", ") || "none", durable: false });
  }
  const map = stateFields(s, ["logEpoch", "commitLength"], DURABLE_FIELDS, { logEpoch: "Copied in epoch", commitLength: "Confirmed seats" });
  if (s.status === "leader") {
    map.push({ label: "Held by", value: Object.entries(s.match).map(([peer, length]) => `${peer}: ${length}`).join(" · ") || "nobody yet", durable: false });
    map.push({ label: "Paid", value: s.paid.join(", ") || "none", durable: false });
  }
  const buyers = [
    { label: "Reservations", value: s.reservations.map((r) => `${r.resId}${r.queued ? " (queued)" : ""}`).join(", ") || "none", durable: true },
    { label: "Charge retry queue", value: s.outbox.map((c) => `${c.resId} seat #${c.seat} token ${c.token}`).join(", ") || "empty", durable: true },
  ];
  return [
    { title: "Vote", fields: vote },
    { title: "Seat map", fields: map },
    { title: "Buyers", fields: buyers },
  ];
}

/** Your copy of the seat map: seat n is entry n; ✓ once a majority confirmed it. */
function log(s: MkvState, ctx: NodeContext): LogView | null {
  if (isLedger(ctx)) return null;
  const leader = s.status === "leader";
  const n = replicas(ctx);
  const { rows, earlier } = newestRows(s.log, (sale, index) => {
    const committed = index <= s.commitLength;
    return { index, tag: `e${sale.epoch}`, text: sale.resId, committed, ...(leader && !committed ? { holders: `${holdersOf(s, index, ctx)}/${n}` } : {}) };
  });
  return { title: "Seat map", length: s.log.length, mark: `confirmed ${s.commitLength}`, checked: "confirmed", durable: true, rows, earlier };
}

export const MKV_SCREEN: ProtocolScreen<MkvState> = {
  chips: (s, ctx) =>
    isLedger(ctx)
      ? [{ kind: "role", text: "ledger" }]
      : [
          { kind: "role", text: s.status },
          { kind: "count", text: `epoch ${s.epoch}`, title: "Your epoch (on disk)" },
        ],
  highlights,
  fields,
  log,
};
