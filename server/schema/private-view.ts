/**
 * Writes one node's private view into its NodePrivate Schema, part by part, and remembers what
 * it wrote: a part is serialised only when what it is made of changed, and a Schema field is
 * written only when its text changed. A Schema accessor costs a megamorphic keyed load inside
 * @colyseus/schema even when the value is the same, and a change costs its share of every
 * client's patch encoding. Only this writer may write into its NodePrivate, or the memory would
 * go stale.
 *
 * What a node may know is defined once, by nodeView (shared/view/node-view.ts). This writer reads
 * the same runtime fields without building a NodeView (a busy seat is written on most patches,
 * and building the whole view each time was most of a level room's projection cost), and writes
 * the documented wire form: relative times become fixed points on the node's uptime clock
 * (docs/room-protocol.md). tests/server/projection.test.ts checks, at every patch of every level,
 * that what it wrote equals nodeView's view in that form.
 */
import { uptimeTicks, wallTicks } from "../../shared/sim/clock.js";
import type { ClientRequest } from "../../shared/sim/message.js";
import type { InboxEntry, NodeRuntime, SentEntry, World } from "../../shared/sim/world-types.js";
import { AWAITING_VIEW_MAX, inboxWindow } from "../../shared/view/node-view.js";
import { shownState } from "../../shared/view/shown-state.js";
import type { NodePrivate } from "./level-state.js";

export class PrivateViewWriter {
  private status = "";
  /** The Controller object last serialised: inputs replace it, never change it in place. */
  private controllerRef: unknown = undefined;
  private controller = "";
  /** The protocol state object last serialised: reducers are pure, a new state is a new object. */
  private stateRef: unknown = undefined;
  /** The keys of stateRef, in order (reused). */
  private readonly stateKeys: string[] = [];
  private state = "";
  private stateTotals = "{}";
  private durableFieldsRef: readonly string[] | null = null;
  /** Timers as written: names and fire points, in the timers object's order. */
  private readonly timerNames: string[] = [];
  private readonly timerFires: number[] = [];
  /** The earliest uptime at which a timer is due (Infinity: none), as of the last writeView. */
  private earliestDue = Infinity;
  private timers = "";
  /** The sent entries the awaiting list shows (immutable objects), oldest first. */
  private readonly awaitingShown: SentEntry[] = [];
  private awaiting = "";
  /** lastHeardUptimeTicks as written, by peer index. */
  private readonly heard: number[] = [];
  private lastHeard = "";
  /** Pending requests as written (immutable objects) and their due points. */
  private readonly requestRefs: ClientRequest[] = [];
  private readonly requestDues: number[] = [];
  private requests = "";
  /** The knobs object last serialised: a setting replaces it, never changes it in place. */
  private knobsRef: unknown = undefined;
  /** The clock anchor as written: readings extrapolate from it (see NodePrivate). */
  private anchorTick = NaN;
  private wallAtAnchor = NaN;
  private uptimeAtAnchor = NaN;
  private readonly inbox = new InboxSlots();
  /** Scratch lists, reused on every write. */
  private readonly window: InboxEntry[] = [];
  private readonly scratch: SentEntry[] = [];

  /** `priv.inbox` must be empty (as constructed): the memory of the inbox starts empty. */
  constructor(readonly priv: NodePrivate) {}

  /** The whole view, checked part by part: for a node something happened to. */
  writeView(world: World, node: string): void {
    const n = world.nodes[node];
    if (!n) throw new Error(`no node ${node}`);
    const up = uptimeTicks(n.clock, world.tick);
    const priv = this.priv;
    if (this.status !== n.status) priv.status = this.status = n.status;
    this.writeClockReadings(world.tick, wallTicks(n.clock, world.tick), up);
    if (this.controllerRef !== n.controller) {
      this.controllerRef = n.controller;
      const controller = JSON.stringify(n.controller);
      if (this.controller !== controller) priv.controller = this.controller = controller;
    }
    // Kilobytes on busy protocols: serialised only when the reducer returned a new state whose
    // sent fields differ, and without the fields the client never reads (the screen's unsentFields).
    if (this.stateRef !== n.state) {
      const unsent = world.protocol.screen?.unsentFields;
      const sameSent = this.stateRef !== undefined && sameSentFields(this.stateRef as Record<string, unknown>, n.state, this.stateKeys, unsent);
      this.stateRef = n.state;
      if (!sameSent) {
        const shown = shownState(n.state, world.protocol);
        const state = JSON.stringify(shown.state);
        if (this.state !== state) priv.state = this.state = state;
        const totals = JSON.stringify(shown.totals);
        if (this.stateTotals !== totals) priv.stateTotals = this.stateTotals = totals;
      }
    }
    // The protocol's list, the same for the whole game: written once.
    if (this.durableFieldsRef !== world.protocol.durableFields) {
      this.durableFieldsRef = world.protocol.durableFields;
      priv.durableFields = JSON.stringify(world.protocol.durableFields);
    }
    this.writeTimers(n, up);
    this.writeAwaiting(world, n);
    this.writeLastHeard(world, n);
    this.writeRequests(world, n, up);
    if (this.knobsRef !== n.knobs) {
      this.knobsRef = n.knobs;
      priv.knobs = JSON.stringify(n.knobs);
    }
    this.inbox.write(priv.inbox, inboxWindow(n.inbox, this.window));
  }

