/**
 * "two-replicas" (chapter 3, CAP and PACELC): two replicas, A and B, of one shop's data, each
 * serving its own clients. Three datasets, one per round: the last 20 tickets (A sells them; B
 * holds a copy), a shopping cart (both accept adds and removes; an observed-remove set merged by
 * union) and a product's stock (A takes the updates; B holds a lagging copy). Both roles share
 * this state shape.
 */

/** One add in the cart: the item, and the tag that names this add (the client's key). */
export interface CartEntry {
  item: string;
  tag: string;
}

export interface Stock {
  value: number;
  /** A's count of stock updates: which update a copy holds. */
  version: number;
}

/** A client request passed to the peer, waiting for its answer (RAM). */
export interface Forward {
  requestId: string;
  sentUptimeTicks: number;
}

export interface ReplicaState {
  [field: string]: unknown;
  /** Tickets sold (disk). A's is the real count; B's is its copy of A's. */
  sold: number;
  /** Cart adds on disk: the observed-remove set's entries. */
  cart: CartEntry[];
  /** Tags of removed adds (disk): a merge never brings them back. */
  removed: string[];
  /** The product's stock (disk): A's is the latest; B's is its copy. */
  stock: Stock;
  /** Cart adds acknowledged but held only in RAM (only the "ack from RAM" shortcut makes them). */
  ramCart: CartEntry[];
  /** Requests forwarded to the peer, waiting for its answer (RAM). */
  forwards: Forward[];
  /** The cart digest the peer last reported, and the last one this replica sent whole (RAM). */
  peerDigest: string;
  sentDigest: string;
  sentWholeUptimeTicks: number;
}

/** The dataset a request is about, and what it asks. */
export type Dataset = "tickets" | "cart" | "product";
export type Op = "buy" | "left" | "add" | "remove" | "view" | "set" | "read";

export interface RequestPayload {
  data: Dataset;
  op: Op;
  /** A cart add's or remove's item; a product read marked checkout needs a fresh answer. */
  item?: string;
  checkout?: boolean;
  n?: number;
  key?: string;
}

/** The answer to a request: what the client is told (and the checkers read). */
export interface Answer {
  ok: boolean;
  status: string;
  result: Record<string, unknown> | null;
}

/**
 * A replica's copy, sent to the peer every half second: asynchronous replication and heartbeat.
 * The cart travels whole only while the two digests differ (anti-entropy); otherwise its digest.
 */
export interface SyncPayload {
  sold: number;
  stock: Stock;
  digest: string;
  cart?: CartEntry[];
  removed?: string[];
}

export interface ForwardPayload {
  requestId: string;
  request: RequestPayload;
}

export interface AnswerPayload {
  requestId: string;
  answer: Answer;
}

export const MESSAGE_TYPES = {
  sync: { summary: "The sender's copy (tickets sold, cart, stock), every half second: replication and heartbeat in one." },
  forward: { summary: "A client's request passed on: answer it from your copy and send back the answer." },
  answer: { summary: "A replica's answer to a request its peer forwarded to it." },
} as const;

export const DURABLE_FIELDS = ["sold", "cart", "removed", "stock"] as const;

export const initialState = (): ReplicaState => ({ sold: 0, cart: [], removed: [], stock: { value: 50, version: 0 }, ramCart: [], forwards: [], peerDigest: "", sentDigest: "", sentWholeUptimeTicks: -1 });

export function requestOf(payload: unknown): RequestPayload | null {
  const p = payload as Partial<RequestPayload> | null;
  if (!p || typeof p !== "object") return null;
  const data = p.data;
  const op = p.op;
  if (data !== "tickets" && data !== "cart" && data !== "product") return null;
  if (typeof op !== "string") return null;
  return p as RequestPayload;
}

export const isWrite = (r: RequestPayload): boolean => r.op === "buy" || r.op === "add" || r.op === "remove" || r.op === "set";
