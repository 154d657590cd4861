/**
 * The world's plain-data state. Everything a replay must reproduce lives here, including the
 * PRNG counters; the hash of this (plus the trace) is the game's fingerprint.
 */
import type { Level } from "../level/level.js";
import type { Catalog } from "./catalog.js";
import type { Protocol } from "./protocol.js";
import type { SafetyMonitor, Violation } from "./check.js";
import type { ClockState } from "./clock.js";
import type { EventQueue } from "./event-queue.js";
import type { FaultSpec } from "../level/faults.js";
import type { ClientRequest, Delivery } from "./message.js";
import type { RngCounters } from "./prng.js";
import type { Trace } from "./trace-store.js";

export type Mode = "guided" | "free";

export type Controller = { kind: "bot"; policy: string } | { kind: "human"; autopilot: string[] };

export type NodeStatus = "up" | "down" | "paused";

/** What arrived at a node, as its owner sees it (never whether anything was lost). */
export interface InboxEntry {
  readonly seq: number;
  readonly uptimeTicks: number;
  readonly wallTicks: number;
  readonly event:
    /** `arrival`: this node's own count of arrivals (never the network's copy number). */
    | { kind: "message"; msgId: number; from: string; type: string; payload: unknown; arrival: number }
    | { kind: "timer"; name: string }
    | { kind: "request"; requestId: string; payload: unknown; deadlineTick: number };
  handled: boolean;
}

/** Something this node sent (awaiting an answer until that peer is heard from after it). */
export interface SentEntry {
  /** Trace index of the send: compared with lastHeardAt to tell whether the peer spoke since. */
  readonly at: number;
  readonly msgId: number;
  readonly to: string;
  readonly type: string;
  readonly sentUptimeTicks: number;
}

export interface TimerEntry {
  readonly gen: number;
  readonly fireTick: number;
  readonly setUptimeTicks: number;
  readonly delayTicks: number;
}

export interface NodeRuntime {
  readonly id: string;
  /** Position in the level's node list: the engine's hot paths index arrays by it. */
  readonly index: number;
  readonly role: string;
  state: Record<string, unknown>;
  status: NodeStatus;
  controller: Controller;
  clock: ClockState;
  timers: Record<string, TimerEntry>;
  inbox: InboxEntry[];
  sent: SentEntry[];
  /** Uptime reading when this node last received anything from each peer, by peer index (-1: never). */
  lastHeardUptimeTicks: number[];
  /** Trace index of the last delivery from each peer, by peer index (-1: never; orders "heard" against "sent"). */
  lastHeardAt: number[];
  pendingRequests: ClientRequest[];
  /** Events that arrived while paused, handled in order on waking. */
  buffered: NodeQueued[];
  pausedUntilTick: number;
  slowExtraTicks: number;
  incarnation: number;
  /** Messages received since boot (RAM): numbers each arrival, see Arrival in message.ts. */
  arrivals: number;
  /** The level's knobs as this node has them: each default, or what its player set (knobs.ts). */
  knobs: Readonly<Record<string, number>>;
}

/** `nodeIndex` (and a delivery's `fromIndex`) are positions in the level: found without a lookup. */
export type NodeQueued =
  /** A copy of a message on its way; the queue item is itself the Delivery (one object per copy). */
  | ({ tick: number; seq: number; kind: "deliver"; node: string; nodeIndex: number; fromIndex: number } & Delivery)
  | { tick: number; seq: number; kind: "timer"; node: string; nodeIndex: number; name: string; gen: number }
  | { tick: number; seq: number; kind: "request"; node: string; nodeIndex: number; request: ClientRequest };

export type Queued =
  | NodeQueued
  /** A node event a slow node handles late; `slowed` so it is not delayed twice. */
  | { tick: number; seq: number; kind: "slowed"; node: string; inner: NodeQueued }
  | { tick: number; seq: number; kind: "fault-start"; faultId: number }
  | { tick: number; seq: number; kind: "fault-end"; faultId: number }
  | { tick: number; seq: number; kind: "workload"; index: number; n: number }
  /** A closed-loop client's timeout: its next attempt, unless an answer came first. */
  | { tick: number; seq: number; kind: "client-retry"; index: number; n: number; attempt: number };

export interface InputRecord {
  tick: number;
  node: string;
  action: string;
  /** A refused input keeps small params only (null otherwise): see submitInput. */
  params: unknown;
  /** Set when the input was refused: the refusal's words, as traced. */
  refused?: string;
}

export interface WorldStats {
  events: number;
  sent: number;
  delivered: number;
  dropped: number;
  duplicated: number;
}

export interface World {
  readonly level: Level;
  /** The protocols and checks this game may use (the engine imports none itself). */
  readonly catalog: Catalog;
  readonly protocol: Protocol;
  readonly seed: number;
  readonly mode: Mode;
  tick: number;
  seq: number;
  nextMsgId: number;
  inboxSeq: number;
  readonly nodeIds: readonly string[];
  readonly nodes: Record<string, NodeRuntime>;
  /** The same runtimes in level order (index = NodeRuntime.index). */
  readonly nodeList: NodeRuntime[];
  readonly queue: EventQueue<Queued>;
  readonly rngCounters: RngCounters;
  /**
   * Messages sent so far on each directed link, by from * nodes + to (node positions): the
   * counter of the link's PRNG stream (shared/sim/network.ts). An array rather than entries in
   * rngCounters: it is read and written on every send.
   */
  readonly linkOrdinals: number[];
  /** Every fault of this game: scripted, weather, and injected live. Index = fault id. */
  readonly faults: FaultSpec[];
  activeNetworkFaults: number[];
  readonly trace: Trace;
  readonly inputs: InputRecord[];
  readonly monitors: readonly { check: string; monitor: SafetyMonitor }[];
  readonly violations: Violation[];
  /** Findings of the checks the level observes (level.observe): shown, never charged. */
  readonly observations: Violation[];
  readonly stats: WorldStats;
  /** Closed-loop clients answered so far (their keys): their pending retries are called off. */
  readonly answeredKeys: Set<string>;
}
