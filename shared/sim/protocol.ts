/**
 * The protocol interface. A protocol module declares its message types, its node state (which
 * fields are durable: they survive a crash; the rest is RAM), its bot policies as pure reducers,
 * and the player actions it offers, each with the rule Guided mode checks. Bots, the autopilot on
 * a human's node and the debrief's ghost all run the same reducers.
 */
import type { TObject } from "@sinclair/typebox";
import type { RoleCount } from "../level/level-catalog.js";
import type { Rng } from "./prng.js";
import type { Arrival, ClientRequest } from "./message.js";
import type { ParamSpecs, Resolved } from "./action-params.js";
import type { GoalCheck, SafetyCheck } from "./check.js";
import type { ProtocolScreen } from "./screen.js";
import type { DebriefHook } from "./debrief-marks.js";
import type { NoteSchemas } from "./notes.js";

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
  /**
   * Answer a client request. status: "ok", "error", "stale", "queued", ... `redirect`: a not-OK
   * answer that points the client at the node that can serve it ("not the leader; ask N3"): the
   * protocol working, not failing. It is counted as a redirect, never as an error.
   */
  | { kind: "respond"; requestId: string; ok: boolean; status: string; result?: unknown; redirect?: boolean }
  /** Record a protocol fact in the trace, for checkers and the debrief. */
  | { kind: "note"; name: string; data: Record<string, unknown> };

/**
 * One thing a node did, as watch mode's captions see it (read back from the trace, which records
 * sends, answers to clients and notes; timers set are not traced).
 */
export type CaptionEffect =
  | { kind: "send"; to: string; type: string; payload: unknown }
  | { kind: "respond"; ok: boolean; status: string; redirect?: true }
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
  /**
   * The level's knobs as this node has them (knobs.ts): each default, or what its player set.
   * The engine always fills it; contexts built by hand (unit tests, screens) may leave it out.
   */
  readonly knobs?: Readonly<Record<string, number>>;
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
  /**
   * A named mistake a player can make, played by a bot: "safety" ones must trip a safety check;
   * "liveness" ones (too slow, never retried) and "rule" ones (a level's own rule, such as l09's
   * de-duplication) must cost stars against the correct bots on the same seed. `npm run
   * conformance` measures how often each is caught from every seat it can take.
   */
  mistake?: "safety" | "liveness" | "rule";
  step: Reducer<S>;
}

/** How an action shows on the player's screen: a button's words and keys, nothing of its rule. */
export interface ActionLook<S, P> {
  /** The button's words ("Grant vote"). */
  label: string;
  /** Its letter on an inbox card ("g"). */
  key?: string;
  /** A letter per offer, when one action makes several buttons (grant: g, deny: d). */
  keyOf?(params: P, state: S): string;
  /** Offered on the action bar (numbered 1-9) when it needs no card; its mnemonic letter there. */
  bar?: { key: string };
  /** Words that depend on the moment ("Forward to N2", "Serve stale map (12 s old)"). */
  labelOf?(state: S, params: P, ctx: NodeContext): string;
  /**
   * Buttons of one group sit together under its title (one quiz question's answers), above the
   * facts the choice depends on (who holds a sale, what a vote request asks).
   */
  groupOf?(state: S, params: P, ctx: NodeContext): { id: string; title: string; lines: string[] } | null;
}

/**
 * A player action. Its parameters are declared as data (action-params.ts): the engine parses
 * and resolves them, so check, possible and apply receive the real message or request.
 */
export interface PlayerAction<S, Specs extends ParamSpecs = ParamSpecs> {
  summary: string;
  /** The protocol rule, quoted when Guided mode refuses the action. */
  rule: string;
  roles: readonly string[];
  params: Specs;
  /** Timer cards this action deals with: its election timer's card, once an election started. */
  settles?: readonly string[];
  /** Guided mode: null if allowed, else the reason naming the rule broken. Free mode skips it. */
  check?(state: S, params: Resolved<Specs>, ctx: NodeContext): string | null;
  /** Free mode still refuses what is physically impossible (e.g. acting on a message you never got). */
  possible?(state: S, params: Resolved<Specs>, ctx: NodeContext): string | null;
  apply(state: S, params: Resolved<Specs>, ctx: NodeContext): Step<S>;
  look: ActionLook<S, Resolved<Specs>>;
}

