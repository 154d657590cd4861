/**
 * What a node can do now, derived from its protocol's action declarations (action-params.ts)
 * and what the node holds: each inbox card offers the actions whose params it binds (a message,
 * a request, the reservation it carries, the timer an action settles); the action bar offers the
 * actions that need no card, with fields for what the player still chooses. The client draws
 * these offers, the bots' tests and the fuzzer pick from them; the engine still decides (Guided
 * mode's rule is checked when the action arrives, never hidden here: refusals teach).
 *
 * Pure, and defined over a node's view rather than the world, so the browser lists the same
 * offers from the view it is sent as the server does from the world.
 */
import {
  choiceOptions,
  eligiblePeers,
  type CardEvent,
  type ChoiceOption,
  type HeldMessage,
  type HeldRequest,
  type ParamContext,
  type ChoiceParam,
  type ParamSpec,
} from "./action-params.js";
import { nodeContext } from "./node-runtime.js";
import type { NodeContext, PlayerAction, Protocol } from "./protocol.js";
import type { InboxEntry, World } from "./world-types.js";

/** What a node's player has: its state and seat, its inbox cards and waiting requests. */
export interface ActorView {
  readonly id: string;
  readonly role: string;
  readonly status: "up" | "down" | "paused";
  readonly state: Record<string, unknown>;
  readonly inbox: readonly { readonly seq: number; readonly handled: boolean; readonly event: ActorCard }[];
  readonly requests: readonly { readonly requestId: string; readonly payload: unknown }[];
  /** What possible(), labels and groups may read (never the rng: offers draw nothing). */
  readonly ctx: NodeContext;
}

export type ActorCard =
  | { readonly kind: "message"; readonly msgId: number; readonly from: string; readonly type: string; readonly payload: unknown; readonly arrival: number }
  | { readonly kind: "timer"; readonly name: string }
  | { readonly kind: "request"; readonly requestId: string; readonly payload: unknown };

/** A value the player still fills in: a typed number, or one of some options. */
export interface OfferInput {
  /** The key it travels under (merged into params). */
  readonly name: string;
  readonly kind: "number" | "choice";
  readonly label: string;
  readonly optional: boolean;
  readonly options?: readonly ChoiceOption[];
  readonly min?: number;
  readonly max?: number;
  readonly hint?: string;
}

export interface ActionOffer {
  readonly action: string;
  /** Params already fixed, in wire form (message ids, request ids, peer ids, values). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly inputs: readonly OfferInput[];
  /** The inbox card (its seq) this offer belongs on; null: the action bar. */
  readonly card: number | null;
  readonly label: string;
  /** A letter on its card, or the action bar's mnemonic; "" for none. */
  readonly key: string;
  readonly summary: string;
  readonly group: { readonly id: string; readonly title: string; readonly lines: readonly string[] } | null;
  /** Why the node cannot do it at all right now (Free mode too); null when it can. */
  readonly impossible: string | null;
}

/** At most this many buttons from one action on one card (toggles times expanded choices). */
const EXPANSIONS_MAX = 64;

type Binding = { wire: unknown; resolved: unknown } | { input: OfferInput; spec: ParamSpec } | null;

/** The options cache of the offersFor call in progress (offers are listed synchronously). */
let scope: { optionsOf(spec: ChoiceParam): readonly ChoiceOption[] } = { optionsOf: () => [] };

/** Every action the node could take now, card by card and then on the action bar. */
export function offersFor(protocol: Protocol, enabled: readonly string[], view: ActorView): ActionOffer[] {
  if (view.status !== "up") return [];
  const actions = Object.entries(protocol.actions).filter(([name, a]) => enabled.includes(name) && a.roles.includes(view.role));
  const pctx: ParamContext = { self: view.id, role: view.role, nodes: view.ctx.nodes };
  // A choice's options depend on the state alone: worked out once per call, not once per card.
  const cache = new Map<ChoiceParam, readonly ChoiceOption[]>();
  const optionsOf = (spec: ChoiceParam): readonly ChoiceOption[] => {
    let options = cache.get(spec);
    if (!options) cache.set(spec, (options = choiceOptions(spec, view.state, pctx)));
    return options;
  };
  scope = { optionsOf };
  const out: ActionOffer[] = [];
  for (const entry of view.inbox) {
    if (entry.handled) continue;
    for (const [name, action] of actions) out.push(...cardOffers(name, action, entry.seq, entry.event, view, pctx));
  }
  for (const [name, action] of actions) {
    if (!onBar(action)) continue;
    out.push(...expand(name, action, null, view, (pname, spec) => barBinding(spec, pname, view, pctx)));
  }
  return out;
}

