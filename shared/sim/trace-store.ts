/**
 * Where the trace lives: one row of columns (typed arrays) per event instead of one object.
 *
 * A busy level emits hundreds of thousands of events, and the trace keeps all of them (checkers,
 * the debrief and the hash read it). Kept as objects, every one survived into the old generation
 * and the garbage collector copied and marked each: half of the engine's time (profiled on the
 * engine benchmark). The five kinds that make almost all of the volume (send, deliver, drop,
 * duplicate, timer) are packed into columns; the rare kinds keep their object as it was emitted.
 *
 * Reading (`at`, iteration, `filter`...) rebuilds a packed event as a fresh object with the same
 * fields in the same order as its emitter wrote them, so checkers and the hash see exactly the
 * event that was emitted. Readers take a `TraceReader`, which a plain array of events (the
 * checker tests' hand-built traces) satisfies too.
 */
import type { DropReason, TraceEvent, TraceKind } from "./trace.js";

/** What readers of a trace need: a plain `readonly TraceEvent[]` is one. */
export interface TraceReader extends Iterable<TraceEvent> {
  readonly length: number;
  at(index: number): TraceEvent | undefined;
  filter<S extends TraceEvent>(predicate: (event: TraceEvent) => event is S): S[];
  filter(predicate: (event: TraceEvent) => boolean): TraceEvent[];
  find<S extends TraceEvent>(predicate: (event: TraceEvent) => event is S): S | undefined;
  find(predicate: (event: TraceEvent) => boolean): TraceEvent | undefined;
  slice(start?: number, end?: number): TraceEvent[];
  some(predicate: (event: TraceEvent) => boolean): boolean;
}

// Row kinds. OTHER rows keep the emitted object in `refs`.
const OTHER = 0;
const SEND = 1;
const DELIVER = 2;
const DROP = 3;
const DUPLICATE = 4;
const TIMER = 5;
/** Row kind -> trace kind, for the packed ones. */
const PACKED_KINDS: readonly (TraceKind | undefined)[] = [undefined, "send", "deliver", "drop", "duplicate", "timer"];

/**
 * Rows per chunk: columns grow a chunk at a time, so no row is ever copied. 4096 rows (~130 KB
 * of columns, 32 KB of refs) rather than 16384: every world starts with one chunk, and a server
 * holds a world per room (150 rooms took 81 MB and ~2 ms per room start zeroing 16384-row
 * chunks); the engine benchmark measured no loss (events/s ratio 0.33 -> 0.35).
 */
const CHUNK_BITS = 12;
const CHUNK_ROWS = 1 << CHUNK_BITS;
const IN_CHUNK = CHUNK_ROWS - 1;

/** One chunk of every column. */
class Chunk {
  readonly kinds = new Uint8Array(CHUNK_ROWS);
  readonly ticks = new Int32Array(CHUNK_ROWS);
  /** Index (in nodeIds) of the event's node, and of its peer (to or from). */
  readonly nodes = new Int32Array(CHUNK_ROWS);
  readonly peers = new Int32Array(CHUNK_ROWS);
  readonly msgIds = new Int32Array(CHUNK_ROWS);
  /** deliver: copy; send: message type; drop: reason; timer: name (texts as string ids). */
  readonly xs = new Int32Array(CHUNK_ROWS);
  /** deliver: sent tick. */
  readonly ys = new Int32Array(CHUNK_ROWS);
  /** send: the payload; OTHER rows: the event itself (holes elsewhere; filling them cost more). */
  readonly refs: unknown[] = new Array<unknown>(CHUNK_ROWS);
}

export class Trace implements TraceReader {
  private rows = 0;
  private readonly chunks: Chunk[] = [];
  /** The chunk rows are written to now. */
  private tail: Chunk | null = null;
  private readonly texts: string[] = [];
  private readonly textIds = new Map<string, number>();
  private readonly nodeIndex = new Map<string, number>();

  constructor(private readonly nodeIds: readonly string[]) {
    nodeIds.forEach((id, index) => this.nodeIndex.set(id, index));
  }

  get length(): number {
    return this.rows;
  }