/** Declares one action with its params' types inferred: `defineAction<RaftState>()({...})`. */
export function defineAction<S>() {
  return <const Specs extends ParamSpecs>(action: PlayerAction<S, Specs>): PlayerAction<S, Specs> => action;
}

export interface AutopilotChore {
  label: string;
  summary: string;
  /** The roles whose node has this chore (a switch elsewhere would do nothing); absent: every role. */
  roles?: readonly string[];
}

/**
 * What happens on a human's node by itself when an event arrives: chores the player handed to
 * the autopilot, and bookkeeping no real node would skip. `handled` marks the inbox card as done;
 * `quiet` (with handled) leaves no card at all: background traffic the player never decides on,
 * such as a replication heartbeat every half second, which would bury the cards that matter. It
 * stays in the trace, so the debrief's diagram still draws it.
 */
export type HumanReducer<S> = (
  state: S,
  event: NodeEvent,
  ctx: NodeContext,
  autopilot: ReadonlySet<string>,
) => Step<S> & { handled: boolean; quiet?: boolean };

export interface Protocol<S extends object = any> {
  id: string;
  title: string;
  messageTypes: Readonly<Record<string, { summary: string }>>;
  /** Fields that survive a crash (on disk). Everything else is RAM. */
  durableFields: readonly string[];
  /**
   * State lists that grow as the game goes on (histories, ids seen, records kept), with how many
   * of their newest entries a view shows: a client is sent those and the list's full length
   * (shared/view/shown-state.ts), so what it receives never grows with the game's length.
   */
  shownStateLists?: Readonly<Record<string, number>>;
  init(ctx: NodeContext): S;
  bots: Readonly<Record<string, BotPolicy<S>>>;
  actions: Readonly<Record<string, PlayerAction<S, any>>>;
  autopilot: Readonly<Record<string, AutopilotChore>>;
  /** The knobs this protocol reads from ctx.knobs; a level gives the player some of them, with limits. */
  knobs?: Readonly<Record<string, { summary: string }>>;
  human: HumanReducer<S>;
  /** This protocol's own checkers; levels name them by id. */
  checks?: { readonly safety: readonly SafetyCheck[]; readonly goals: readonly GoalCheck[] };
  /**
   * What a level may set in protocolOptions, as a schema (shared/level/protocol-options.ts builds
   * them): parseLevel refuses an unknown key (a typo such as heartbeatTicsk) or a bad value,
   * naming the field, and level.schema.json documents them.
   */
  options?: TObject;
  /** Every role this protocol knows, with how many nodes of it a level must have. */
  roles?: Readonly<Record<string, RoleCount>>;
  /** What the player's node panel and cards show (screen.ts); without one, every field, plainly. */
  screen?: ProtocolScreen<S>;
  /** What this protocol adds to the debrief: shaded spans on the diagram and cards (debrief-marks.ts). */
  debrief?: DebriefHook;
  /**
   * The notes this protocol writes in the trace, each with the schema of its data (sim/notes.ts).
   * Declared notes are checked against their schema on every level in tests/sim/trace-notes.test.ts.
   */
  notes?: NoteSchemas;
  /**
   * Which player action a bot's move is (the id of one of `actions`), so watch mode's caption
   * gives that action's rule as the reason: a bot's "send Vote granted" is the move grantVote.
   * Null or absent: the caption says what the message is (its messageTypes summary).
   */
  botMove?(effect: CaptionEffect): string | null;
}

export function noEffects<S>(state: S): Step<S> {
  return { state, effects: [] };
}
