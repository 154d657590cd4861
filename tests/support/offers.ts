/**
 * Offers on hand-built views, and the engine's verdict on one: the tests of what a protocol's
 * cards offer run the same code the browser and the fuzzer run (shared/sim/legal-actions.ts),
 * then judge each offer as the server would (parse, resolve, possible, Guided check).
 */
import { parseParams, resolveParams, type Holdings } from "../../shared/sim/action-params.js";
import { offersFor, type ActionOffer, type ActorCard, type ActorView } from "../../shared/sim/legal-actions.js";
import type { NodeContext, Protocol } from "../../shared/sim/protocol.js";

export interface Desk {
  protocol: Protocol;
  enabled: readonly string[];
  ctx: NodeContext;
}

/** Cards in arrival order: seq = position. Requests wait unless answered. */
export function offersOn(desk: Desk, state: Record<string, unknown>, cards: readonly ActorCard[], requests: readonly { requestId: string; payload: unknown }[] = []): ActionOffer[] {
  const view: ActorView = {
    id: desk.ctx.self,
    role: desk.ctx.role,
    status: "up",
    state,
    inbox: cards.map((event, seq) => ({ seq, handled: false, event })),
    requests,
    ctx: desk.ctx,
  };
  return offersFor(desk.protocol, desk.enabled, view);
}

/** The engine's answer to these params: null if accepted, else the reason (as the server words it). */
export function judge(desk: Desk, state: Record<string, unknown>, cards: readonly ActorCard[], action: string, params: Record<string, unknown>): string | null {
  const a = desk.protocol.actions[action]!;
  const parsed = parseParams(a.params, params);
  if (!parsed.ok) return `parse: ${parsed.error}`;
  const holdings: Holdings = {
    message: (msgId) => {
      const c = [...cards].reverse().find((x) => x.kind === "message" && x.msgId === msgId);
      return c && c.kind === "message" ? { held: { msgId, from: c.from, type: c.type, payload: c.payload, arrival: c.arrival }, dealtWith: false } : undefined;
    },
    request: (requestId) => {
      const c = cards.find((x) => x.kind === "request" && x.requestId === requestId);
      return c && c.kind === "request" ? { held: { requestId, payload: c.payload, deadlineTick: 0 }, dealtWith: false } : undefined;
    },
  };
  const resolved = resolveParams(a.params, parsed.value, holdings, state, { self: desk.ctx.self, role: desk.ctx.role, nodes: desk.ctx.nodes });
  if (!resolved.ok) return `impossible: ${resolved.error}`;
  const p = resolved.value as never;
  return a.possible?.(state, p, desk.ctx) ?? a.check?.(state, p, desk.ctx) ?? null;
}

/** The offer's params with typed field values (numbers as numbers), as the page sends them. */
export function typed(offer: ActionOffer, values: Record<string, string | number>): Record<string, unknown> {
  return { ...offer.params, ...values };
}
