// The room's decoded Colyseus state, turned into plain typed data the scenes and panels read.
// The server sends structured values as JSON strings (server/schema/level-state.ts); they are
// parsed here, once per change of text, and every field is checked: server data is input.
// Pure: no colyseus.js import, so it is unit-testable with plain objects.
import type { Caption } from "../../shared/view/captions.js";
import type { PacketInFlight } from "../../shared/view/observer-view.js";
import type { FaultSpec } from "../../shared/level/faults.js";
import { parseNetworkFaults } from "../view/link-faults.js";

export type Phase = "lobby" | "running" | "ended";

export interface SeatSnapshot {
  node: string;
  role: string;
  label: string;
  /** open: a bot plays it; human: a connected player; held: its player dropped and may return. */
  status: "open" | "human" | "held";
  nickname: string;
  controller: "human" | "bot";
  ready: boolean;
}

export type InboxEvent =
  | { kind: "message"; msgId: number; from: string; type: string; payload: unknown; arrival: number }
  | { kind: "timer"; name: string }
  | { kind: "request"; requestId: string; payload: unknown; deadlineTick: number };

export interface InboxCard {
  seq: number;
  uptimeTicks: number;
  wallTicks: number;
  handled: boolean;
  event: InboxEvent;
}

export interface AwaitingEntry {
  msgId: number;
  to: string;
  type: string;
  sentAtUptimeTicks: number;
}

export interface RequestEntry {
  requestId: string;
  payload: unknown;
  dueAtUptimeTicks: number;
}

export interface TimerEntry {
  name: string;
  firesAtUptimeTicks: number;
}

export type ControllerInfo = { kind: "human"; autopilot: string[] } | { kind: "bot"; policy: string };

/** Your own node, exactly as the server's node view shows it. */
export interface PrivateView {
  status: "up" | "down" | "paused";
  controller: ControllerInfo;
  state: Record<string, unknown>;
  /** Full lengths of the state lists the server cut to their newest entries. */
  stateTotals: Record<string, number>;
  durableFields: string[];
  wallTicks: number;
  uptimeTicks: number;
  timers: TimerEntry[];
  awaiting: AwaitingEntry[];
  /** peer -> uptime reading when last heard from (null: never). */
  lastHeard: Record<string, number | null>;
  requests: RequestEntry[];
  /** The level's knobs as this node has them (shared/sim/knobs.ts). */
  knobs: Record<string, number>;
  /** Oldest first, as the server keeps it. */
  inbox: InboxCard[];
  /** Watch mode: what the bot did on this node lately, and why (shared/view/captions.ts), oldest first. */
  captions: Caption[];
}

/** A packet in flight as the god's view shows it: exactly shared/view's shape. */
export type ObserverPacket = PacketInFlight;

export interface ObserverNode {
  id: string;
  role: string;
  status: string;
  state: Record<string, unknown>;
}

/** The god's view: spectators during the game, everyone after the end. */
export interface ObserverSnapshot {
  tick: number;
  nodes: ObserverNode[];
  packets: ObserverPacket[];
  /** The network faults in force now (partitions, cuts, flaky and slow links): the map draws them. */
  activeFaults: FaultSpec[];
}

export interface GameSnapshot {
  levelId: string;
  levelVersion: number;
  mode: "solo" | "team";
  playMode: "guided" | "free";
  phase: Phase;
  paused: boolean;
  tick: number;
  durationTicks: number;
  ticksPerSecond: number;
  /** How fast a watched game runs (watch mode): 0.5, 1, 2 or 4. */
  pace: number;
  score: number;
  incident: boolean;
  seats: SeatSnapshot[];
  spectators: number;
  facilitator: string;
  /** Your node's private view; null for spectators (and before the first patch). */
  me: PrivateView | null;
  observer: ObserverSnapshot | null;
}

type Raw = Record<string, unknown>;

const isObj = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);
const num = (v: unknown, fallback = 0): number => (typeof v === "number" && Number.isFinite(v) ? v : fallback);
const bool = (v: unknown): boolean => v === true;
const int = (v: unknown): number | null => (typeof v === "number" && Number.isInteger(v) ? v : null);

