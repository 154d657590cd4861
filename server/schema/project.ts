/**
 * Projects a GameSession into the LevelState Schema. Called just before each patch, so the
 * cost is one projection per patch whatever the number of ticks or inputs in between. Only
 * nodes with a player (connected or held) get their private view computed: nobody can see the
 * others, and a held seat must be fresh when its player comes back.
 */
import { uptimeTicks } from "../../shared/sim/clock.js";
import type { NodeRuntime, World } from "../../shared/sim/world-types.js";
import { observerView } from "../../shared/view/observer-view.js";
import { shownState } from "../../shared/view/shown-state.js";
import { addCaptions, captionsOf, type Caption } from "../../shared/view/captions.js";
import type { GameSession } from "../rooms/game-session.js";
import type { Seat } from "../rooms/seat-assignment.js";
import { LevelState, ObserverState, SeatState } from "./level-state.js";
import { PrivateViewWriter } from "./private-view.js";

export const TICK_MS_DEFAULT = 100;
/** Watch mode: the newest captions a watching player is sent (the strip shows the last few). */
export const CAPTIONS_MAX = 8;

/**
 * Projects one session into its LevelState, doing per patch only what changed. Profiling the
 * rooms bench showed the projection as the largest cost a level room adds over a bare Colyseus
 * room, in two parts:
 *
 * - Re-projecting views nothing happened to (nodeView plus kilobytes of JSON.stringify that gave
 *   the same text). A node's private view is now re-computed only when the trace shows something
 *   happened to that node: shared/sim emits a trace event naming the node for every change to its
 *   state, status, controller, timers, inbox, sent list, peers heard and requests
 *   (tests/server/projection.test.ts checks this patch by patch against a fresh projection).
 *   Otherwise only what time moves is checked: the clock anchor (rarely re-written, see
 *   NodePrivate), and the rare fields that follow the clock (see PrivateViewWriter.followsClock).
 * - Schema setters for values that did not change: each costs a megamorphic keyed load inside
 *   @colyseus/schema's accessor before it finds out. The public facts are compared with what was
 *   last written (plain fields) and only a changed one reaches the Schema; PrivateViewWriter
 *   does the same for each private view.
 */
export class SessionProjector {
  private traceSeen = 0;
  /** Reused every sync: by node index, whether a view-changing trace event named the node. */
  private readonly touched: Uint8Array;
  /** Where the world stood when the god's view was last projected (null: never). */
  private observerAt: { tick: number; traceLength: number; inputs: number } | null = null;
  private readonly written: PublicWritten = { phase: "", paused: false, score: 0, incident: false, spectators: 0, facilitator: "", pace: 1 };
  /** Ticks per second at normal speed (a watched game's pace scales it). */
  private readonly baseTicksPerSecond: number;
  /** One per seat, in level order; the Seat, SeatState and NodeRuntime objects live as long as the room. */
  private readonly slots: SeatSlot[];

  constructor(
    private readonly session: GameSession,
    readonly state: LevelState,
  ) {
    const world = session.world;
    this.touched = new Uint8Array(world.nodeIds.length);
    this.baseTicksPerSecond = state.ticksPerSecond;
    this.slots = [];
    for (const seat of session.seats.seats) {
      const seatState = state.seats.get(seat.node);
      const runtime = world.nodes[seat.node];
      if (seatState && runtime) {
        this.slots.push({ seat, runtime, state: seatState, view: new PrivateViewWriter(seatState.priv), projected: false, written: { status: "", nickname: "", ready: false, controller: "" }, captions: [] });
      }
    }
    this.writeAll();
  }

  /** Forget what was projected for a node (a new player, a reconnect): the next sync sends all. */
  invalidate(node: string): void {
    for (const slot of this.slots) if (slot.seat.node === node) slot.projected = false;
  }

  sync(withObserver: boolean): void {
    const { session, touched } = this;
    const world = session.world;
    touched.fill(0);
    const trace = world.trace;
    // Read row by row (kind, node) without building each event: this runs on every patch. A drop
    // or a duplicate names the SENDER, whose view already changed with its "send" event (a drop
    // at arrival, during a partition or a crash, happens ticks later and changes nothing the
    // sender can see).
    for (let i = this.traceSeen; i < trace.length; i++) {
      const node = trace.nodeIndexAt(i);
      if (node < 0) continue;
      const kind = trace.kindAt(i);
      if (kind !== "drop" && kind !== "duplicate") touched[node] = 1;
    }
    if (session.isWatching) this.caption(this.traceSeen);
    this.traceSeen = trace.length;
    this.syncPublic();
    for (const slot of this.slots) {
      if (slot.seat.status === "open") {
        slot.projected = false;
        continue;
      }
      const runtime = slot.runtime;
      if (touched[runtime.index] === 1 || !slot.projected || slot.view.followsClock(runtime, uptimeTicks(runtime.clock, world.tick))) {
        slot.view.writeView(world, slot.seat.node);
        slot.projected = true;
      } else {
        slot.view.writeClocks(world, runtime);
      }
    }
    if (withObserver) this.syncObserver();
  }

