// Which actions a player can take from where: on an inbox card (with the msgId / requestId /
// seq the protocol's action `parse` expects), or from the action bar; and which key does what.
// This only OFFERS actions: whether one is legal is the server's call (Guided mode refuses it
// with the rule, and the UI shows that refusal). Pure: unit-tested without a DOM.
import { humanize } from "./words.js";
import type { InboxEvent } from "../net/snapshot.js";
import { LAMPORT_COVERED, lamportCard, lamportForms, lamportHighlights } from "./play-bindings-lamport.js";
import { MKV_COVERED, MKV_GLOBALS, mkvCard, mkvHighlights } from "./play-bindings-majority-kv.js";

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
}

/** What the client knows about the level around your node (never the server's verdicts). */
export interface BindingContext {
  /** Your node, and the other nodes of your role (your peers). */
  self: string | null;
  role: string;
  peers: readonly string[];
  /** Your uptime reading now. */
  uptimeTicks: number;
  guided: boolean;
}

export const NO_CONTEXT: BindingContext = { self: null, role: "", peers: [], uptimeTicks: 0, guided: true };

/** The context of your seat: the other nodes of your role are your peers. */
export function bindingContext(self: string | null, nodes: readonly { id: string; role: string }[], uptimeTicks: number, guided: boolean): BindingContext {
  const role = nodes.find((n) => n.id === self)?.role ?? "";
  return { self, role, peers: nodes.filter((n) => n.role === role && n.id !== self).map((n) => n.id), uptimeTicks, guided };
}

/** A headline number of your node (Lamport clock, epoch, lease left, quorum meter...). */
export interface Highlight {
  id: string;
  label: string;
  value: string;
  hint?: string;
  /** 0..1: drawn as a meter under the value. */
  meter?: number;
  tone?: "ok" | "warn" | "bad";
}

/** A protocol's own card logic: every binding a card offers (the enabled filter comes after). */
type CardBinder = (event: InboxEvent, state: Record<string, unknown>, ctx: BindingContext) => Binding[];
const CARD_BINDERS: Record<string, { covered: readonly string[]; bind: CardBinder }> = {
  lamport: { covered: LAMPORT_COVERED, bind: lamportCard },
  "majority-kv": { covered: MKV_COVERED, bind: mkvCard },
};

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

/** Forms that need no card (Lamport: gossip an item to a peer), shown in the node panel. */
export function panelForms(protocolId: string, enabled: readonly string[], state: Record<string, unknown>, ctx: BindingContext = NO_CONTEXT): Binding[] {
  const forms = protocolId === "lamport" ? lamportForms(state, ctx) : [];
  return forms.filter((b) => enabled.includes(b.action));
}

/** Your node's headline numbers, for the top of the node panel. */
export function nodeHighlights(protocolId: string, state: Record<string, unknown>, ctx: BindingContext = NO_CONTEXT): Highlight[] {
  if (protocolId === "lamport") return lamportHighlights(state);
  if (protocolId === "majority-kv") return mkvHighlights(state, ctx);
  return [];
}

/** What a protocol can do with a card, given the card and your node's state. */
interface CardRule {
  action: string;
  label: string;
  key: string;
  applies(event: InboxEvent, state: Record<string, unknown>): Record<string, unknown> | null;
}

export interface GlobalRule {
  action: string;
  label: string;
  key: string;
  params(state: Record<string, unknown>): Record<string, unknown>;
}

const onMessage = (types: readonly string[], extra: Record<string, unknown> = {}) => (event: InboxEvent): Record<string, unknown> | null =>
  event.kind === "message" && types.includes(event.type) ? { msgId: event.msgId, ...extra } : null;
const onTimer = (prefixes: readonly string[]) => (event: InboxEvent): Record<string, unknown> | null =>
  event.kind === "timer" && prefixes.some((p) => event.name === p || event.name.startsWith(`${p}:`)) ? {} : null;
const onRequest = (event: InboxEvent): Record<string, unknown> | null => (event.kind === "request" ? { requestId: event.requestId } : null);

const num = (v: unknown): number => (typeof v === "number" ? v : 0);
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null) : []);
const payloadTerm = (event: InboxEvent): number => {
  if (event.kind !== "message" || typeof event.payload !== "object" || event.payload === null) return 0;
  return num((event.payload as Record<string, unknown>).term);
};

/** hello: a request or a retry timer maps to the pending note's sequence number. */
function helloSeq(event: InboxEvent, state: Record<string, unknown>): Record<string, unknown> | null {
  if (event.kind === "timer" && event.name.startsWith("retry:")) {
    const seq = Number(event.name.slice("retry:".length));
    return Number.isInteger(seq) ? { seq } : null;
  }
  if (event.kind === "request") {
    const note = list(state.pending).find((p) => p.requestId === event.requestId);
    return note && typeof note.seq === "number" ? { seq: note.seq } : null;
  }
  if (event.kind === "message" && event.type === "ack" && typeof event.payload === "object" && event.payload !== null) {
    const seq = (event.payload as Record<string, unknown>).seq;
    return typeof seq === "number" && list(state.pending).some((p) => p.seq === seq) ? { seq } : null;
  }
  return null;
}

