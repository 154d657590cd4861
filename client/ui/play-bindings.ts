// Which actions a player can take from where: on an inbox card, in the action bar (keys 1-9),
// or as a form in the node panel; and which key does what. The offers come from the protocol's
// own declarations through shared/sim/legal-actions.ts, computed from this node's view exactly as
// the server computes them from the world: this file only turns offers into buttons and keys.
// Offering is not deciding: the server checks every action (Guided mode refuses with the rule).
// Pure: unit-tested without a DOM.
import type { InboxCard, PrivateView } from "../net/snapshot.js";
import type { LevelSummary } from "../net/api-types.js";
import type { NodeContext, Protocol } from "../../shared/sim/protocol.js";
import type { Rng } from "../../shared/sim/prng.js";
import { offersFor, type ActionOffer, type ActorView } from "../../shared/sim/legal-actions.js";
import { actionsAt } from "../../shared/level/phases.js";

/** A value the player types or picks before the action runs; it fills params[name]. */
export interface BindingInput {
  name: string;
  kind: "number" | "choice";
  label: string;
  /** What to look at while filling it in (e.g. "your clock 5 · the message carries 6"). */
  hint?: string;
  /** choice: the values offered, the first one selected unless the player picks another. */
  options?: { value: string; label: string }[];
}

export interface Binding {
  action: string;
  params: Record<string, unknown>;
  label: string;
  /** One keyboard key, shown on the button: a digit for the action bar, a letter on cards. */
  key: string;
  /** Action bar only: a mnemonic letter that also runs it when no card claims that letter. */
  letter?: string;
  /** Fields whose values are merged into params when it runs (see withInputs). */
  inputs?: BindingInput[];
  /** Buttons of one group sit together under its title (e.g. one quiz question's four answers). */
  group?: { id: string; title: string; lines: string[] };
  /** Action bar only: why the node cannot do it right now (shown after the ones it can). */
  unavailable?: string;
}

/**
 * The typed-in values merged into a binding's params: a number field that reads as a whole
 * number becomes that number, other text goes as typed (the server's parse answers), an empty
 * field leaves the param out. An empty choice is null.
 */
export function withInputs(binding: Binding, values: Readonly<Record<string, string>>): Binding {
  if (!binding.inputs || binding.inputs.length === 0) return binding;
  const params = { ...binding.params };
  for (const input of binding.inputs) {
    const raw = (values[input.name] ?? "").trim();
    if (input.kind === "number") {
      if (raw === "") delete params[input.name];
      else params[input.name] = /^-?\d+$/.test(raw) ? Number(raw) : raw;
    } else {
      params[input.name] = raw === "" ? null : raw;
    }
  }
  return { ...binding, params };
}

/** Offers draw nothing at random: a reducer reaching for the rng while listing them is a bug. */
const NO_RNG: Rng = new Proxy({} as Rng, {
  get() {
    throw new Error("listing actions must not draw random numbers");
  },
});

/** The node's context as the engine would build it, from what the view carries. */
export function viewContext(level: LevelSummary, self: string, me: PrivateView): NodeContext {
  const role = level.nodes.find((n) => n.id === self)?.role ?? "";
  return {
    self,
    role,
    nodes: level.nodes.map((n) => ({ id: n.id, role: n.role })),
    wallTicks: me.wallTicks,
    uptimeTicks: me.uptimeTicks,
    lastHeardUptimeTicks: level.nodes.map((n) => me.lastHeard[n.id] ?? -1),
    rng: NO_RNG,
    options: level.protocolOptions,
  };
}

/** Everything your node can do now, from its view (the same offers the server lists). */
/** `tick`: the game's true tick (the HUD's clock): a level's phases change what is enabled. */
export function offersOf(protocol: Protocol, level: LevelSummary, self: string, me: PrivateView, tick: number): ActionOffer[] {
  const view: ActorView = {
    id: self,
    role: level.nodes.find((n) => n.id === self)?.role ?? "",
    status: me.status,
    state: me.state,
    inbox: me.inbox.map((c) => ({ seq: c.seq, handled: c.handled, event: cardEvent(c) })),
    requests: me.requests.map((r) => ({ requestId: r.requestId, payload: r.payload })),
    ctx: viewContext(level, self, me),
  };
  return offersFor(protocol, actionsAt(level, tick), view);
}

/** An inbox card's event as the protocol's declarations see it. */
export function cardEvent(card: InboxCard): ActorView["inbox"][number]["event"] {
  const e = card.event;
  return e.kind === "request" ? { kind: "request", requestId: e.requestId, payload: e.payload } : e;
}