/** Iterates a Colyseus MapSchema / ArraySchema, a Map, or a plain array alike. */
function entriesOf(collection: unknown): [string, unknown][] {
  if (collection === null || collection === undefined) return [];
  if (Array.isArray(collection)) return collection.map((v, i) => [String(i), v]);
  const withForEach = collection as { forEach?: (cb: (value: unknown, key: unknown) => void) => void };
  if (typeof withForEach.forEach === "function") {
    const out: [string, unknown][] = [];
    withForEach.forEach((value, key) => out.push([String(key), value]));
    return out;
  }
  if (isObj(collection)) return Object.entries(collection);
  return [];
}

/** Parses JSON strings, remembering the last text per field so an unchanged field costs nothing. */
export class SnapshotDecoder {
  private readonly memo = new Map<string, { text: string; value: unknown }>();

  json(key: string, text: unknown, fallback: unknown): unknown {
    if (typeof text !== "string" || text.length === 0) return fallback;
    const hit = this.memo.get(key);
    if (hit && hit.text === text) return hit.value;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = fallback;
    }
    this.memo.set(key, { text, value });
    return value;
  }

  decode(state: unknown, myNode: string | null, withObserver: boolean): GameSnapshot {
    const s = isObj(state) ? state : {};
    const seats: SeatSnapshot[] = entriesOf(s.seats).map(([key, raw]) => seatOf(key, raw));
    const mine = myNode === null ? undefined : entriesOf(s.seats).find(([key]) => key === myNode)?.[1];
    const priv = isObj(mine) ? mine.priv : undefined;
    return {
      levelId: str(s.levelId),
      levelVersion: num(s.levelVersion),
      mode: s.mode === "team" ? "team" : "solo",
      playMode: s.playMode === "free" ? "free" : "guided",
      phase: s.phase === "running" || s.phase === "ended" ? s.phase : "lobby",
      paused: bool(s.paused),
      tick: num(s.tick),
      durationTicks: num(s.durationTicks),
      ticksPerSecond: Math.max(1, num(s.ticksPerSecond, 10)),
      pace: num(s.pace, 1),
      score: num(s.score),
      incident: bool(s.incident),
      seats,
      spectators: num(s.spectators),
      facilitator: str(s.facilitator),
      me: isObj(priv) && typeof priv.state === "string" && priv.state.length > 0 ? this.privateView(priv, num(s.tick)) : null,
      observer: withObserver && isObj(s.observer) ? this.observerOf(s.observer) : null,
    };
  }

  /** `tick`: the public tick, from which the node's clock readings are extrapolated. */
  private privateView(p: Raw, tick: number): PrivateView {
    const sinceAnchorTicks = tick - num(p.clockAnchorTick);
    const state = this.json("state", p.state, {});
    const controller = this.json("controller", p.controller, null);
    return {
      status: p.status === "down" || p.status === "paused" ? p.status : "up",
      controller: controllerOf(controller),
      state: isObj(state) ? state : {},
      stateTotals: totalsOf(this.json("stateTotals", p.stateTotals, {})),
      durableFields: stringList(this.json("durableFields", p.durableFields, [])),
      wallTicks: num(p.wallAtAnchorTicks) + sinceAnchorTicks,
      uptimeTicks: num(p.uptimeAtAnchorTicks) + sinceAnchorTicks,
      timers: listOf(this.json("timers", p.timers, []), (t) => {
        const firesAt = int(t.firesAtUptimeTicks);
        return typeof t.name === "string" && firesAt !== null ? { name: t.name, firesAtUptimeTicks: firesAt } : null;
      }),
      awaiting: listOf(this.json("awaiting", p.awaiting, []), (a) => {
        const msgId = int(a.msgId);
        const sentAt = int(a.sentAtUptimeTicks);
        if (msgId === null || sentAt === null || typeof a.to !== "string" || typeof a.type !== "string") return null;
        return { msgId, to: a.to, type: a.type, sentAtUptimeTicks: sentAt };
      }),
      lastHeard: lastHeardOf(this.json("lastHeard", p.lastHeard, {})),
      requests: listOf(this.json("requests", p.requests, []), (r) => {
        const due = int(r.dueAtUptimeTicks);
        return typeof r.requestId === "string" && due !== null ? { requestId: r.requestId, payload: r.payload, dueAtUptimeTicks: due } : null;
      }),
      knobs: knobsOf(this.json("knobs", p.knobs, {})),
      captions: listOf(this.json("captions", p.captions, []), (c) => {
        const tick = int(c.tick);
        if (tick === null || typeof c.cause !== "string" || !Array.isArray(c.did)) return null;
        const repeats = int(c.repeats);
        const lastTick = int(c.lastTick);
        return { tick, cause: c.cause, did: c.did.filter((d): d is string => typeof d === "string"), why: typeof c.why === "string" ? c.why : null, ...(repeats !== null && lastTick !== null ? { repeats, lastTick } : {}) };
      }),
      inbox: entriesOf(p.inbox)
        .map(([key, text]) => this.inboxCard(key, text))
        .filter((c): c is InboxCard => c !== null)
        .sort((a, b) => a.seq - b.seq),
    };
  }

  /** One inbox entry: the map's key is a slot the server reuses, the value its JSON (with its seq). */
  private inboxCard(key: string, text: unknown): InboxCard | null {
    const raw = this.json(`inbox:${key}`, text, null);
    if (!isObj(raw)) return null;
    const seq = int(raw.seq);
    if (seq === null) return null;
    const event = eventOf(raw.event);
    if (!event) return null;
    return { seq, uptimeTicks: num(raw.uptimeTicks), wallTicks: num(raw.wallTicks), handled: bool(raw.handled), event };
  }

  private observerOf(o: Raw): ObserverSnapshot {
    return {
      tick: num(o.tick),
      nodes: listOf(this.json("obs:nodes", o.nodes, []), (n) =>
        typeof n.id === "string" ? { id: n.id, role: str(n.role), status: str(n.status), state: isObj(n.state) ? n.state : {} } : null,
      ),
      packets: listOf(this.json("obs:packets", o.packets, []), (p) => {
        const msgId = int(p.msgId);
        const sentTick = int(p.sentTick);
        const deliverTick = int(p.deliverTick);
        if (msgId === null || sentTick === null || deliverTick === null || typeof p.from !== "string" || typeof p.to !== "string") return null;
        return { msgId, from: p.from, to: p.to, type: str(p.type), copy: num(p.copy), sentTick, deliverTick };
      }),
      activeFaults: parseNetworkFaults(this.json("obs:faults", o.activeFaults, [])),
    };
  }
}

