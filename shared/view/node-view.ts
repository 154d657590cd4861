/**
 * nodeView(world, node): everything one node may know, and nothing else. Its own state (durable
 * fields marked), its two clocks, its timers, its inbox, what it sent and has not heard back
 * about, and when it last heard from each peer, all in its own uptime. Never the true time,
 * never another node's state, never whether a message was dropped or where a partition is.
 */
import { uptimeTicks, wallTicks } from "../sim/clock.js";
import type { Controller, InboxEntry, NodeStatus, World } from "../sim/world-types.js";

export interface NodeView {
  id: string;
  role: string;
  status: NodeStatus;
  controller: Controller;
  state: Record<string, unknown>;
  durableFields: string[];
  wallTicks: number;
  uptimeTicks: number;
  timers: { name: string; remainingTicks: number }[];
  inbox: InboxEntry[];
  /** Sent, not heard back from that peer since: never says whether it arrived. */
  awaiting: { msgId: number; to: string; type: string; ageTicks: number }[];
  /** Peer id -> ticks of uptime since this node last received anything from it (null: never). */
  lastHeardAgoTicks: Record<string, number | null>;
  /** Client requests waiting for an answer, with the ticks left until their deadline. */
  requests: { requestId: string; payload: unknown; dueInTicks: number }[];
  /** The level's knobs as this node has them (sim/knobs.ts). */
  knobs: Readonly<Record<string, number>>;
}

export function nodeView(world: World, nodeId: string): NodeView {
  const node = world.nodes[nodeId];
  if (!node) throw new Error(`no node ${nodeId}`);
  const up = uptimeTicks(node.clock, world.tick);
  const lastHeardAgoTicks: Record<string, number | null> = {};
  world.nodeIds.forEach((peer, index) => {
    if (peer === nodeId) return;
    const heard = node.lastHeardUptimeTicks[index] ?? -1;
    lastHeardAgoTicks[peer] = heard < 0 ? null : up - heard;
  });
  return {
    id: node.id,
    role: node.role,
    status: node.status,
    controller: node.controller,
    state: node.state,
    durableFields: [...world.protocol.durableFields],
    wallTicks: wallTicks(node.clock, world.tick),
    uptimeTicks: up,
    timers: Object.entries(node.timers).map(([name, t]) => ({ name, remainingTicks: Math.max(0, t.setUptimeTicks + t.delayTicks - up) })),
    inbox: inboxWindow(node.inbox, []),
    awaiting: node.sent
      .filter((s) => (node.lastHeardAt[world.nodes[s.to]!.index] ?? -1) < s.at)
      .slice(-AWAITING_VIEW_MAX)
      .map((s) => ({ msgId: s.msgId, to: s.to, type: s.type, ageTicks: up - s.sentUptimeTicks })),
    lastHeardAgoTicks,
    requests: node.pendingRequests.map((r) => ({ requestId: r.id, payload: r.payload, dueInTicks: r.deadlineTick - world.tick })),
    knobs: node.knobs,
  };
}

/** The awaiting list shows the last this many sends not heard back about. */
export const AWAITING_VIEW_MAX = 20;

/** The latest 20 entries, plus older ones that still wait for a decision (at most 20 of those). */
const INBOX_VIEW_RECENT = 20;

/**
 * The inbox entries a node's view shows, oldest first, written into `out` (cleared first) and
 * returned: the server's projection calls this for busy nodes on every patch, so it allocates
 * nothing but `out`'s growth. Scans back from the recent part for the older waiting entries.
 */
export function inboxWindow(inbox: readonly InboxEntry[], out: InboxEntry[]): InboxEntry[] {
  out.length = 0;
  const recentFrom = Math.max(0, inbox.length - INBOX_VIEW_RECENT);
  // The newest INBOX_VIEW_RECENT waiting entries before the recent part, found newest first.
  let olderFrom = recentFrom;
  let older = 0;
  while (olderFrom > 0 && older < INBOX_VIEW_RECENT) {
    olderFrom--;
    if (!inbox[olderFrom]!.handled) older++;
  }
  for (let i = olderFrom; i < recentFrom; i++) if (!inbox[i]!.handled) out.push(inbox[i]!);
  for (let i = recentFrom; i < inbox.length; i++) out.push(inbox[i]!);
  return out;
}