export function bindingOf(offer: ActionOffer): Binding {
  return {
    action: offer.action,
    params: { ...offer.params },
    label: offer.label,
    key: offer.key,
    ...(offer.inputs.length > 0
      ? {
          inputs: offer.inputs.map(
            (i): BindingInput => ({
              name: i.name,
              label: i.label,
              ...(i.hint ? { hint: i.hint } : {}),
              ...(i.kind === "number" ? { kind: "number" } : { kind: "choice", options: [...(i.options ?? [])] }),
            }),
          ),
        }
      : {}),
    ...(offer.group ? { group: { id: offer.group.id, title: offer.group.title, lines: [...offer.group.lines] } } : {}),
  };
}

/** The actions a card offers (cards of the same action share one letter: the card picks which). */
export function cardBindings(offers: readonly ActionOffer[], card: Pick<InboxCard, "seq">): Binding[] {
  return offers.filter((o) => o.card === card.seq && !o.impossible).map(bindingOf);
}

/**
 * The action bar: actions that need no card and no typed value, numbered 1-9 (their letters
 * too). What the node can do now comes first, so the low digits are the live ones; what it
 * cannot do yet follows, with the reason (a level like l12 offers sixteen actions, most of them
 * for another role or moment).
 */
export function globalBindings(offers: readonly ActionOffer[]): Binding[] {
  const bar = offers.filter((o) => o.card === null && o.inputs.length === 0);
  const ordered = [...bar.filter((o) => o.impossible === null), ...bar.filter((o) => o.impossible !== null)];
  return ordered.slice(0, 9).map((o, i) => ({
    ...bindingOf(o),
    key: String(i + 1),
    ...(o.key ? { letter: o.key } : {}),
    ...(o.impossible !== null ? { unavailable: o.impossible } : {}),
  }));
}

/** Actions that need no card but a typed value or a choice (Lamport: gossip an item to a peer). */
export function panelForms(offers: readonly ActionOffer[]): Binding[] {
  return offers.filter((o) => o.card === null && o.inputs.length > 0 && !o.impossible).map(bindingOf);
}

/** Keys the play screen keeps for itself. */
const RESERVED_KEYS = new Set(["j", "k", "?"]);

export type KeyCommand =
  | { kind: "global"; index: number }
  | { kind: "card"; key: string }
  | { kind: "move"; delta: 1 | -1 }
  | { kind: "autopilot"; index: number }
  | { kind: "help" }
  | null;

/**
 * A key press (as KeyboardEvent.key with modifiers) -> what it asks for. Digits run the action
 * bar, Shift+digit toggles an autopilot chore, J/K move through the inbox, letters run a card
 * action on the selected card. Typing in a form field never reaches here.
 */
export function keyCommand(key: string, mods: { shift: boolean; ctrl: boolean; alt: boolean; meta: boolean }, code = ""): KeyCommand {
  if (mods.ctrl || mods.alt || mods.meta) return null;
  // With Shift, key is "!" for "1" on most layouts: read the physical digit from code.
  const digit = /^Digit([1-9])$/.exec(code)?.[1] ?? (/^[1-9]$/.test(key) ? key : undefined);
  if (digit) return mods.shift ? { kind: "autopilot", index: Number(digit) - 1 } : { kind: "global", index: Number(digit) - 1 };
  if (key === "?") return { kind: "help" };
  const lower = key.length === 1 ? key.toLowerCase() : "";
  if (lower === "j") return { kind: "move", delta: 1 };
  if (lower === "k") return { kind: "move", delta: -1 };
  if (/^[a-z]$/.test(lower)) return { kind: "card", key: lower };
  return null;
}

/**
 * The card a letter key acts on: the selected card if it offers that key, else the newest
 * unhandled card that does. Cards come newest first.
 */
export function cardForKey<T extends { handled: boolean; bindings: Binding[] }>(cards: readonly T[], key: string, selected: number | null): { card: T; binding: Binding } | null {
  const pick = (card: T | undefined) => {
    const binding = card?.bindings.find((b) => b.key === key);
    return card && binding ? { card, binding } : null;
  };
  if (selected !== null) {
    const chosen = pick(cards[selected]);
    if (chosen) return chosen;
  }
  for (const card of cards) {
    if (card.handled) continue;
    const chosen = pick(card);
    if (chosen) return chosen;
  }
  return null;
}
