/**
 * The Colyseus state of a level room: a PROJECTION of the game session, never a source of
 * truth. Public facts are plain fields; each player's node view sits behind `@view()` on its
 * seat (layout B of the stack notes: the NodePrivate child is added to that player's StateView,
 * and its untagged children, the inbox items, inherit the visibility). The god's view is a
 * `@view()` child of the root, added to spectators' views, and to everyone's after the end.
 *
 * Structured values travel as compact JSON strings: Schema diffs strings by value, so a field is
 * re-sent only when its text changes, and the client parses what it needs. Nothing in a private
 * view changes just because time passes: times that would (timer remaining, ages) are fixed
 * points on the node's own uptime clock, and the clock readings themselves are an anchor the
 * client extrapolates from the public tick (readings = reading at anchor + tick - anchorTick),
 * re-sent only when that extrapolation would be wrong (a boot, a clock step, drift). A quiet
 * node costs nothing per patch: a level room's patches carry the tick and what happened.
 */
import { MapSchema, Schema, type, view } from "@colyseus/schema";
import "./schema-string-fix.js";

/** What one node may know (shared/view/node-view.ts), visible to that node's player only. */
export class NodePrivate extends Schema {
  @type("string") status = "up";
  /** JSON of the node's Controller: { kind: "human", autopilot: [...] } or { kind: "bot", policy }. */
  @type("string") controller = "";
  /** JSON of the node's protocol state. */
  @type("string") state = "{}";
  /** JSON { field: full length } of the state lists cut to their newest entries (shared/view/shown-state.ts). */
  @type("string") stateTotals = "{}";
  /** JSON array of the state fields that survive a crash (on disk). */
  @type("string") durableFields = "[]";
  /** The true tick at which the two readings below were taken (the public `tick` moves on from it). */
  @type("uint32") clockAnchorTick = 0;
  /** Wall clock reading at clockAnchorTick: now it reads wallAtAnchorTicks + tick - clockAnchorTick. */
  @type("int32") wallAtAnchorTicks = 0;
  /** Uptime reading at clockAnchorTick: now it reads uptimeAtAnchorTicks + tick - clockAnchorTick. */
  @type("uint32") uptimeAtAnchorTicks = 0;
  /** JSON [{ name, firesAtUptimeTicks }]: remaining = firesAtUptimeTicks - uptimeTicks. */
  @type("string") timers = "[]";
  /** JSON [{ msgId, to, type, sentAtUptimeTicks }]: sent, not heard back about since. */
  @type("string") awaiting = "[]";
  /** JSON { peer: heardAtUptimeTicks | null }: ago = uptimeTicks - heardAtUptimeTicks. */
  @type("string") lastHeard = "{}";
  /** JSON [{ requestId, payload, dueAtUptimeTicks }]: client requests waiting for an answer. */
  @type("string") requests = "[]";
  /** JSON { knob: value }: the level's knobs as this node has them (shared/sim/knobs.ts). */
  @type("string") knobs = "{}";
  /**
   * The inbox window: JSON { seq, uptimeTicks, wallTicks, handled, event } per entry, under slot
   * keys the server reuses (see InboxSlots in private-view.ts). A map, not an array: entries leave
   * the window from the front, and an array would renumber them all.
   */
  @type({ map: "string" }) inbox = new MapSchema<string>();
  /**
   * Watch mode: JSON [{ tick, cause, did, why }] (shared/view/captions.ts), the newest captions of
   * what the bot did on this seat's node while it ran it for its watching player. Written by the
   * SessionProjector, not the PrivateViewWriter.
   */
  @type("string") captions = "[]";
}

/** A seat: public facts for everyone, and the private view behind @view(). */
export class SeatState extends Schema {
  @type("string") node = "";
  @type("string") role = "";
  @type("string") label = "";
  /** open: nobody (a bot plays); human: a connected player; held: its player dropped and may come back. */
  @type("string") status = "open";
  @type("string") nickname = "";
  /** Who runs the node right now: "human" or "bot". */
  @type("string") controller = "bot";
  @type("boolean") ready = false;
  @view() @type(NodePrivate) priv = new NodePrivate();
}

/** The god's view (shared/view/observer-view.ts), as JSON strings. */
export class ObserverState extends Schema {
  @type("uint32") tick = 0;
  /** JSON of ObserverView.nodes. */
  @type("string") nodes = "[]";
  /** JSON of ObserverView.packets: interpolate motion from sentTick/deliverTick. */
  @type("string") packets = "[]";
  @type("string") activeFaults = "[]";
  @type("string") violations = "[]";
}

export class LevelState extends Schema {
  @type("string") levelId = "";
  @type("uint16") levelVersion = 0;
  /** "solo" | "team" */
  @type("string") mode = "solo";
  /** "guided" | "free" */
  @type("string") playMode = "guided";
  /** "lobby" | "running" | "ended" */
  @type("string") phase = "lobby";
  @type("boolean") paused = false;
  @type("uint32") tick = 0;
  @type("uint32") durationTicks = 0;
  /** Game ticks per second of real time: 10 in a real game. */
  @type("uint16") ticksPerSecond = 10;
  /** How fast a watched game runs for its player (watch mode): 0.5, 1, 2 or 4. */
  @type("float32") pace = 1;
  @type("int32") score = 0;
  /** A safety check fired: the debrief will show the proof. */
  @type("boolean") incident = false;
  /** Seats by node id, in level order. Non-seat nodes are always bots and are not listed. */
  @type({ map: SeatState }) seats = new MapSchema<SeatState>();
  @type("uint8") spectators = 0;
  /** The sessionId of the facilitator (team rooms: the creator, then whoever has been here longest). */
  @type("string") facilitator = "";
  @view() @type(ObserverState) observer = new ObserverState();
}
