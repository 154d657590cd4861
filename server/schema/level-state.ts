/**
 * The Colyseus state of a level room: a PROJECTION of the game session, never a source of
 * truth. Public facts are plain fields; each player's node view sits behind `@view()` on its
 * seat (layout B of the stack notes: the NodePrivate child is added to that player's StateView,
 * and its untagged children, the inbox items, inherit the visibility). The god's view is a
 * `@view()` child of the root, added to spectators' views, and to everyone's after the end.
 *
 * Structured values travel as compact JSON strings: Schema diffs strings by value, so a field is
 * re-sent only when its text changes, and the client parses what it needs. Times that would
 * change every tick (timer remaining, ages) are sent as fixed points on the node's own uptime
 * clock instead, so a quiet node costs two numbers per patch.
 */
import { ArraySchema, MapSchema, Schema, type, view } from "@colyseus/schema";

/** One inbox card of the player's own node. `event` is the JSON of the inbox entry's event. */
export class InboxItem extends Schema {
  @type("uint32") seq = 0;
  @type("uint32") uptimeTicks = 0;
  @type("int32") wallTicks = 0;
  @type("boolean") handled = false;
  @type("string") event = "";
}

/** What one node may know (shared/view/node-view.ts), visible to that node's player only. */
export class NodePrivate extends Schema {
  @type("string") status = "up";
  /** JSON of the node's Controller: { kind: "human", autopilot: [...] } or { kind: "bot", policy }. */
  @type("string") controller = "";
  /** JSON of the node's protocol state. */
  @type("string") state = "{}";
  /** JSON array of the state fields that survive a crash (on disk). */
  @type("string") durableFields = "[]";
  @type("int32") wallTicks = 0;
  @type("uint32") uptimeTicks = 0;
  /** JSON [{ name, firesAtUptimeTicks }]: remaining = firesAtUptimeTicks - uptimeTicks. */
  @type("string") timers = "[]";
  /** JSON [{ msgId, to, type, sentAtUptimeTicks }]: sent, not heard back about since. */
  @type("string") awaiting = "[]";
  /** JSON { peer: heardAtUptimeTicks | null }: ago = uptimeTicks - heardAtUptimeTicks. */
  @type("string") lastHeard = "{}";
  /** JSON [{ requestId, payload, dueAtUptimeTicks }]: client requests waiting for an answer. */
  @type("string") requests = "[]";
  /** The last inbox entries (oldest first), updated item by item. */
  @type([InboxItem]) inbox = new ArraySchema<InboxItem>();
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