  /**
   * Whether the node's view reads differently as time passes although nothing happened to it
   * since the last writeView (its timers are as written then: every change to them comes with a
   * trace event naming the node). A timer past due (its node is paused or slowed, so the firing
   * waits) shows 0 ticks remaining, so its projected fire time follows the uptime clock; a
   * request's deadline is in true ticks, so on a drifting clock its uptime reading moves. Both
   * are rare and short: the whole view is re-written for them.
   */
  followsClock(runtime: NodeRuntime, up: number): boolean {
    return this.earliestDue < up || (runtime.pendingRequests.length > 0 && runtime.clock.driftPpm !== 0);
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

  /** `[{ name, firesAtUptimeTicks }]`: a timer past due fires "now" (0 remaining). */
  private writeTimers(n: NodeRuntime, up: number): void {
    const names = this.timerNames;
    const fires = this.timerFires;
    let i = 0;
    let same = true;
    let earliestDue = Infinity;
    for (const name in n.timers) {
      const timer = n.timers[name]!;
      const due = timer.setUptimeTicks + timer.delayTicks;
      if (due < earliestDue) earliestDue = due;
      const firesAt = up + Math.max(0, due - up);
      if (same && (i >= names.length || names[i] !== name || fires[i] !== firesAt)) same = false;
      names[i] = name;
      fires[i] = firesAt;
      i++;
    }
    this.earliestDue = earliestDue;
    if (same && i === names.length) return;
    names.length = i;
    fires.length = i;
    const list: { name: string; firesAtUptimeTicks: number }[] = [];
    for (let k = 0; k < i; k++) list.push({ name: names[k]!, firesAtUptimeTicks: fires[k]! });
    const timers = JSON.stringify(list);
    if (this.timers !== timers) this.priv.timers = this.timers = timers;
  }

  /** `[{ msgId, to, type, sentAtUptimeTicks }]`: the last sends not heard back about since. */
  private writeAwaiting(world: World, n: NodeRuntime): void {
    const found = this.scratch;
    found.length = 0;
    // Newest first, then compared oldest first: the list shows the last AWAITING_VIEW_MAX.
    for (let i = n.sent.length - 1; i >= 0 && found.length < AWAITING_VIEW_MAX; i--) {
      const s = n.sent[i]!;
      if ((n.lastHeardAt[world.nodes[s.to]!.index] ?? -1) < s.at) found.push(s);
    }
    const shown = this.awaitingShown;
    let same = found.length === shown.length;
    for (let k = 0; same && k < found.length; k++) same = shown[k] === found[found.length - 1 - k];
    if (same) return;
    shown.length = 0;
    for (let k = found.length - 1; k >= 0; k--) shown.push(found[k]!);
    const awaiting = JSON.stringify(shown.map((s) => ({ msgId: s.msgId, to: s.to, type: s.type, sentAtUptimeTicks: s.sentUptimeTicks })));
    if (this.awaiting !== awaiting) this.priv.awaiting = this.awaiting = awaiting;
  }

  /** `{ peer: heardAtUptimeTicks | null }`, every peer in level order. */
  private writeLastHeard(world: World, n: NodeRuntime): void {
    const heard = this.heard;
    const count = world.nodeIds.length;
    let same = heard.length === count;
    for (let i = 0; i < count; i++) {
      const at = n.lastHeardUptimeTicks[i] ?? -1;
      if (heard[i] !== at) {
        same = false;
        heard[i] = at;
      }
    }
    if (same) return;
    heard.length = count;
    const byPeer: Record<string, number | null> = {};
    for (let i = 0; i < count; i++) {
      const peer = world.nodeIds[i]!;
      if (peer !== n.id) byPeer[peer] = heard[i]! < 0 ? null : heard[i]!;
    }
    const lastHeard = JSON.stringify(byPeer);
    if (this.lastHeard !== lastHeard) this.priv.lastHeard = this.lastHeard = lastHeard;
  }

  /** `[{ requestId, payload, dueAtUptimeTicks }]`: the deadline as a point on the uptime clock. */
  private writeRequests(world: World, n: NodeRuntime, up: number): void {
    const refs = this.requestRefs;
    const dues = this.requestDues;
    const pending = n.pendingRequests;
    let same = pending.length === refs.length;
    for (let i = 0; i < pending.length; i++) {
      const due = up + (pending[i]!.deadlineTick - world.tick);
      if (refs[i] !== pending[i] || dues[i] !== due) {
        same = false;
        refs[i] = pending[i]!;
        dues[i] = due;
      }
    }
    if (same) return;
    refs.length = pending.length;
    dues.length = pending.length;
    const requests = JSON.stringify(pending.map((r, i) => ({ requestId: r.id, payload: r.payload, dueAtUptimeTicks: dues[i]! })));
    if (this.requests !== requests) this.priv.requests = this.requests = requests;
  }
}

/**
 * The Schema inbox: entries of the view's window under reusable slot keys. An entry that leaves
 * the window frees its slot, and a new entry takes a freed slot first, so the usual patch (one
 * card in, the oldest out) is one replaced value, where keying by seq cost a delete and an add
 * (twice the Schema work, and a map index that grew all game). The client sorts by `seq`.
 */
class InboxSlots {
  /** Written entries in increasing seq: seq, handled flag and slot. */
  private seqs: number[] = [];
  private handled: boolean[] = [];
  private slots: number[] = [];
  /** The lists being built by a write, swapped with the ones above at its end. */
  private nextSeqs: number[] = [];
  private nextHandled: boolean[] = [];
  private nextSlots: number[] = [];
  /** Slots freed by this write (reused first), and slots deleted from the map earlier. */
  private readonly freed: number[] = [];
  private readonly free: number[] = [];
  private slotCount = 0;