const CARD_RULES: Record<string, readonly CardRule[]> = {
  raft: [
    { action: "grantVote", label: "Grant vote", key: "g", applies: onMessage(["RequestVote"]) },
    { action: "denyVote", label: "Deny vote", key: "d", applies: onMessage(["RequestVote"]) },
    { action: "acceptEntries", label: "Accept entries", key: "a", applies: onMessage(["AppendEntries"]) },
    { action: "rejectEntries", label: "Reject entries", key: "r", applies: onMessage(["AppendEntries"]) },
    { action: "appendCommand", label: "Append to log", key: "l", applies: onRequest },
    { action: "redirect", label: "Redirect client", key: "f", applies: onRequest },
    { action: "startElection", label: "Start election", key: "e", applies: onTimer(["election"]) },
    { action: "heartbeat", label: "Heartbeat", key: "h", applies: onTimer(["heartbeat"]) },
    {
      action: "stepDown",
      label: "Step down",
      key: "s",
      applies: (event, state) => (payloadTerm(event) > num(state.currentTerm) ? {} : null),
    },
    {
      action: "replicate",
      label: "Resend entries",
      key: "p",
      applies: (event) => (event.kind === "message" && event.type === "AppendReply" ? { to: event.from } : null),
    },
  ],
  hello: [
    { action: "sendNote", label: "Send note", key: "n", applies: (e, s) => (e.kind === "message" ? null : helloSeq(e, s)) },
    { action: "confirm", label: "Confirm to client", key: "c", applies: (e, s) => (e.kind === "timer" ? null : helloSeq(e, s)) },
    { action: "process", label: "Process note", key: "p", applies: onMessage(["note"]) },
    { action: "ack", label: "Acknowledge", key: "a", applies: onMessage(["note"]) },
  ],
};

/** Actions the action bar offers (no card needed), in the order of their digit keys. */
const GLOBAL_RULES: Record<string, readonly GlobalRule[]> = {
  raft: [
    { action: "startElection", label: "Start election", key: "e", params: () => ({}) },
    { action: "stepDown", label: "Step down", key: "s", params: () => ({}) },
    { action: "heartbeat", label: "Heartbeat", key: "h", params: () => ({}) },
    { action: "replicate", label: "Replicate to all", key: "p", params: () => ({}) },
    { action: "advanceCommit", label: "Commit next entry", key: "c", params: (s) => ({ index: num(s.commitIndex) + 1 }) },
  ],
  "majority-kv": MKV_GLOBALS,
};

/** What parsing a probe tells about an action: does it need a message, a request, or nothing? */
export interface ActionShape {
  name: string;
  parse(raw: unknown): { ok: boolean };
}

function needs(shape: ActionShape, params: Record<string, unknown>): boolean {
  return !shape.parse({}).ok && shape.parse(params).ok;
}

/**
 * The actions an inbox card offers: the protocol's table above, then every other enabled
 * action whose params are exactly a msgId (messages) or a requestId (requests).
 */
export function cardBindings(
  protocolId: string,
  enabled: readonly string[],
  event: InboxEvent,
  state: Record<string, unknown>,
  shapes: readonly ActionShape[] = [],
  ctx: BindingContext = NO_CONTEXT,
): Binding[] {
  const rules = CARD_RULES[protocolId] ?? [];
  const out: Binding[] = [];
  const used = new Set<string>();
  for (const rule of rules) {
    if (!enabled.includes(rule.action)) continue;
    const params = rule.applies(event, state);
    used.add(rule.key);
    if (params) out.push({ action: rule.action, params, label: rule.label, key: rule.key });
  }
  const binder = CARD_BINDERS[protocolId];
  if (binder) {
    for (const b of binder.bind(event, state, ctx)) {
      if (!enabled.includes(b.action)) continue;
      if (b.key) used.add(b.key);
      out.push(b);
    }
  }
  // Actions the table does not cover: offered when their params are exactly the card's id.
  const covered = new Set([...rules.map((r) => r.action), ...(binder?.covered ?? [])]);
  for (const shape of shapes) {
    if (!enabled.includes(shape.name) || covered.has(shape.name)) continue;
    let params: Record<string, unknown> | null = null;
    if (event.kind === "message" && needs(shape, { msgId: event.msgId })) params = { msgId: event.msgId };
    if (event.kind === "request" && needs(shape, { requestId: event.requestId })) params = { requestId: event.requestId };
    if (!params) continue;
    const key = freeLetter(shape.name, used);
    out.push({ action: shape.name, params, label: humanize(shape.name), key });
  }
  return out;
}

/** The action bar: actions that need no card, numbered 1-9. */
export function globalBindings(protocolId: string, enabled: readonly string[], state: Record<string, unknown>, shapes: readonly ActionShape[] = []): Binding[] {
  const rules = GLOBAL_RULES[protocolId];
  const out: Binding[] = [];
  if (rules) {
    for (const rule of rules) if (enabled.includes(rule.action)) out.push({ action: rule.action, params: rule.params(state), label: rule.label, key: "", letter: rule.key });
  } else {
    for (const shape of shapes) {
      if (enabled.includes(shape.name) && shape.parse({}).ok) out.push({ action: shape.name, params: {}, label: humanize(shape.name), key: "" });
    }
  }
  return out.slice(0, 9).map((b, i) => ({ ...b, key: String(i + 1) }));
}

function freeLetter(name: string, used: Set<string>): string {
  for (const ch of name.toLowerCase()) {
    if (/[a-z]/.test(ch) && !used.has(ch) && !RESERVED_KEYS.has(ch)) {
      used.add(ch);
      return ch;
    }
  }
  return "";
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
