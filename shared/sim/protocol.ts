/**
 * The protocol interface. A protocol module declares its message types, its node state (which
 * fields are durable: they survive a crash; the rest is RAM), its bot policies as pure reducers,
 * and the player actions it offers, each with the rule Guided mode checks. Bots, the autopilot on
 * a human's node and the debrief's ghost all run the same reducers.
 */
import type { Rng } from "./prng.js";
import type { Arrival, ClientRequest } from "./message.js";
import type { Result } from "../base/result.js";
import type { GoalCheck, SafetyCheck } from "./check.js";

/** What a node can experience. */
export type NodeEvent =
  /** The node (re)booted: at world start and after recovering from a crash. */
  | { kind: "boot" }
  /** A message arrived (see Arrival in message.ts: never the network's copy number). */
  | ({ kind: "deliver" } & Arrival)
  | { kind: "timer"; name: string }
  | { kind: "request"; request: ClientRequest };

/** What a node can do. Effects are data: the world carries them out. */
export type Effect =
  | { kind: "send"; to: string; type: string; payload: unknown }
  /** Timers run on the node's monotonic clock. Setting a timer that exists replaces it. */
  | { kind: "set-timer"; name: string; delayTicks: number }
  | { kind: "cancel-timer"; name: string }
  /** Answer a client request. status: "ok", "error", "stale", "queued", ... */
  | { kind: "respond"; requestId: string; ok: boolean; status: string; result?: unknown }
  /** Record a protocol fact in the trace, for checkers and the debrief. */
  | { kind: "note"; name: string; data: Record<string, unknown> };

/** What a reducer may know besides its own state: never the true time, never other nodes' state. */
export interface NodeContext {
  readonly self: string;
  readonly role: string;
  /** Every node of the level, in level order, with its role. */
  readonly nodes: readonly { readonly id: string; readonly role: string }[];
  readonly wallTicks: number;
  readonly uptimeTicks: number;
  /**
   * This node's uptime when it last received anything from each node, by position in `nodes`
   * (-1: not since boot). What a failure detector works from; the player sees the same in
   * "last heard from". Read it during the call only: the runtime updates it in place.
   */
  readonly lastHeardUptimeTicks: readonly number[];
  readonly rng: Rng;
  readonly options: Readonly<Record<string, unknown>>;
}

export interface Step<S> {
  state: S;
  effects: Effect[];
}

/**
 * Pure: returns a new state object when anything changed (the same one when nothing did) and
 * never changes the state it was given, nor anything inside it. The room re-serialises a node's
 * state only when the object changed; tests/sim/pure-reducers.test.ts plays on frozen states.
 */
export type Reducer<S> = (state: S, event: NodeEvent, ctx: NodeContext) => Step<S>;

export interface BotPolicy<S> {
  summary: string;
  /** Which roles this policy can play. */
  roles: readonly string[];
  step: Reducer<S>;
}

export interface PlayerAction<S, P = unknown> {
  summary: string;
  /** The protocol rule, quoted when Guided mode refuses the action. */
  rule: string;
  roles: readonly string[];
  /** Shape validation of untrusted params: a readable error, never an exception. */
  parse(raw: unknown): Result<P, string>;
  /** Guided mode: null if allowed, else the reason naming the rule broken. Free mode skips it. */
  check?(state: S, params: P, ctx: NodeContext): string | null;
  /** Free mode still refuses what is physically impossible (e.g. acting on a message you never got). */
  possible?(state: S, params: P, ctx: NodeContext): string | null;
  apply(state: S, params: P, ctx: NodeContext): Step<S>;
}

export interface AutopilotChore {
  label: string;
  summary: string;
}

/**
 * What happens on a human's node by itself when an event arrives: chores the player handed to
 * the autopilot, and bookkeeping no real node would skip. `handled` marks the inbox card as done.
 */
export type HumanReducer<S> = (
  state: S,
  event: NodeEvent,
  ctx: NodeContext,
  autopilot: ReadonlySet<string>,
) => Step<S> & { handled: boolean };

export interface Protocol<S extends object = any> {
  id: string;
  title: string;
  messageTypes: Readonly<Record<string, { summary: string }>>;
  /** Fields that survive a crash (on disk). Everything else is RAM. */
  durableFields: readonly string[];
  /**
   * State fields the room does not send to the player's client: bookkeeping that mirrors what the
   * view already shows elsewhere (cards waiting for the player are inbox entries too). Reducers
   * still have them; the client never reads them. Saves re-sending kilobytes at each change.
   */
  unsentStateFields?: readonly string[];
  init(ctx: NodeContext): S;
  bots: Readonly<Record<string, BotPolicy<S>>>;
  actions: Readonly<Record<string, PlayerAction<S, any>>>;
  autopilot: Readonly<Record<string, AutopilotChore>>;
  human: HumanReducer<S>;
  /** This protocol's own checkers; levels name them by id. */
  checks?: { readonly safety: readonly SafetyCheck[]; readonly goals: readonly GoalCheck[] };
}

export function noEffects<S>(state: S): Step<S> {
  return { state, effects: [] };
}