  /** Makes `items` hold exactly `window` (increasing seq) with the fewest Schema changes. */
  write(items: NodePrivate["inbox"], window: readonly InboxEntry[]): void {
    const { seqs, handled, slots, freed } = this;
    // Entries no longer in the window free their slots (both lists are in increasing seq).
    let j = 0;
    for (let i = 0; i < seqs.length; i++) {
      while (j < window.length && window[j]!.seq < seqs[i]!) j++;
      if (j >= window.length || window[j]!.seq !== seqs[i]) freed.push(slots[i]!);
    }
    // One walk over the window: keep, re-write (handled changed) or add each entry.
    const nextSeqs = this.nextSeqs;
    const nextHandled = this.nextHandled;
    const nextSlots = this.nextSlots;
    nextSeqs.length = nextHandled.length = nextSlots.length = 0;
    let i = 0;
    for (const entry of window) {
      while (i < seqs.length && seqs[i]! < entry.seq) i++;
      let slot: number;
      if (i < seqs.length && seqs[i] === entry.seq) {
        slot = slots[i]!;
        if (handled[i] !== entry.handled) items.set(slotKey(slot), inboxJson(entry));
      } else {
        // Older than something already written is possible: an old card still waiting comes
        // back into the window when a newer waiting one is handled. Added like any other.
        slot = freed.length > 0 ? freed.pop()! : this.free.length > 0 ? this.free.pop()! : this.slotCount++;
        items.set(slotKey(slot), inboxJson(entry));
      }
      nextSeqs.push(entry.seq);
      nextHandled.push(entry.handled);
      nextSlots.push(slot);
    }
    // Freed slots nobody took: gone from the map, ready for later entries.
    while (freed.length > 0) {
      const slot = freed.pop()!;
      items.delete(slotKey(slot));
      this.free.push(slot);
    }
    this.nextSeqs = seqs;
    this.nextHandled = handled;
    this.nextSlots = slots;
    this.seqs = nextSeqs;
    this.handled = nextHandled;
    this.slots = nextSlots;
  }
}

/** Slot keys as strings, made once: a window has at most 40 entries, so few slots ever exist. */
const SLOT_KEYS: string[] = [];
function slotKey(slot: number): string {
  return (SLOT_KEYS[slot] ??= String(slot));
}

/** One inbox entry as the client reads it (docs/room-protocol.md). */
function inboxJson(entry: InboxEntry): string {
  return JSON.stringify({ seq: entry.seq, uptimeTicks: entry.uptimeTicks, wallTicks: entry.wallTicks, handled: entry.handled, event: entry.event });
}

/**
 * Whether `next` would serialise like `previous` once the unsent fields are left out: the same
 * keys in the same order, each sent field the same value or the same object. Reducers are pure
 * (tests/sim/pure-reducers.test.ts), so an object they kept is unchanged; a Raft card arriving
 * replaces the state and its card list only. Records next's keys into `keys` for the next call.
 */
function sameSentFields(previous: Record<string, unknown>, next: Record<string, unknown>, keys: string[], unsent: readonly string[] | undefined): boolean {
  let same = true;
  let i = 0;
  for (const key in next) {
    if (same && (keys[i] !== key || (previous[key] !== next[key] && !unsent?.includes(key)))) same = false;
    keys[i++] = key;
  }
  if (keys.length !== i) {
    keys.length = i;
    same = false;
  }
  return same;
}
