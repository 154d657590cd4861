/**
 * The two-replicas bots. The by-the-book replica reads the round's business card off each
 * request's dataset: tickets (consistency first) go through A, and B refuses at once while A is
 * silent; the cart (availability first) is answered locally, written to disk before the ack;
 * product reads are answered locally unless marked checkout, which wait for A. Each mistake
 * differs from it in one decision.
 */
import type { BotPolicy, NodeContext, NodeEvent, Step } from "../../sim/protocol.js";
import { background, cutOff, forward, PRIMARY, refuse, serveLocal } from "./replica.js";
import { requestOf, type ReplicaState, type RequestPayload } from "./state.js";

interface Habits {
  /** B's tickets while A is silent: refuse (CP) or sell from its own copy. */
  ticketsCutOff: "refuse" | "local";
  /** Cart writes: on disk before the ack, or acknowledged from RAM. */
  cartAck: "disk" | "ram";
  /** Cart requests while the peer is silent: answer locally (AP) or refuse. */
  cartCutOff: "local" | "refuse";
  /** B's product reads: checkout ones through A, or every one local, or every one through A. */
  productReads: "mix" | "local" | "sync";
}

const CORRECT: Habits = { ticketsCutOff: "refuse", cartAck: "disk", cartCutOff: "local", productReads: "mix" };

function decide(h: Habits, s: ReplicaState, requestId: string, r: RequestPayload, ctx: NodeContext): Step<ReplicaState> {
  const primary = ctx.role === PRIMARY;
  switch (r.data) {
    case "tickets":
      if (primary) return serveLocal(s, requestId, r, ctx);
      if (!cutOff(ctx)) return forward(s, requestId, r, ctx);
      return h.ticketsCutOff === "refuse" ? refuse(s, requestId) : serveLocal(s, requestId, r, ctx);
    case "cart":
      if (h.cartCutOff === "refuse" && cutOff(ctx)) return refuse(s, requestId);
      return serveLocal(s, requestId, r, ctx, h.cartAck === "disk" || r.op !== "add");
    case "product": {
      if (primary || r.op !== "read") return serveLocal(s, requestId, r, ctx);
      const sync = h.productReads === "sync" || (h.productReads === "mix" && r.checkout === true);
      return sync ? forward(s, requestId, r, ctx) : serveLocal(s, requestId, r, ctx);
    }
  }
}

function replicaStep(h: Habits) {
  return (state: ReplicaState, event: NodeEvent, ctx: NodeContext): Step<ReplicaState> => {
    if (event.kind !== "request") return background(state, event, ctx);
    const r = requestOf(event.request.payload);
    if (!r) return refuse(state, event.request.id);
    return decide(h, state, event.request.id, r, ctx);
  };
}

const BOTH = ["primary", "replica"] as const;

export const REPLICA_BOTS: Record<string, BotPolicy<ReplicaState>> = {
  correct: {
    summary: "Follows each round's card: tickets only through A (B refuses at once while A is silent), the cart answered locally and on disk before the ack, checkout reads through A.",
    roles: BOTH,
    step: replicaStep(CORRECT),
  },
  "sell-while-cut-off": {
    summary: "While A is silent, B keeps selling tickets from its own copy: seats A also sells, and more than 20 sold.",
    roles: ["replica"],
    mistake: "safety",
    step: replicaStep({ ...CORRECT, ticketsCutOff: "local" }),
  },
  "ack-from-ram": {
    summary: "Acknowledges a cart add while it is only in RAM, and writes it to disk once the peer's copy shows it: during the partition that never happens, and the restart loses it.",
    roles: BOTH,
    mistake: "safety",
    step: replicaStep({ ...CORRECT, cartAck: "ram" }),
  },
  "refuse-cart-when-cut-off": {
    summary: "Treats the cart like the tickets: refuses while the peer is silent, so shoppers get errors for the whole partition.",
    roles: BOTH,
    mistake: "liveness",
    step: replicaStep({ ...CORRECT, cartCutOff: "refuse" }),
  },
  "always-sync": {
    summary: "Asks A before every product read: always fresh, but every read takes a 3-second round trip.",
    roles: ["replica"],
    mistake: "liveness",
    step: replicaStep({ ...CORRECT, productReads: "sync" }),
  },
  "never-sync": {
    summary: "Answers every product read from its own lagging copy, checkout reads too: fast, and stale at checkout.",
    roles: ["replica"],
    mistake: "liveness",
    step: replicaStep({ ...CORRECT, productReads: "local" }),
  },
};
