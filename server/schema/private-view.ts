/**
 * Writes one node's private view (shared/view/node-view.ts) into its NodePrivate Schema, and
 * remembers what it wrote. Every write is compared with that memory first, so a value that did
 * not change never reaches the Schema: a Schema accessor (getter or setter) costs a megamorphic
 * keyed load inside @colyseus/schema even when the value is the same, and profiling the rooms
 * bench showed those accessors (the inbox's `handled` flags above all) among a room's top costs.
 * Only this writer may write into its NodePrivate, or the memory would go stale.
 */
import { uptimeTicks, wallTicks } from "../../shared/sim/clock.js";
import type { InboxEntry, NodeRuntime, World } from "../../shared/sim/world-types.js";
import { nodeView } from "../../shared/view/node-view.js";
import { InboxItem, type NodePrivate } from "./level-state.js";

export class PrivateViewWriter {
  private status = "";
  private controller = "";
  private state = "";
  private durableFields = "";
  private wallTicks = NaN;
  private uptimeTicks = NaN;
  private timers = "";
  private awaiting = "";
  private lastHeard = "";
  private requests = "";
  /** The Schema inbox's items as written, same order: seq and handled flag. */
  private readonly inbox: { seq: number; handled: boolean }[] = [];

  /** `priv.inbox` must be empty (as constructed): the memory of the inbox starts empty. */
  constructor(readonly priv: NodePrivate) {}

  /** The whole view, recomputed: for a node something happened to. */
  writeView(world: World, node: string): void {
    const v = nodeView(world, node);
    const up = v.uptimeTicks;
    const priv = this.priv;
    if (this.status !== v.status) priv.status = this.status = v.status;
    this.writeClockReadings(v.wallTicks, up);
    const controller = JSON.stringify(v.controller);
    if (this.controller !== controller) priv.controller = this.controller = controller;
    const state = JSON.stringify(v.state);
    if (this.state !== state) priv.state = this.state = state;
    const durableFields = JSON.stringify(v.durableFields);
    if (this.durableFields !== durableFields) priv.durableFields = this.durableFields = durableFields;
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

  /** Only the clocks: what changes every tick on a node nothing happened to. */
  writeClocks(world: World, runtime: NodeRuntime): void {
    this.writeClockReadings(wallTicks(runtime.clock, world.tick), uptimeTicks(runtime.clock, world.tick));
  }

  private writeClockReadings(wall: number, up: number): void {
    if (this.wallTicks !== wall) this.priv.wallTicks = this.wallTicks = wall;
    if (this.uptimeTicks !== up) this.priv.uptimeTicks = this.uptimeTicks = up;
  }

  /**
   * Keeps the Schema inbox equal to the view's (a sliding window of entries with increasing seq)
   * with the fewest changes: drop what left the window, update `handled` flags, append new ones.
   * Both lists are in increasing seq order, so one merge walk does it, reading only the memory.
   */
  private writeInbox(wanted: readonly InboxEntry[]): void {
    const items = this.priv.inbox;
    const written = this.inbox;
    // From the end, so a removal never shifts an item still to be visited.
    let j = wanted.length - 1;
    for (let i = written.length - 1; i >= 0; i--) {
      const item = written[i]!;
      while (j >= 0 && wanted[j]!.seq > item.seq) j--;
      if (j >= 0 && wanted[j]!.seq === item.seq) {
        const handled = wanted[j]!.handled;
        if (item.handled !== handled) items.at(i)!.handled = item.handled = handled;
        j--;
      } else {
        items.splice(i, 1);
        written.splice(i, 1);
      }
    }
    // Every kept item matched one wanted entry at or below the last kept seq; the rest are new.
    const lastSeq = written.length > 0 ? written[written.length - 1]!.seq : -1;
    let firstNew = wanted.length;
    while (firstNew > 0 && wanted[firstNew - 1]!.seq > lastSeq) firstNew--;
    if (firstNew !== written.length) {
      // An entry older than the last kept item is missing: not a sliding window after all
      // (should not happen): rebuild rather than misorder.
      items.clear();
      written.length = 0;
      firstNew = 0;
    }
    for (let k = firstNew; k < wanted.length; k++) {
      const entry = wanted[k]!;
      items.push(inboxItem(entry));
      written.push({ seq: entry.seq, handled: entry.handled });
    }
  }
}

function inboxItem(entry: InboxEntry): InboxItem {
  const item = new InboxItem();
  item.seq = entry.seq;
  item.uptimeTicks = entry.uptimeTicks;
  item.wallTicks = entry.wallTicks;
  item.handled = entry.handled;
  item.event = JSON.stringify(entry.event);
  return item;
}
