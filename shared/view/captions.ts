/**
 * Watch mode's captions: what the by-the-book bot in the player's seat did, and why, one caption
 * per step of its reducer. Read back from the trace, which already records each step in order:
 * what the node met (a message arrived, a timer ran out, a client asked, it restarted), then what
 * it did about it (sends, answers to clients, notes). The reason is the rule of the player action
 * the move is (Protocol.botMove), else what the message is for (its messageTypes summary): the
 * protocol's own words, so a caption is true of any protocol without the client knowing one.
 * Pure: the room computes captions for a watched seat; the client only shows them.
 */
import type { CaptionEffect, Protocol } from "../sim/protocol.js";
import { humanize, valueText } from "../sim/screen-text.js";
import type { TraceEvent } from "../sim/trace.js";
import type { TraceReader } from "../sim/trace-store.js";

export interface Caption {
  tick: number;
  /** What the node met: "RequestVote from N2", "Its election timer ran out". */
  cause: string;
  /** What it did about it, one line per kind of move: "Sent Vote to N2". */
  did: string[];
  /** Why: the rule of the move (from the protocol's actions), or what its message is for. */
  why: string | null;
  /** The same step again (a heartbeat, a sync): how many times so far, and the last one's tick. */
  repeats?: number;
  lastTick?: number;
}

/**
 * A watched seat's recent captions, with `fresh` added: a step the same as one still listed (a
 * heartbeat every 1.5 s, l03's sync every half second) counts there instead of pushing out the
 * moves worth reading. At most `max`, the newest.
 */
export function addCaptions(list: readonly Caption[], fresh: readonly Caption[], max: number): Caption[] {
  const out = list.slice();
  for (const c of fresh) {
    const key = captionText(c);
    const i = out.findIndex((o) => captionText(o) === key);
    if (i === -1) out.push(c);
    else out[i] = { ...out[i]!, repeats: (out[i]!.repeats ?? 1) + 1, lastTick: c.tick };
  }
  return out.slice(-max);
}

/** How far back a delivery's send is looked for (its message type is on the send only). */
const SEND_LOOKBACK_EVENTS = 20_000;

interface Step {
  tick: number;
  cause: string;
  effects: CaptionEffect[];
  /** Worth a caption even with no effects (a crash, a restart). */
  notable: boolean;
}

/**
 * The captions of `node`'s steps among trace events [from, trace.length). A step that changed
 * nothing anyone can see (a duplicate ignored) gets none: watching is for the moves.
 */
export function captionsOf(protocol: Protocol, trace: TraceReader, from: number, node: string): Caption[] {
  const steps: Step[] = [];
  let current: Step | null = null;
  for (let i = Math.max(0, from); i < trace.length; i++) {
    const e = trace.at(i)!;
    if (!("node" in e) || e.node !== node) continue;
    const cause = causeOf(protocol, trace, e, i);
    if (cause !== null) {
      current = { tick: e.tick, cause: cause.text, effects: [], notable: cause.notable };
      steps.push(current);
      continue;
    }
    const effect = effectOf(e);
    if (!effect) continue;
    // Moves with nothing traced before them at this tick: the boot at the start of the game.
    if (!current || current.tick !== e.tick) {
      current = { tick: e.tick, cause: e.tick === 0 ? "The game started" : "On its own", effects: [], notable: false };
      steps.push(current);
    }
    current.effects.push(effect);
  }
  return steps.filter((s) => s.notable || s.effects.length > 0).map((s) => caption(protocol, s));
}

function caption(protocol: Protocol, step: Step): Caption {
  return { tick: step.tick, cause: step.cause, did: didLines(step.effects), why: whyOf(protocol, step.effects) };
}

/**
 * Sends of one type are one line ("Sent RequestVote to N2, N3, N4"), and so are notes of one name
 * ("Noted stamp ×4"), in the order first made. A single note shows its facts when they are short.
 */
