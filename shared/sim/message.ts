/**
 * Messages are immutable values. One send creates one Message; the network turns it into zero,
 * one or two deliveries (loss, duplication). A renderer interpolates a packet's flight from
 * sentTick to deliverTick; nothing per frame is ever synced.
 */
export interface Message<P = unknown> {
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly type: string;
  readonly payload: P;
  readonly sentTick: number;
}

/** One copy of a message on its way: copy 0 is the original, copy 1 a network duplicate. */
export interface Delivery {
  readonly msg: Message;
  readonly copy: number;
  readonly deliverTick: number;
}

/**
 * A message as its receiver gets it. Never the copy number: a node cannot see that the network
 * duplicated a message (only that a message id comes again, which is the lesson of the first
 * level). Instead its own count of arrivals since boot, so it can tell two arrivals apart.
 */
export interface Arrival {
  readonly msg: Message;
  readonly arrival: number;
}

/** A client request from a simulated user, arriving at one node. */
export interface ClientRequest {
  readonly id: string;
  readonly workload: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly arrivedTick: number;
  readonly deadlineTick: number;
}