function seatOf(key: string, raw: unknown): SeatSnapshot {
  const r = isObj(raw) ? raw : {};
  return {
    node: str(r.node, key) || key,
    role: str(r.role),
    label: str(r.label),
    status: r.status === "human" || r.status === "held" ? r.status : "open",
    nickname: str(r.nickname),
    controller: r.controller === "human" ? "human" : "bot",
    ready: bool(r.ready),
  };
}

function controllerOf(raw: unknown): ControllerInfo {
  if (isObj(raw) && raw.kind === "human") return { kind: "human", autopilot: stringList(raw.autopilot) };
  return { kind: "bot", policy: isObj(raw) ? str(raw.policy, "correct") : "correct" };
}

function totalsOf(raw: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (isObj(raw)) for (const [key, value] of Object.entries(raw)) if (typeof value === "number" && Number.isInteger(value) && value >= 0) out[key] = value;
  return out;
}

function knobsOf(raw: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (isObj(raw)) for (const [key, value] of Object.entries(raw)) if (typeof value === "number" && Number.isFinite(value)) out[key] = value;
  return out;
}

function stringList(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.filter((v): v is string => typeof v === "string") : [];
}

function listOf<T>(raw: unknown, each: (item: Raw) => T | null): T[] {
  if (!Array.isArray(raw)) return [];
  const out: T[] = [];
  for (const item of raw) {
    if (!isObj(item)) continue;
    const value = each(item);
    if (value !== null) out.push(value);
  }
  return out;
}

function lastHeardOf(raw: unknown): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  if (!isObj(raw)) return out;
  for (const [peer, value] of Object.entries(raw)) out[peer] = int(value);
  return out;
}

export function eventOf(raw: unknown): InboxEvent | null {
  if (!isObj(raw)) return null;
  if (raw.kind === "message") {
    const msgId = int(raw.msgId);
    if (msgId === null || typeof raw.from !== "string" || typeof raw.type !== "string") return null;
    return { kind: "message", msgId, from: raw.from, type: raw.type, payload: raw.payload, arrival: num(raw.arrival) };
  }
  if (raw.kind === "timer" && typeof raw.name === "string") return { kind: "timer", name: raw.name };
  if (raw.kind === "request" && typeof raw.requestId === "string") {
    return { kind: "request", requestId: raw.requestId, payload: raw.payload, deadlineTick: num(raw.deadlineTick) };
  }
  return null;
}