  // ---- writing: each returns the new event's index ------------------------------------------

  pushSend(tick: number, node: number, to: number, msgId: number, type: string, payload: unknown): number {
    const row = this.row(SEND, tick, node, to, msgId);
    this.tail!.xs[row & IN_CHUNK] = this.textId(type);
    this.tail!.refs[row & IN_CHUNK] = payload;
    return row;
  }

  pushDeliver(tick: number, node: number, from: number, msgId: number, copy: number, sentTick: number): number {
    const row = this.row(DELIVER, tick, node, from, msgId);
    const chunk = this.tail!;
    chunk.xs[row & IN_CHUNK] = copy;
    chunk.ys[row & IN_CHUNK] = sentTick;
    return row;
  }

  pushDrop(tick: number, node: number, to: number, msgId: number, reason: DropReason): number {
    const row = this.row(DROP, tick, node, to, msgId);
    this.tail!.xs[row & IN_CHUNK] = this.textId(reason);
    return row;
  }

  pushDuplicate(tick: number, node: number, to: number, msgId: number): number {
    const row = this.row(DUPLICATE, tick, node, to, msgId);
    return row;
  }

  pushTimer(tick: number, node: number, name: string): number {
    const row = this.row(TIMER, tick, node, node, 0);
    this.tail!.xs[row & IN_CHUNK] = this.textId(name);
    return row;
  }

  /** Any event (its `i` must be the current length): packed when it is of a packed kind. */
  push(event: TraceEvent): number {
    if (event.i !== this.rows) throw new Error(`trace event ${event.i} pushed at index ${this.rows}`);
    switch (event.kind) {
      case "send":
        return this.pushSend(event.tick, this.indexOf(event.node), this.indexOf(event.to), event.msgId, event.type, event.payload);
      case "deliver":
        return this.pushDeliver(event.tick, this.indexOf(event.node), this.indexOf(event.from), event.msgId, event.copy, event.sentTick);
      case "drop":
        return this.pushDrop(event.tick, this.indexOf(event.node), this.indexOf(event.to), event.msgId, event.reason);
      case "duplicate":
        return this.pushDuplicate(event.tick, this.indexOf(event.node), this.indexOf(event.to), event.msgId);
      case "timer":
        return this.pushTimer(event.tick, this.indexOf(event.node), event.name);
      default: {
        const row = this.reserve();
        this.tail!.kinds[row & IN_CHUNK] = OTHER;
        this.tail!.ticks[row & IN_CHUNK] = event.tick;
        this.tail!.refs[row & IN_CHUNK] = event;
        return row;
      }
    }
  }

  // ---- reading ------------------------------------------------------------------------------

  /** The event at `index` (a fresh object for packed kinds), or undefined past the end. */
  at(index: number): TraceEvent | undefined {
    const i = index < 0 ? this.rows + index : index;
    if (i < 0 || i >= this.rows) return undefined;
    const c = this.chunks[i >> CHUNK_BITS]!;
    const r = i & IN_CHUNK;
    const tick = c.ticks[r]!;
    const node = this.nodeIds[c.nodes[r]!]!;
    const peer = this.nodeIds[c.peers[r]!]!;
    switch (c.kinds[r]) {
      case SEND:
        return { i, tick, kind: "send", node, to: peer, msgId: c.msgIds[r]!, type: this.texts[c.xs[r]!]!, payload: c.refs[r] };
      case DELIVER:
        return { i, tick, kind: "deliver", node, from: peer, msgId: c.msgIds[r]!, copy: c.xs[r]!, sentTick: c.ys[r]! };
      case DROP:
        return { i, tick, kind: "drop", node, to: peer, msgId: c.msgIds[r]!, reason: this.texts[c.xs[r]!] as DropReason };
      case DUPLICATE:
        return { i, tick, kind: "duplicate", node, to: peer, msgId: c.msgIds[r]! };
      case TIMER:
        return { i, tick, kind: "timer", node, name: this.texts[c.xs[r]!]! };
      default:
        return c.refs[r] as TraceEvent;
    }
  }

