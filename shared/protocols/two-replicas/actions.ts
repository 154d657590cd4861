/**
 * What a replica's player does with each client request: answer from your copy, forward it to
 * the peer and wait, refuse it (503), or (a shortcut Guided mode refuses) acknowledge a cart add
 * from RAM. The same four buttons in every round; the round's business card says which is right.
 */
import { request, type HeldRequest } from "../../sim/action-params.js";
import { defineAction, type NodeContext, type PlayerAction } from "../../sim/protocol.js";
import { cutOff, forward, peerOf, PRIMARY, refuse, serveLocal } from "./replica.js";
import { requestOf, type ReplicaState, type RequestPayload } from "./state.js";

const action = defineAction<ReplicaState>();
const card = { req: request({ wire: "requestId" }) } as const;

const payloadOf = (req: HeldRequest): RequestPayload | null => requestOf(req.payload);
const unreadable = (p: { req: HeldRequest }): string | null => (payloadOf(p.req) === null ? "This request asks for nothing this shop knows." : null);

/** Guided: tickets are one copy's business (A's); B's copy may be behind. */
function serveRule(state: ReplicaState, p: { req: HeldRequest }, ctx: NodeContext): string | null {
  const r = payloadOf(p.req)!;
  if (r.data !== "tickets" || ctx.role === PRIMARY) return null;
  return cutOff(ctx)
    ? "Tickets: A is silent, so your copy cannot know what A sold meanwhile. Selling or counting from it can sell a seat twice: refuse (503) until A is back."
    : `Tickets: A holds the real count and your copy (${state.sold} sold) may be behind. Forward the request to A.`;
}

export const REPLICA_ACTIONS: Record<string, PlayerAction<ReplicaState, any>> = {
  serve: action({
    summary: "Answer from your own copy, now. A write is stored on your disk, acknowledged, and reaches the peer with your next sync.",
    rule: "Answer from your copy what it can answer: A's tickets (the one true count), and what may be stale or merged later; never the tickets from B's copy.",
    roles: ["primary", "replica"],
    params: card,
    look: { label: "Answer from my copy", key: "s" },
    possible: (_s, p) => unreadable(p),
    check: serveRule,
    apply: (state, p, ctx) => serveLocal(state, p.req.requestId, payloadOf(p.req)!, ctx),
  }),
  forward: action({
    summary: "Pass the request to the peer and wait for its answer (the client gets 504 if none comes within 4 s: the peer may or may not have done it).",
    rule: "Forward what needs the one true copy; while the peer is silent the wait ends in 504.",
    roles: ["primary", "replica"],
    params: card,
    look: { label: "Forward and wait", key: "f", labelOf: (_s, _p, ctx) => `Forward to ${peerOf(ctx).id} and wait` },
    possible: (_s, p) => unreadable(p),
    apply: (state, p, ctx) => forward(state, p.req.requestId, payloadOf(p.req)!, ctx),
  }),
  refuse: action({
    summary: "Answer 503 \"try later\": nothing is done, and the client knows it.",
    rule: "Refusing is always safe; it costs availability.",
    roles: ["primary", "replica"],
    params: card,
    look: { label: "Refuse (503)", key: "r" },
    apply: (state, p) => refuse(state, p.req.requestId),
  }),
  "ack-ram": action({
    summary: "Acknowledge a cart add at once, holding it in RAM; it goes to disk once the peer's copy shows it.",
    rule: "Acknowledge a write only once it is on a disk: an add held in RAM is lost if this process dies first.",
    roles: ["primary", "replica"],
    params: card,
    look: { label: "Ack now, disk later", key: "k" },
    possible: (_s, p) => {
      const r = payloadOf(p.req);
      return r && r.data === "cart" && r.op === "add" ? null : "Only a cart add can be acknowledged before it is stored.";
    },
    check: (_s, p) => `An add acknowledged from RAM is lost if your process dies before it reaches a disk (${payloadOf(p.req)?.item ?? "item"}). Answer from your copy: it is stored on disk first.`,
    apply: (state, p, ctx) => serveLocal(state, p.req.requestId, payloadOf(p.req)!, ctx, false),
  }),
};
