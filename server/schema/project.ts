/**
 * Projects a GameSession into the LevelState Schema. Called just before each patch, so the
 * cost is one projection per patch whatever the number of ticks or inputs in between. Only
 * nodes with a player (connected or held) get their private view computed: nobody can see the
 * others, and a held seat must be fresh when its player comes back.
 */
import { uptimeTicks, wallTicks } from "../../shared/sim/clock.js";
import type { World } from "../../shared/sim/world-types.js";
import { nodeView } from "../../shared/view/node-view.js";
import { observerView } from "../../shared/view/observer-view.js";
import type { GameSession } from "../rooms/game-session.js";
import { InboxItem, LevelState, NodePrivate, ObserverState, SeatState } from "./level-state.js";

export const TICK_MS_DEFAULT = 100;

/**
 * Projects one session into its LevelState, re-computing a node's private view only when the
 * trace shows something happened to that node (every change to a node emits a trace event
 * naming it); otherwise only its two clocks move. A full refresh every second is the safety net.
 */
export class SessionProjector {
  private traceSeen = 0;
  private readonly projectedNodes = new Set<string>();
  private patchesSinceFull = 0;

  constructor(
    private readonly session: GameSession,
    readonly state: LevelState,
    private readonly fullEveryPatches = 10,
  ) {}

  /** Forget what was projected for a node (a new player, a reconnect): the next sync sends all. */
  invalidate(node: string): void {
    this.projectedNodes.delete(node);
  }

  sync(withObserver: boolean): void {
    const { session, state } = this;
    const world = session.world;
    const full = ++this.patchesSinceFull >= this.fullEveryPatches;
    if (full) this.patchesSinceFull = 0;
    const touched = new Set<string>();
    for (let i = this.traceSeen; i < world.trace.length; i++) {
      const event = world.trace.at(i)!;
      if ("node" in event) touched.add(event.node);
    }
    this.traceSeen = world.trace.length;
    projectPublic(session, state);
    for (const seat of session.seats.seats) {
      const seatState = state.seats.get(seat.node);
      if (!seatState || seat.status === "open") {
        this.projectedNodes.delete(seat.node);
        continue;
      }
      if (full || touched.has(seat.node) || !this.projectedNodes.has(seat.node)) {
        projectNode(world, seat.node, seatState.priv);
        this.projectedNodes.add(seat.node);
      } else {
        projectClocks(world, seat.node, seatState.priv);
      }
    }
    if (withObserver) projectObserver(world, state.observer);
  }
}

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
  projectSession(session, state, false);
  return state;
}

/** Copies the session's public facts, the seated players' node views and, if wanted, the god's view. */
export function projectSession(session: GameSession, state: LevelState, withObserver: boolean): void {
  projectPublic(session, state);
  for (const seat of session.seats.seats) {
    const seatState = state.seats.get(seat.node);
    if (seatState && seat.status !== "open") projectNode(session.world, seat.node, seatState.priv);
  }
  if (withObserver) projectObserver(session.world, state.observer);
}

function projectPublic(session: GameSession, state: LevelState): void {
  const world = session.world;
  state.phase = session.phase;
  state.paused = session.paused;
  state.tick = world.tick;
  state.score = session.scoreSoFar;
  state.incident = world.violations.length > 0;
  let spectators = 0;
  for (const member of session.memberList()) if (member.node === null) spectators++;
  state.spectators = spectators;
  state.facilitator = session.facilitatorId ?? "";
  for (const seat of session.seats.seats) {
    const seatState = state.seats.get(seat.node);
    if (!seatState) continue;
    seatState.status = seat.status;
    seatState.nickname = seat.nickname ?? "";
    seatState.ready = seat.ready;
    seatState.controller = world.nodes[seat.node]?.controller.kind ?? "bot";
  }
}

/** Only the clocks: what changes every tick on a node nothing happened to. */
function projectClocks(world: World, node: string, priv: NodePrivate): void {
  const runtime = world.nodes[node];
  if (!runtime) return;
  priv.wallTicks = wallTicks(runtime.clock, world.tick);
  priv.uptimeTicks = uptimeTicks(runtime.clock, world.tick);
}

export function projectNode(world: World, node: string, priv: NodePrivate): void {
  const v = nodeView(world, node);
  const up = v.uptimeTicks;
  priv.status = v.status;
  priv.controller = JSON.stringify(v.controller);
  priv.state = JSON.stringify(v.state);
  priv.durableFields = JSON.stringify(v.durableFields);
  priv.wallTicks = v.wallTicks;
  priv.uptimeTicks = up;
  priv.timers = JSON.stringify(v.timers.map((t) => ({ name: t.name, firesAtUptimeTicks: up + t.remainingTicks })));
  priv.awaiting = JSON.stringify(v.awaiting.map((a) => ({ msgId: a.msgId, to: a.to, type: a.type, sentAtUptimeTicks: up - a.ageTicks })));
  const heard: Record<string, number | null> = {};
  for (const [peer, ago] of Object.entries(v.lastHeardAgoTicks)) heard[peer] = ago === null ? null : up - ago;
  priv.lastHeard = JSON.stringify(heard);
  priv.requests = JSON.stringify(v.requests.map((r) => ({ requestId: r.requestId, payload: r.payload, dueAtUptimeTicks: up + r.dueInTicks })));
  syncInbox(priv.inbox, v.inbox);
}

/**
 * Keeps the Schema inbox equal to the view's (a sliding window of entries with increasing seq)
 * with the fewest changes: drop what left the window, update `handled` flags, append new ones.
 */
function syncInbox(items: NodePrivate["inbox"], wanted: ReturnType<typeof nodeView>["inbox"]): void {
  const wantedBySeq = new Map(wanted.map((e) => [e.seq, e]));
  for (let i = items.length - 1; i >= 0; i--) {
    if (!wantedBySeq.has(items.at(i)!.seq)) items.splice(i, 1);
  }
  const lastSeq = items.length > 0 ? items.at(items.length - 1)!.seq : -1;
  const have = new Set<number>();
  for (const item of items) {
    have.add(item.seq);
    const entry = wantedBySeq.get(item.seq)!;
    item.handled = entry.handled;
  }
  for (const entry of wanted) {
    if (have.has(entry.seq)) continue;
    if (entry.seq < lastSeq) {
      // Not a sliding window after all (should not happen): rebuild rather than misorder.
      items.clear();
      for (const e of wanted) items.push(inboxItem(e));
      return;
    }
    items.push(inboxItem(entry));
  }
}

function inboxItem(entry: ReturnType<typeof nodeView>["inbox"][number]): InboxItem {
  const item = new InboxItem();
  item.seq = entry.seq;
  item.uptimeTicks = entry.uptimeTicks;
  item.wallTicks = entry.wallTicks;
  item.handled = entry.handled;
  item.event = JSON.stringify(entry.event);
  return item;
}

export function projectObserver(world: World, observer: ObserverState): void {
  const o = observerView(world);
  observer.tick = o.tick;
  observer.nodes = JSON.stringify(o.nodes);
  observer.packets = JSON.stringify(o.packets);
  observer.activeFaults = JSON.stringify(o.activeFaults);
  observer.violations = JSON.stringify(o.violations);
}
