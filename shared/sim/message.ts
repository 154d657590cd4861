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

/** A client request from a simulated user, arriving at one node. */
export interface ClientRequest {
  readonly id: string;
  readonly workload: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly arrivedTick: number;
  readonly deadlineTick: number;
}