/** An action is on the bar when it asks for no card: nothing it needs must come from one. */
function onBar(action: PlayerAction<any, any>): boolean {
  if (!action.look.bar) return false;
  return Object.values(action.params as Record<string, ParamSpec>).every((spec) => spec.kind !== "message" && spec.kind !== "request");
}

function cardOffers(name: string, action: PlayerAction<any, any>, seq: number, card: ActorCard, view: ActorView, pctx: ParamContext): ActionOffer[] {
  const specs = action.params as Record<string, ParamSpec>;
  const settles = card.kind === "timer" && (action.settles ?? []).includes(card.name);
  if (!settles && !mayBindFrom(specs, card)) return [];
  let bound = settles;
  const fromCard: Record<string, unknown[]> = {};
  for (const [pname, spec] of Object.entries(specs)) {
    const values = cardValues(spec, card, view);
    if (values === null) continue;
    if (values.length === 0) return [];
    fromCard[pname] = values;
    bound = true;
  }
  if (!bound) return [];
  // A card that binds one param must bind every param that can only come from a card.
  for (const [pname, spec] of Object.entries(specs)) {
    if ((spec.kind === "message" || spec.kind === "request") && !fromCard[pname]) return [];
  }
  return expand(name, action, seq, view, (pname, spec) => {
    const values = fromCard[pname];
    if (values) return values.map((v) => ({ wire: v, resolved: resolveOnCard(spec, v, card, view) }));
    return barBinding(spec, pname, view, pctx);
  });
}

/** A cheap first look: could any of these params come from a card of this kind at all? */
function mayBindFrom(specs: Record<string, ParamSpec>, card: ActorCard): boolean {
  for (const spec of Object.values(specs)) {
    if (spec.kind === "message" && card.kind === "message" && spec.types.includes(card.type)) return true;
    if (spec.kind === "request" && card.kind === "request") return true;
    if ((spec.kind === "peer" || spec.kind === "int" || spec.kind === "choice") && spec.fromCard) return true;
  }
  return false;
}

/**
 * The values a card gives a param: null when the param does not come from this kind of card,
 * [] when it should but this card does not fit (a vote request is not an AppendEntries).
 */
function cardValues(spec: ParamSpec, card: ActorCard, view: ActorView): unknown[] | null {
  switch (spec.kind) {
    case "message":
      return card.kind === "message" ? (spec.types.includes(card.type) ? [card.msgId] : []) : null;
    case "request":
      return card.kind === "request" ? (view.requests.some((r) => r.requestId === card.requestId) ? [card.requestId] : []) : null;
    case "peer": {
      if (!spec.fromCard) return null;
      const peer = spec.fromCard(cardEvent(card));
      return peer === null ? null : [peer];
    }
    case "int": {
      if (!spec.fromCard) return null;
      const n = spec.fromCard(cardEvent(card), view.state);
      return n === null ? null : [n];
    }
    case "choice": {
      if (!spec.fromCard) return null;
      const v = spec.fromCard(cardEvent(card), view.state);
      if (v === null) return null;
      const offered = scope.optionsOf(spec);
      return (typeof v === "string" ? [v] : [...v]).filter((x) => offered.some((o) => o.value === x));
    }
    default:
      return null;
  }
}

function cardEvent(card: ActorCard): CardEvent {
  return card;
}

function resolveOnCard(spec: ParamSpec, value: unknown, card: ActorCard, view: ActorView): unknown {
  if (spec.kind === "message" && card.kind === "message") {
    const held: HeldMessage = { msgId: card.msgId, from: card.from, type: card.type, payload: card.payload, arrival: card.arrival };
    return held;
  }
  if (spec.kind === "request" && card.kind === "request") {
    const held: HeldRequest = { requestId: card.requestId, payload: view.requests.find((r) => r.requestId === card.requestId)?.payload ?? card.payload, deadlineTick: 0 };
    return held;
  }
  return value;
}

