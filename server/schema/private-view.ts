/**
 * Writes one node's private view (shared/view/node-view.ts) into its NodePrivate Schema, and
 * remembers what it wrote. Every write is compared with that memory first, so a value that did
 * not change never reaches the Schema: a Schema accessor (getter or setter) costs a megamorphic
 * keyed load inside @colyseus/schema even when the value is the same, and a change costs its
 * share of every client's patch encoding. Only this writer may write into its NodePrivate, or the
 * memory would go stale.
 */
import { uptimeTicks, wallTicks } from "../../shared/sim/clock.js";
import type { InboxEntry, NodeRuntime, World } from "../../shared/sim/world-types.js";
import { nodeView } from "../../shared/view/node-view.js";
import type { NodePrivate } from "./level-state.js";

export class PrivateViewWriter {
  private status = "";
  private controller = "";
  /** The protocol state object last serialised: reducers are pure, a new state is a new object. */
  private stateRef: unknown = undefined;
  private state = "";
  private durableFieldsRef: readonly string[] | null = null;
  private timers = "";
  private awaiting = "";
  private lastHeard = "";
  private requests = "";
  /** The clock anchor as written: readings extrapolate from it (see NodePrivate). */
  private anchorTick = NaN;
  private wallAtAnchor = NaN;
  private uptimeAtAnchor = NaN;
  /** The Schema inbox's entries as written, in increasing seq: seq and handled flag. */
  private readonly inbox: { seq: number; handled: boolean }[] = [];

  /** `priv.inbox` must be empty (as constructed): the memory of the inbox starts empty. */
  constructor(readonly priv: NodePrivate) {}

  /** The whole view, recomputed: for a node something happened to. */
  writeView(world: World, node: string): void {
    const v = nodeView(world, node);
    const up = v.uptimeTicks;
    const priv = this.priv;
    if (this.status !== v.status) priv.status = this.status = v.status;
    this.writeClockReadings(world.tick, v.wallTicks, up);
    const controller = JSON.stringify(v.controller);
    if (this.controller !== controller) priv.controller = this.controller = controller;
    // Kilobytes on busy protocols: serialised only when the reducer returned a new state, and
    // without the fields the client never reads (Protocol.unsentStateFields).
    if (this.stateRef !== v.state) {
      this.stateRef = v.state;
      const state = JSON.stringify(withoutFields(v.state, world.protocol.unsentStateFields));
      if (this.state !== state) priv.state = this.state = state;
    }
    // The protocol's list, the same for the whole game: written once.
    if (this.durableFieldsRef !== world.protocol.durableFields) {
      this.durableFieldsRef = world.protocol.durableFields;
      priv.durableFields = JSON.stringify(v.durableFields);
    }
    // Relative times become fixed points on the node's uptime clock, so they stay put as it runs.
    const timers = JSON.stringify(v.timers.map((t) => ({ name: t.name, firesAtUptimeTicks: up + t.remainingTicks })));
    if (this.timers !== timers) priv.timers = this.timers = timers;
    const awaiting = JSON.stringify(v.awaiting.map((a) => ({ msgId: a.msgId, to: a.to, type: a.type, sentAtUptimeTicks: up - a.ageTicks })));
    if (this.awaiting !== awaiting) priv.awaiting = this.awaiting = awaiting;
    const heard: Record<string, number | null> = {};
    for (const [peer, ago] of Object.entries(v.lastHeardAgoTicks)) heard[peer] = ago === null ? null : up - ago;
    const lastHeard = JSON.stringify(heard);
    if (this.lastHeard !== lastHeard) priv.lastHeard = this.lastHeard = lastHeard;
    const requests = JSON.stringify(v.requests.map((r) => ({ requestId: r.requestId, payload: r.payload, dueAtUptimeTicks: up + r.dueInTicks })));
    if (this.requests !== requests) priv.requests = this.requests = requests;
    this.writeInbox(v.inbox);
  }

  /** Only the clocks, for a node nothing happened to: usually nothing to write. */
  writeClocks(world: World, runtime: NodeRuntime): void {
    this.writeClockReadings(world.tick, wallTicks(runtime.clock, world.tick), uptimeTicks(runtime.clock, world.tick));
  }

  /**
   * Re-anchors only when the client's extrapolation from the last anchor would read differently
   * now: after a boot (uptime restarts), a clock step, or as a drifting clock gains or loses a tick.
   */
  private writeClockReadings(tick: number, wall: number, up: number): void {
    const elapsed = tick - this.anchorTick;
    if (this.wallAtAnchor + elapsed === wall && this.uptimeAtAnchor + elapsed === up) return;
    const priv = this.priv;
    priv.clockAnchorTick = this.anchorTick = tick;
    if (this.wallAtAnchor !== wall) priv.wallAtAnchorTicks = this.wallAtAnchor = wall;
    if (this.uptimeAtAnchor !== up) priv.uptimeAtAnchorTicks = this.uptimeAtAnchor = up;
  }

  /**
   * Keeps the Schema inbox equal to the view's window (entries in increasing seq) with the fewest
   * changes: delete what left the window, re-write an entry whose `handled` flag changed, add new
   * ones. Both lists are in increasing seq order, so one merge walk does it, reading only memory.
   */
  private writeInbox(wanted: readonly InboxEntry[]): void {
    const items = this.priv.inbox;
    const written = this.inbox;
    const kept: { seq: number; handled: boolean }[] = [];
    let j = 0;
    for (const item of written) {
      while (j < wanted.length && wanted[j]!.seq < item.seq) {
        // Older than something already written, yet new here: an old card still waiting comes
        // back into the window when a newer waiting one is handled (the window keeps the last
        // 20 of those). Added like any other: the client sorts by seq.
        kept.push(addEntry(items, wanted[j]!));
        j++;
      }
      if (j < wanted.length && wanted[j]!.seq === item.seq) {
        const entry = wanted[j]!;
        if (entry.handled !== item.handled) items.set(String(entry.seq), inboxJson(entry));
        kept.push({ seq: entry.seq, handled: entry.handled });
        j++;
      } else {
        items.delete(String(item.seq));
      }
    }
    for (; j < wanted.length; j++) kept.push(addEntry(items, wanted[j]!));
    written.length = 0;
    for (const k of kept) written.push(k);
  }
}

function addEntry(items: NodePrivate["inbox"], entry: InboxEntry): { seq: number; handled: boolean } {
  items.set(String(entry.seq), inboxJson(entry));
  return { seq: entry.seq, handled: entry.handled };
}

/** One inbox entry as the client reads it (docs/room-protocol.md). */
function inboxJson(entry: InboxEntry): string {
  return JSON.stringify({ seq: entry.seq, uptimeTicks: entry.uptimeTicks, wallTicks: entry.wallTicks, handled: entry.handled, event: entry.event });
}

/** The state as sent: a shallow copy without `fields`, or the state itself when it has none of them. */
function withoutFields(state: Record<string, unknown>, fields: readonly string[] | undefined): Record<string, unknown> {
  if (!fields || !fields.some((f) => f in state)) return state;
  const shown: Record<string, unknown> = {};
  for (const key in state) if (!fields.includes(key)) shown[key] = state[key];
  return shown;
}
