/**
 * Two-replicas' screen (shared/sim/screen.ts): the round's business card, the peer strip ("last
 * heard from A"), what your copy holds for the round's dataset, and the requests waiting on the
 * peer. Pure functions of the node's own view.
 */
import type { NodeContext } from "../../sim/protocol.js";
import type { FieldGroup, Highlight, ProtocolScreen } from "../../sim/screen.js";
import { seconds } from "../../sim/screen-text.js";
import { itemOf, visibleCart } from "./data.js";
import { opts } from "./options.js";
import { peerOf, PRIMARY, silentForTicks } from "./replica.js";
import { cardNow } from "./rounds.js";
import { requestOf, type ReplicaState } from "./state.js";

function peerStrip(ctx: NodeContext): Highlight {
  const silent = silentForTicks(ctx);
  const quiet = silent === null || silent > opts(ctx).silentAfterTicks;
  const peer = peerOf(ctx).id;
  return {
    id: "peer",
    label: `Last heard from ${peer}`,
    value: silent === null ? "never" : `${seconds(silent)} ago`,
    hint: quiet ? `${peer} usually speaks every ${seconds(opts(ctx).syncEveryTicks)}: dead or cut off? You cannot tell.` : `${peer} sends its copy every ${seconds(opts(ctx).syncEveryTicks)}`,
    tone: quiet ? "bad" : "ok",
  };
}

function datasetFigure(s: ReplicaState, ctx: NodeContext, round: number): Highlight {
  if (round === 1) {
    const left = Math.max(0, opts(ctx).tickets - s.sold);
    const whose = ctx.role === PRIMARY ? "the real count" : "your copy of A's count";
    return { id: "tickets", label: "Tickets left", value: `${left} of ${opts(ctx).tickets}`, hint: whose, meter: left / opts(ctx).tickets, tone: left === 0 ? "warn" : "ok" };
  }
  if (round === 2) {
    const items = visibleCart(s).length;
    return { id: "cart", label: "Cart items (your copy)", value: String(items), hint: s.ramCart.length > 0 ? `${s.ramCart.length} only in RAM` : "all on disk", tone: s.ramCart.length > 0 ? "bad" : "ok" };
  }
  const whose = ctx.role === PRIMARY ? "the latest: updates arrive here" : "your copy: as old as A's last sync to reach you";
  return { id: "stock", label: "Stock", value: String(s.stock.value), hint: `update #${s.stock.version}; ${whose}` };
}

function highlights(s: ReplicaState, ctx: NodeContext): Highlight[] {
  const card = cardNow(ctx);
  const business: Highlight = { id: "card", label: `Round ${card.round}: ${card.title}`, value: card.demand, hint: card.lines.join(" ") };
  const waiting: Highlight = { id: "waiting", label: `Waiting on ${peerOf(ctx).id}`, value: String(s.forwards.length), hint: "forwarded requests; 504 after 4 s without an answer", tone: s.forwards.length > 0 ? "warn" : "ok" };
  return [business, peerStrip(ctx), datasetFigure(s, ctx, card.round), waiting];
}

function fields(s: ReplicaState, ctx: NodeContext): FieldGroup[] {
  const peer = peerOf(ctx).id;
  return [
    {
      title: "Your copy (disk)",
      fields: [
        { label: "Tickets sold", value: `${s.sold}${ctx.role === PRIMARY ? "" : ` (as ${peer} last told you)`}`, durable: true },
        { label: "Cart", value: visibleCart({ ...s, ramCart: [] }).map((e) => e.item).join(", ") || "empty", durable: true },
        { label: "Stock", value: `${s.stock.value} (update #${s.stock.version})`, durable: true },
      ],
    },
    {
      title: "RAM",
      fields: [
        { label: `Forwarded, waiting on ${peer}`, value: s.forwards.map((f) => f.requestId).join(", ") || "none", durable: false },
        { label: "Cart adds not on disk", value: s.ramCart.map((e) => e.item).join(", ") || "none", durable: false },
      ],
    },
  ];
}

function requestText(payload: Readonly<Record<string, unknown>>): string {
  const r = requestOf(payload);
  if (!r) return "an unknown request";
  switch (r.op) {
    case "buy":
      return "buy a ticket";
    case "left":
      return "tell how many tickets are left";
    case "add":
      return `add ${itemOf(r)} to the cart`;
    case "remove":
      return `remove ${itemOf(r)} from the cart`;
    case "view":
      return "show the cart";
    case "set":
      return "update the stock";
    case "read":
      return r.checkout ? "read the stock at checkout (must be fresh)" : "read the stock for a product page";
  }
}

export const REPLICA_SCREEN: ProtocolScreen<ReplicaState> = {
  chips: (_s, ctx) => [{ kind: "role", text: ctx.role === PRIMARY ? "replica A" : "replica B", title: ctx.role === PRIMARY ? "A: sells the tickets and takes the stock updates" : "B: holds a copy of A's tickets and stock" }],
  highlights,
  fields,
  requestText,
};
