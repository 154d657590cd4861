/**
 * A seat's private view in the documented wire form (docs/room-protocol.md), two ways: as a
 * client decodes it from a LevelState (the server's Schema or a colyseus.js client's decoded
 * copy), and as nodeView defines it. The projection and patch tests compare the two.
 */
import type { GameSession } from "../../server/rooms/game-session.js";
import { nodeView } from "../../shared/view/node-view.js";

/** What decodedPriv reads: a LevelState's seats, server Schema or decoded on a client. */
interface StateLike {
  tick: number;
  seats: { get(node: string): { priv: any } | undefined };
}

/** The inbox map's entries, parsed, in seq order. */
export function inboxList(inbox: unknown): { seq: number }[] {
  return Object.values(inbox as Record<string, string>)
    .map((text) => JSON.parse(text) as { seq: number })
    .sort((a, b) => a.seq - b.seq);
}

/** A seat's private view as a client decodes it: every JSON field parsed, the clocks read at this tick. */
export function decodedPriv(state: StateLike, node: string): Record<string, unknown> {
  const p = state.seats.get(node)!.priv;
  const since = state.tick - p.clockAnchorTick;
  return {
    status: p.status,
    controller: JSON.parse(p.controller),
    state: JSON.parse(p.state),
    stateTotals: JSON.parse(p.stateTotals),
    durableFields: JSON.parse(p.durableFields),
    wallTicks: p.wallAtAnchorTicks + since,
    uptimeTicks: p.uptimeAtAnchorTicks + since,
    timers: JSON.parse(p.timers),
    awaiting: JSON.parse(p.awaiting),
    lastHeard: JSON.parse(p.lastHeard),
    requests: JSON.parse(p.requests),
    knobs: JSON.parse(p.knobs),
    inbox: inboxList(p.inbox.toJSON()),
  };
}

/**
 * nodeView's view of a node (what it may know, defined once) in the documented wire form
 * (docs/room-protocol.md): relative times as points on the node's uptime clock, the state without
 * the protocol's unsent fields and its growing lists cut to their newest entries. The projection's writer reads the runtime itself, for speed.
 */
export function privFromNodeView(session: GameSession, node: string): Record<string, unknown> {
  const world = session.world;
  const v = nodeView(world, node);
  const up = v.uptimeTicks;
  // Without the unsent fields, and the lists that grow all game cut to their newest entries.
  const unsent = world.protocol.screen?.unsentFields ?? [];
  const caps = world.protocol.shownStateLists ?? {};
  const state: Record<string, unknown> = {};
  const stateTotals: Record<string, number> = {};
  for (const [key, value] of Object.entries(v.state)) {
    if (unsent.includes(key)) continue;
    const cap = caps[key];
    if (cap !== undefined && Array.isArray(value) && value.length > cap) {
      state[key] = value.slice(-cap);
      stateTotals[key] = value.length;
    } else state[key] = value;
  }
  const wire = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
  return {
    status: v.status,
    controller: wire(v.controller),
    state: wire(state),
    stateTotals,
    durableFields: v.durableFields,
    wallTicks: v.wallTicks,
    uptimeTicks: up,
    timers: v.timers.map((t) => ({ name: t.name, firesAtUptimeTicks: up + t.remainingTicks })),
    awaiting: v.awaiting.map((a) => ({ msgId: a.msgId, to: a.to, type: a.type, sentAtUptimeTicks: up - a.ageTicks })),
    lastHeard: Object.fromEntries(Object.entries(v.lastHeardAgoTicks).map(([peer, ago]) => [peer, ago === null ? null : up - ago])),
    requests: wire(v.requests.map((r) => ({ requestId: r.requestId, payload: r.payload, dueAtUptimeTicks: up + r.dueInTicks }))),
    knobs: wire(v.knobs),
    inbox: v.inbox.map((e) => wire({ seq: e.seq, uptimeTicks: e.uptimeTicks, wallTicks: e.wallTicks, handled: e.handled, event: e.event })),
  };
}