  /** The kind of event `index` (0 <= index < length), without building the event. */
  kindAt(index: number): TraceKind {
    const c = this.chunks[index >> CHUNK_BITS]!;
    const r = index & IN_CHUNK;
    const kind = c.kinds[r]!;
    return kind === OTHER ? (c.refs[r] as TraceEvent).kind : PACKED_KINDS[kind]!;
  }

  /** The node event `index` happened at (null for world events such as faults), without building it. */
  nodeAt(index: number): string | null {
    const c = this.chunks[index >> CHUNK_BITS]!;
    const r = index & IN_CHUNK;
    if (c.kinds[r] !== OTHER) return this.nodeIds[c.nodes[r]!]!;
    const event = c.refs[r] as TraceEvent;
    return "node" in event ? event.node : null;
  }

  /**
   * nodeAt as an index in the world's node list, without building a string: -1 for a world event
   * or one named after someone who is not a node (an input of the facilitator's).
   */
  nodeIndexAt(index: number): number {
    const c = this.chunks[index >> CHUNK_BITS]!;
    const r = index & IN_CHUNK;
    if (c.kinds[r] !== OTHER) return c.nodes[r]!;
    const event = c.refs[r] as TraceEvent;
    return "node" in event ? (this.nodeIndex.get(event.node) ?? -1) : -1;
  }

  *[Symbol.iterator](): Iterator<TraceEvent> {
    for (let i = 0; i < this.rows; i++) yield this.at(i)!;
  }

  filter<S extends TraceEvent>(predicate: (event: TraceEvent) => event is S): S[];
  filter(predicate: (event: TraceEvent) => boolean): TraceEvent[];
  filter(predicate: (event: TraceEvent) => boolean): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (let i = 0; i < this.rows; i++) {
      const event = this.at(i)!;
      if (predicate(event)) out.push(event);
    }
    return out;
  }

  find<S extends TraceEvent>(predicate: (event: TraceEvent) => event is S): S | undefined;
  find(predicate: (event: TraceEvent) => boolean): TraceEvent | undefined;
  find(predicate: (event: TraceEvent) => boolean): TraceEvent | undefined {
    for (let i = 0; i < this.rows; i++) {
      const event = this.at(i)!;
      if (predicate(event)) return event;
    }
    return undefined;
  }

  some(predicate: (event: TraceEvent) => boolean): boolean {
    return this.find(predicate) !== undefined;
  }

  slice(start = 0, end = this.rows): TraceEvent[] {
    const from = Math.max(0, start < 0 ? this.rows + start : start);
    const to = Math.min(this.rows, end < 0 ? this.rows + end : end);
    const out: TraceEvent[] = [];
    for (let i = from; i < to; i++) out.push(this.at(i)!);
    return out;
  }

  // ---- rows ---------------------------------------------------------------------------------

  private row(kind: number, tick: number, nodeIndex: number, peerIndex: number, msgId: number): number {
    // Checked before reserving, so a bad index leaves no half-written row behind.
    if (!(nodeIndex >= 0 && nodeIndex < this.nodeIds.length && peerIndex >= 0 && peerIndex < this.nodeIds.length)) {
      throw new Error(`trace: node index ${nodeIndex} or ${peerIndex} is not a node of this world`);
    }
    const row = this.reserve();
    const chunk = this.tail!;
    const r = row & IN_CHUNK;
    chunk.kinds[r] = kind;
    chunk.ticks[r] = tick;
    chunk.nodes[r] = nodeIndex;
    chunk.peers[r] = peerIndex;
    chunk.msgIds[r] = msgId;
    return row;
  }

  private reserve(): number {
    if ((this.rows & IN_CHUNK) === 0) {
      this.tail = new Chunk();
      this.chunks.push(this.tail);
    }
    return this.rows++;
  }

  private indexOf(node: string): number {
    const index = this.nodeIndex.get(node);
    if (index === undefined) throw new Error(`trace: ${node} is not a node of this world`);
    return index;
  }

  private textId(text: string): number {
    let id = this.textIds.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.textIds.set(text, id);
    }
    return id;
  }
}