/** How a param is filled when no card gives it: a fixed value, every value, or a field. */
function barBinding(spec: ParamSpec, name: string, view: ActorView, pctx: ParamContext): Binding[] {
  const wire = spec.wire ?? name;
  const label = spec.label ?? name;
  switch (spec.kind) {
    case "message":
    case "request":
      return [null];
    case "toggle":
      return [true, false].map((v) => ({ wire: v, resolved: v }));
    case "int": {
      if (spec.asked && !spec.asked(view.state)) return [{ wire: null, resolved: null }];
      const fixed = spec.default?.(view.state);
      if (fixed !== undefined && fixed !== null) return [{ wire: fixed, resolved: fixed }];
      if (spec.optional && spec.fromCard) return [{ wire: null, resolved: null }];
      return [{ input: { name: wire, kind: "number", label, optional: spec.optional === true, min: spec.min, max: spec.max }, spec }];
    }
    case "peer": {
      if (spec.optional) return [{ wire: null, resolved: null }];
      const options = eligiblePeers(spec, pctx).map((id) => ({ value: id, label: id }));
      // Nobody to name: nothing to offer.
      return options.length === 0 ? [null] : [{ input: { name: wire, kind: "choice", label, optional: false, options }, spec }];
    }
    case "choice": {
      const options = scope.optionsOf(spec);
      if (spec.expand) return options.map((o) => ({ wire: o.value, resolved: o.value }));
      if (options.length === 0) return spec.optional ? [{ wire: null, resolved: null }] : [null];
      if (spec.fromCard && !spec.optional) return [null];
      return [{ input: { name: wire, kind: "choice", label, optional: spec.optional === true, options }, spec }];
    }
  }
}

/** Every combination of the params' bindings, as offers (a param with no binding: no offer). */
function expand(
  name: string,
  action: PlayerAction<any, any>,
  card: number | null,
  view: ActorView,
  bind: (pname: string, spec: ParamSpec) => Binding[],
): ActionOffer[] {
  const specs = Object.entries(action.params as Record<string, ParamSpec>);
  let combos: { wire: Record<string, unknown>; resolved: Record<string, unknown>; inputs: { input: OfferInput; spec: ParamSpec }[] }[] = [{ wire: {}, resolved: {}, inputs: [] }];
  for (const [pname, spec] of specs) {
    const options = bind(pname, spec);
    const next: typeof combos = [];
    for (const combo of combos) {
      for (const option of options) {
        if (option === null) continue;
        if ("input" in option) next.push({ ...combo, resolved: { ...combo.resolved, [pname]: null }, inputs: [...combo.inputs, option] });
        else next.push({ wire: { ...combo.wire, [spec.wire ?? pname]: option.wire }, resolved: { ...combo.resolved, [pname]: option.resolved }, inputs: combo.inputs });
      }
    }
    combos = next.slice(0, EXPANSIONS_MAX);
    if (combos.length === 0) return [];
  }
  return combos.map((combo) => {
    const state = view.state;
    const resolved = combo.resolved as never;
    // possible() needs every param: with fields still to fill it waits for the engine's answer.
    const impossible = combo.inputs.length === 0 ? (action.possible?.(state, resolved, view.ctx) ?? null) : null;
    const look = action.look;
    const inputs = combo.inputs.map(({ input, spec }) => {
      const hint = spec.hint?.(state, combo.resolved);
      return hint ? { ...input, hint } : input;
    });
    return {
      action: name,
      params: combo.wire,
      inputs,
      card,
      label: look.labelOf?.(state, resolved, view.ctx) ?? look.label,
      key: look.keyOf?.(resolved, state) ?? (card === null ? (look.bar?.key ?? "") : (look.key ?? "")),
      summary: action.summary,
      group: look.groupOf?.(state, resolved, view.ctx) ?? null,
      impossible,
    };
  });
}

/**
 * What a node of this world can do now (offers the engine would not refuse as impossible): for
 * tests, bots' conformance and the fuzzer. Guided mode's rules still apply when one is submitted.
 */
export function legalActions(world: World, nodeId: string): ActionOffer[] {
  const node = world.nodes[nodeId];
  if (!node || node.controller.kind !== "human") return [];
  const view: ActorView = {
    id: node.id,
    role: node.role,
    status: node.status,
    state: node.state,
    inbox: node.inbox.map((e) => ({ seq: e.seq, handled: e.handled, event: actorCard(e.event) })),
    requests: node.pendingRequests.map((r) => ({ requestId: r.id, payload: r.payload })),
    ctx: nodeContext(world, node),
  };
  return offersFor(world.protocol, world.level.actions, view).filter((o) => o.impossible === null);
}

function actorCard(event: InboxEntry["event"]): ActorCard {
  return event.kind === "request" ? { kind: "request", requestId: event.requestId, payload: event.payload } : event;
}
