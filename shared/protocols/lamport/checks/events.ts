/**
 * Reads the Lamport level's trace into stamped events with their happened-before order.
 *
 * The events are the protocol's "stamp" notes: one per local event, send and receive (the
 * moment a node takes a message in; for a human, when they open it). Program order is the order
 * of a node's stamp notes; a message edge joins a receive to the send whose gossip message it
 * took in, found through the trace's own "send" event for that msgId (never through what the
 * receiver claims). Reports to the archivist and round announcements are not gossip: they carry
 * no stamp and add no edge. Every Lamport checker builds one of these and feeds it each event.
 */
import type { TraceEvent } from "../../../sim/trace.js";
import { CausalOrder } from "../../../checks/happened-before.js";
import type { TraceReader } from "../../../sim/trace-store.js";
import { LAMPORT_NOTES } from "../notes.js";

export type StampKind = "local" | "send" | "receive";

export interface StampedEvent {
  /** Index in the causal order. */
  index: number;
  /** Trace index of the stamp note (what a violation cites). */
  i: number;
  tick: number;
  node: string;
  kind: StampKind;
  eventId: string;
  stamp: number;
  /** A Lamport stamp (round 2 on), as opposed to a wall-clock reading (round 1). */
  lamport: boolean;
  round: number;
  msgId: number | null;
  /** For a receive: the send it took in, when the trace shows it. */
  send: StampedEvent | null;
  /** A receive of a message this node had already received (a network duplicate stamped again). */
  duplicate: boolean;
}

export const GOSSIP_TYPE = "gossip";

export class LamportTrace {
  readonly order: CausalOrder;
  readonly events: StampedEvent[] = [];
  private readonly nodeIndex = new Map<string, number>();
  private readonly sendEventOfMsg = new Map<number, string>();
  /** Sends by event id: all a receive needs while observing. */
  private readonly sends = new Map<string, StampedEvent>();
  /** Every event by id, built on demand (goals, the quiz): indexing 100k ids per event would cost. */
  private byIdCache: { size: number; map: Map<string, StampedEvent> } | null = null;
  /** msgId * width + node, for every receive seen: a number key, since this runs per event. */
  private readonly received = new Set<number>();

  constructor(nodeIds: readonly string[], capacity?: number) {
    nodeIds.forEach((id, index) => this.nodeIndex.set(id, index));
    this.order = new CausalOrder(nodeIds.length, capacity);
  }

  nodeIds(): string[] {
    return [...this.nodeIndex.keys()];
  }

  /** The first event recorded with this id. */
  byEventId(eventId: string): StampedEvent | undefined {
    if (!this.byIdCache || this.byIdCache.size !== this.events.length) {
      const map = new Map<string, StampedEvent>();
      for (const e of this.events) if (!map.has(e.eventId)) map.set(e.eventId, e);
      this.byIdCache = { size: this.events.length, map };
    }
    return this.byIdCache.map.get(eventId);
  }

  /** Feed one trace event; returns the stamped event it added, if any. */
  observe(event: TraceEvent): StampedEvent | null {
    if (event.kind === "send" && event.type === GOSSIP_TYPE) {
      const eventId = (event.payload as { eventId?: unknown } | null)?.eventId;
      if (typeof eventId === "string") this.sendEventOfMsg.set(event.msgId, eventId);
      return null;
    }
    if (event.kind !== "note") return null;
    const d = LAMPORT_NOTES.read(event, "stamp");
    const node = this.nodeIndex.get(event.node);
    if (d === null || node === undefined) return null;
    const { kind, msgId } = d;
    let send: StampedEvent | null = null;
    let duplicate = false;
    if (kind === "receive" && msgId !== null) {
      const sendId = this.sendEventOfMsg.get(msgId);
      send = sendId === undefined ? null : (this.sends.get(sendId) ?? null);
      const key = msgId * this.order.width + node;
      duplicate = this.received.has(key);
      this.received.add(key);
    }
    const index = this.order.add(node, send ? send.index : -1);
    const stamped: StampedEvent = {
      index,
      i: event.i,
      tick: event.tick,
      node: event.node,
      kind,
      eventId: d.eventId,
      stamp: d.stamp,
      lamport: d.clock === "lamport",
      round: d.round,
      msgId,
      send,
      duplicate,
    };
    this.events.push(stamped);
    if (kind === "send" && !this.sends.has(stamped.eventId)) this.sends.set(stamped.eventId, stamped);
    return stamped;
  }
}

/** The whole trace at once (goals, the debrief, the benchmark). */
export function lamportTraceOf(trace: TraceReader, nodeIds: readonly string[]): LamportTrace {
  const lt = new LamportTrace(nodeIds, trace.length);
  for (const event of trace) lt.observe(event);
  return lt;
}

/** Short words for one event in a violation message: "N2's receive N2#14 (L=9)". */
export function describeEvent(e: StampedEvent): string {
  return `${e.node}'s ${e.kind} ${e.eventId} (stamp ${e.stamp})`;
}