  /** Watch mode: what the bot did on each watched seat's node since the last patch, and why. */
  private caption(from: number): void {
    const world = this.session.world;
    for (const slot of this.slots) {
      if (slot.seat.status === "open" || slot.runtime.controller.kind !== "bot" || this.touched[slot.runtime.index] !== 1) continue;
      const fresh = captionsOf(world.protocol, world.trace, from, slot.seat.node);
      if (fresh.length === 0) continue;
      slot.captions = addCaptions(slot.captions, fresh, CAPTIONS_MAX);
      slot.state.priv.captions = JSON.stringify(slot.captions);
    }
  }

  /**
   * The god's view, re-projected only when the world may have changed: every change comes with
   * a tick, a trace event or an input. A finished game stands still while its players read the
   * debrief (patches go on), and a paused one while the facilitator talks.
   */
  private syncObserver(): void {
    const world = this.session.world;
    const at = this.observerAt;
    if (at && at.tick === world.tick && at.traceLength === world.trace.length && at.inputs === world.inputs.length) return;
    projectObserver(world, this.state.observer);
    this.observerAt = { tick: world.tick, traceLength: world.trace.length, inputs: world.inputs.length };
  }

  /** The public facts: the tick moves every patch, the rest rarely. */
  private syncPublic(): void {
    const { session, state, written } = this;
    const world = session.world;
    state.tick = world.tick;
    if (written.phase !== session.phase) state.phase = written.phase = session.phase;
    if (written.paused !== session.paused) state.paused = written.paused = session.paused;
    if (written.score !== session.scoreSoFar) state.score = written.score = session.scoreSoFar;
    const incident = world.violations.length > 0;
    if (written.incident !== incident) state.incident = written.incident = incident;
    const spectators = session.spectatorCount();
    if (written.spectators !== spectators) state.spectators = written.spectators = spectators;
    const facilitator = session.facilitatorId ?? "";
    if (written.facilitator !== facilitator) state.facilitator = written.facilitator = facilitator;
    const pace = session.speed;
    if (written.pace !== pace) {
      state.pace = written.pace = pace;
      state.ticksPerSecond = Math.max(1, Math.round(this.baseTicksPerSecond * pace));
    }
    for (const { seat, runtime, state: seatState, written: w } of this.slots) {
      const nickname = seat.nickname ?? "";
      const controller = runtime.controller.kind;
      if (w.status !== seat.status) seatState.status = w.status = seat.status;
      if (w.nickname !== nickname) seatState.nickname = w.nickname = nickname;
      if (w.ready !== seat.ready) seatState.ready = w.ready = seat.ready;
      if (w.controller !== controller) seatState.controller = w.controller = controller;
    }
  }

  /** Writes every public fact once, so `written` matches the Schema from the start. */
  private writeAll(): void {
    const { session, written } = this;
    written.phase = this.state.phase = session.phase;
    written.paused = this.state.paused = session.paused;
    written.score = this.state.score = session.scoreSoFar;
    written.incident = this.state.incident = session.world.violations.length > 0;
    written.spectators = this.state.spectators = session.spectatorCount();
    written.facilitator = this.state.facilitator = session.facilitatorId ?? "";
    for (const { seat, runtime, state: seatState, written: w } of this.slots) {
      w.status = seatState.status = seat.status;
      w.nickname = seatState.nickname = seat.nickname ?? "";
      w.ready = seatState.ready = seat.ready;
      w.controller = seatState.controller = runtime.controller.kind;
    }
  }
}

/** The public facts as last written into the LevelState. */
interface PublicWritten {
  phase: string;
  paused: boolean;
  score: number;
  incident: boolean;
  spectators: number;
  facilitator: string;
  pace: number;
}

interface SeatSlot {
  readonly seat: Seat;
  readonly runtime: NodeRuntime;
  readonly state: SeatState;
  /** Writes the seat's private view (only this writer writes into `state.priv`). */
  readonly view: PrivateViewWriter;
  /** Whether the projected view is current except for what time moves. */
  projected: boolean;
  /** The seat's public facts as last written into `state`. */
  readonly written: { status: string; nickname: string; ready: boolean; controller: string };
  /** Watch mode: the newest captions of the bot's moves on this node (see CAPTIONS_MAX). */
  captions: Caption[];
}

/** The state with the facts fixed for the whole game; a SessionProjector writes the rest. */
export function createLevelState(session: GameSession, ticksPerSecond: number): LevelState {
  const state = new LevelState();
  const { level, mode, playMode } = session.options;
  state.levelId = level.id;
  state.levelVersion = level.version;
  state.mode = mode;
  state.playMode = playMode;
  state.durationTicks = level.durationTicks;
  state.ticksPerSecond = ticksPerSecond;
  for (const seat of session.seats.seats) {
    const spec = level.nodes.find((n) => n.id === seat.node);
    const seatState = new SeatState();
    seatState.node = seat.node;
    seatState.role = spec?.role ?? "";
    seatState.label = spec?.label ?? "";
    state.seats.set(seat.node, seatState);
  }
  return state;
}

export function projectObserver(world: World, observer: ObserverState): void {
  const o = observerView(world);
  observer.tick = o.tick;
  // Each node's state as a view shows it: lists that grow all game cut to their newest entries.
  observer.nodes = JSON.stringify(
    o.nodes.map((n) => {
      const shown = shownState(n.state, world.protocol);
      return shown.state === n.state ? n : { ...n, state: shown.state, stateTotals: shown.totals };
    }),
  );
  observer.packets = JSON.stringify(o.packets);
  observer.activeFaults = JSON.stringify(o.activeFaults);
  observer.violations = JSON.stringify(o.violations);
}