function didLines(effects: readonly CaptionEffect[]): string[] {
  const lines: { text: () => string }[] = [];
  const sendsTo = new Map<string, string[]>();
  const notes = new Map<string, Record<string, unknown>[]>();
  for (const effect of effects) {
    if (effect.kind === "send") {
      const to = sendsTo.get(effect.type);
      if (to) {
        if (!to.includes(effect.to)) to.push(effect.to);
        continue;
      }
      sendsTo.set(effect.type, [effect.to]);
      lines.push({ text: () => `Sent ${effect.type} to ${sendsTo.get(effect.type)!.join(", ")}` });
    } else if (effect.kind === "respond") {
      // A redirect is the protocol pointing the client on, not a failure: it is not called "not OK".
      if (effect.redirect) lines.push({ text: () => `Redirected the client (${effect.status}): not an error` });
      else lines.push({ text: () => `Answered the client: ${effect.ok ? "OK" : "not OK"}${effect.status && effect.status !== "ok" ? ` (${effect.status})` : ""}` });
    } else {
      const same = notes.get(effect.name);
      if (same) {
        same.push(effect.data);
        continue;
      }
      notes.set(effect.name, [effect.data]);
      lines.push({ text: () => noteLine(effect.name, notes.get(effect.name)!) });
    }
  }
  return lines.map((line) => line.text());
}

/** Facts longer than this are left to the node panel: a caption is read at a glance. */
const NOTE_FACTS_MAX = 60;

function noteLine(name: string, all: readonly Record<string, unknown>[]): string {
  const words = `Noted ${humanize(name).toLowerCase()}`;
  if (all.length > 1) return `${words} ×${all.length}`;
  const facts = valueText(all[0]);
  return facts === "none" || facts === "—" || facts.length > NOTE_FACTS_MAX ? words : `${words} (${facts})`;
}

/** The first move the protocol names an action for gives the rule; else the first message's purpose. */
function whyOf(protocol: Protocol, effects: readonly CaptionEffect[]): string | null {
  const reasons: string[] = [];
  for (const effect of effects) {
    const actionId = protocol.botMove?.(effect) ?? null;
    const rule = actionId !== null && Object.hasOwn(protocol.actions, actionId) ? protocol.actions[actionId]!.rule : null;
    if (rule && !reasons.includes(rule)) reasons.push(rule);
  }
  if (reasons.length > 0) return reasons.slice(0, 2).join(" ");
  const send = effects.find((e): e is Extract<CaptionEffect, { kind: "send" }> => e.kind === "send");
  if (send) return protocol.messageTypes[send.type]?.summary ?? null;
  return null;
}

function effectOf(e: TraceEvent): CaptionEffect | null {
  switch (e.kind) {
    case "send":
      return { kind: "send", to: e.to, type: e.type, payload: e.payload };
    case "response":
      return { kind: "respond", ok: e.ok, status: e.status, ...(e.redirect ? { redirect: true as const } : {}) };
    case "note":
      return { kind: "note", name: e.name, data: e.data };
    default:
      return null;
  }
}

function causeOf(protocol: Protocol, trace: TraceReader, e: TraceEvent, index: number): { text: string; notable: boolean } | null {
  switch (e.kind) {
    case "deliver": {
      const type = sentType(trace, index, e.msgId, e.sentTick);
      return { text: `${type ?? "A message"} from ${e.from} arrived`, notable: false };
    }
    case "timer":
      return { text: `Its ${e.name} timer ran out`, notable: false };
    case "request": {
      const payload = typeof e.payload === "object" && e.payload !== null ? (e.payload as Record<string, unknown>) : {};
      const words = protocol.screen?.requestText?.(payload);
      return { text: words ? `A client asked it to ${words}` : "A client sent a request", notable: false };
    }
    case "crash":
      return { text: "It crashed: everything in memory is lost, its disk is kept", notable: true };
    case "recover":
      return { text: "It restarted, with only what it kept on disk", notable: true };
    case "pause":
      return { text: "It froze: it handles nothing until it wakes", notable: true };
    case "resume":
      return { text: "It woke up, still believing what it believed before", notable: true };
    default:
      return null;
  }
}

/** A delivery names its message only by id: its type is on the send, shortly before. */
function sentType(trace: TraceReader, index: number, msgId: number, sentTick: number): string | null {
  for (let j = index - 1; j >= 0 && j >= index - SEND_LOOKBACK_EVENTS; j--) {
    const e = trace.at(j)!;
    if (e.tick < sentTick) break;
    if (e.kind === "send" && e.msgId === msgId) return e.type;
  }
  return null;
}

/** A caption as one line of text (tests, logs and screen readers). */
export function captionText(c: Caption): string {
  return `${c.cause}. ${c.did.join(". ")}${c.did.length ? "." : ""}${c.why ? ` Why: ${c.why}` : ""}`;
}
