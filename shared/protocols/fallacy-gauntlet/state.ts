/**
 * The gauntlet's node state and messages. Every role shares one state shape (one part per
 * round). The player's seat, service node S, runs each round's chores by itself, the way its
 * settings say; the player's decisions are those settings (one per round, actions.ts). Their
 * starting values are the fallacies: what a service does when it assumes the network is kind.
 */

/** S's settings, one per round; the first option of each is the naive default. */
export const SETTINGS = {
  reliable: ["wait", "retry", "retry-key", "query", "give-up"],
  latency: ["sequential", "parallel", "parallel-cache"],
  bandwidth: ["full", "projection"],
  secure: ["trust-claim", "verify"],
  topology: ["fixed", "discover"],
  admin: ["v1-only", "feed", "both"],
  cost: ["each", "batch-10", "batch-all"],
  homogeneous: ["whole", "chunks", "lan"],
} as const;
export type SettingRound = keyof typeof SETTINGS;
export type Settings = { [R in SettingRound]: (typeof SETTINGS)[R][number] };

export const NAIVE: Settings = { reliable: "wait", latency: "sequential", bandwidth: "full", secure: "trust-claim", topology: "fixed", admin: "v1-only", cost: "each", homogeneous: "whole" };

/** R1: an order S is charging (RAM). */
export interface Order {
  id: string;
  attempts: number;
  settled: boolean;
}

/** R2: a page S is building: the parts it still waits for. */
export interface Page {
  id: string;
  waiting: string[];
  parts: string[];
  /** Sequential: the parts not yet asked for, in order. */
  queue: string[];
}

/** R5: a stock request waiting for Inventory's answer. */
export interface StockAsk {
  id: string;
  to: string;
}

/** R8: a shipment's chunks as the far site has them. */
export interface Assembly {
  id: string;
  got: number;
  of: number;
}

export interface GauntletState {
  [field: string]: unknown;
  settings: Settings;
  // ---- S, round by round
  orders: Order[];
  pages: Page[];
  /** R3: the uplink is busy until this uptime tick; what is queued is the difference. */
  uplinkFreeAt: number;
  uplinkDepth: number;
  executed: number;
  rejected: number;
  inventoryAt: string;
  stockAsks: StockAsk[];
  /** R6: S has asked the other team for its change feed. */
  subscribed: boolean;
  /** R6: the newest schema version S has learned from the change feed. */
  schemaKnown: number;
  decoded: number;
  decodeErrors: number;
  /** R7: events waiting to be forwarded, and what forwarding cost so far (tenths of a coin). */
  batch: string[];
  coinTenths: number;
  /** Bonus: the last order count Payments reported, and when it arrived (uptime). */
  countReport: { orders: number; atUptime: number } | null;
  answer: string | null;
  // ---- the scripted services
  /** Payments: orders charged (an order twice is a double charge), keys honoured, orders held. */
  charged: string[];
  keys: string[];
  /** The other team's node: who subscribed to its change feed. */
  subscribers: string[];
  /** The far site: shipments being reassembled, and those complete. */
  assembly: Assembly[];
}

export const initialState = (inventoryAt: string): GauntletState => ({
  settings: NAIVE,
  orders: [],
  pages: [],
  uplinkFreeAt: 0,
  uplinkDepth: 0,
  executed: 0,
  rejected: 0,
  inventoryAt,
  stockAsks: [],
  subscribed: false,
  schemaKnown: 1,
  decoded: 0,
  decodeErrors: 0,
  batch: [],
  coinTenths: 0,
  countReport: null,
  answer: null,
  charged: [],
  keys: [],
  subscribers: [],
  assembly: [],
});

export const MESSAGE_TYPES = {
  charge: { summary: "S to Payments: charge this order (with its idempotency key, or without)." },
  charged: { summary: "Payments: the order is charged (now, or already under this key)." },
  status: { summary: "S to Payments: is this order charged?" },
  "status-reply": { summary: "Payments: whether the order is charged." },
  lookup: { summary: "S to Inventory: one part of a page." },
  part: { summary: "Inventory: the page part asked for." },
  command: { summary: "A command that claims to come from Auth, with or without a valid signature." },
  stock: { summary: "S to Inventory: how many of this item are in stock?" },
  "stock-reply": { summary: "Inventory: the stock count." },
  where: { summary: "S to Discovery: where is Inventory now?" },
  "where-reply": { summary: "Discovery: Inventory's current address." },
  subscribe: { summary: "S to the other team's node: send me your change feed." },
  "schema-change": { summary: "Change feed: a field of the events is renamed from a given moment." },
  event: { summary: "The other team's node: an order event (schema v1: qty; v2: quantity)." },
  batch: { summary: "S to the other team's node: forwarded events, one message for many." },
  chunk: { summary: "A shipment, whole or one chunk of it, towards the far site." },
  count: { summary: "Payments: how many orders it holds, as of when it sent this." },
} as const;

/** Payments' ledger is on disk; everything else is RAM (nothing in this level crashes S). */
export const DURABLE_FIELDS = ["charged", "keys"] as const;
