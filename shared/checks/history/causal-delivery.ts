/**
 * Causal delivery (Birman; the book's chapter 4 and l05 "Causal Chat"): if sending m1 happened
 * before sending m2, every node that both are addressed to delivers m1 before m2. A reply shown
 * without the "Hello" it answers is the violation players see as a "reply to nothing".
 *
 * Happened-before comes from happened-before.ts (vector clocks, O(1) per question): the caller
 * builds one CausalOrder over its events (program order plus send -> receive edges) and names,
 * for each message, its send event and its delivery events in that order. Delivery order at a
 * node is that node's program order. A message m2 delivered at p while some m1 addressed to p
 * with send(m1) -> send(m2) had not been delivered there yet is a violation, whether m1 arrives
 * later or never (a dropped Hello never fetched leaves the reply orphaned for good).
 * Duplicate deliveries are judged by their first one (showing twice is a separate check).
 */
import type { CausalOrder } from "../happened-before.js";

export interface CausalMessage {
  id: string;
  /** Index of its send event in the causal order. */
  sendEvent: number;
  /** Nodes (indices in the causal order) it is addressed to. */
  to: readonly number[];
  /** Its delivery events in the causal order, at nodes of `to`. */
  deliveries: readonly number[];
  /** Trace indices of its send and deliveries, copied into a violation's evidence. */
  events?: readonly number[];
}

export interface CausalDeliveryViolation {
  node: number;
  /** Sent causally before `later`, addressed to the same node. */
  earlier: CausalMessage;
  later: CausalMessage;
  /** Where `later` was delivered at the node. */
  laterDelivery: number;
  /** Where `earlier` was delivered there (after `later`), or null if it never was. */
  earlierDelivery: number | null;
  reason: string;
}

export type CausalDeliveryResult =
  | { verdict: "checked"; violations: readonly CausalDeliveryViolation[] }
  | { verdict: "invalid"; error: { messageId: string; field: string; reason: string } };

function messageError(order: CausalOrder, m: CausalMessage): { field: string; reason: string } | null {
  const isEvent = (e: number) => Number.isInteger(e) && e >= 0 && e < order.size;
  if (!isEvent(m.sendEvent)) return { field: "sendEvent", reason: `${m.sendEvent} is not an event of the causal order (0..${order.size - 1})` };
  for (const node of m.to) if (!Number.isInteger(node) || node < 0 || node >= order.width) return { field: "to", reason: `node ${node} is outside 0..${order.width - 1}` };
  for (const d of m.deliveries) {
    if (!isEvent(d)) return { field: "deliveries", reason: `${d} is not an event of the causal order` };
    if (!m.to.includes(order.node(d))) return { field: "deliveries", reason: `event ${d} is at node ${order.node(d)}, which the message is not addressed to` };
    if (!order.before(m.sendEvent, d)) return { field: "deliveries", reason: `event ${d} does not come after the send (event ${m.sendEvent})` };
  }
  return null;
}

/** The first delivery of each message at `node`. */
function firstDeliveries(order: CausalOrder, messages: readonly CausalMessage[], node: number): Map<CausalMessage, number> {
  const first = new Map<CausalMessage, number>();
  for (const m of messages) {
    for (const d of m.deliveries) {
      if (order.node(d) !== node) continue;
      const seen = first.get(m);
      if (seen === undefined || order.before(d, seen)) first.set(m, d);
    }
  }
  return first;
}

function violationsAt(order: CausalOrder, messages: readonly CausalMessage[], node: number, name: (node: number) => string): CausalDeliveryViolation[] {
  const addressed = messages.filter((m) => m.to.includes(node));
  const delivered = firstDeliveries(order, addressed, node);
  const out: CausalDeliveryViolation[] = [];
  for (const later of addressed) {
    const laterDelivery = delivered.get(later);
    if (laterDelivery === undefined) continue;
    // Of the causal predecessors not delivered in time, cite the most recent one: the closest cause.
    let earlier: CausalMessage | null = null;
    for (const m of addressed) {
      if (m === later || !order.before(m.sendEvent, later.sendEvent)) continue;
      const d = delivered.get(m);
      if (d !== undefined && order.before(d, laterDelivery)) continue;
      if (!earlier || order.before(earlier.sendEvent, m.sendEvent)) earlier = m;
    }
    if (!earlier) continue;
    const earlierDelivery = delivered.get(earlier) ?? null;
    const when = earlierDelivery === null ? "and never delivered it" : "and only delivered it afterwards";
    out.push({
      node,
      earlier,
      later,
      laterDelivery,
      earlierDelivery,
      reason: `${name(node)} delivered ${later.id} before ${earlier.id} ${when}, yet sending ${earlier.id} happened before sending ${later.id}: whoever sent ${later.id} already knew ${earlier.id}, so ${name(node)} showed an answer before what it answers.`,
    });
  }
  return out;
}

export function checkCausalDelivery(order: CausalOrder, messages: readonly CausalMessage[], nodeNames?: readonly string[]): CausalDeliveryResult {
  const ids = new Set<string>();
  for (const m of messages) {
    if (ids.has(m.id)) return { verdict: "invalid", error: { messageId: m.id, field: "id", reason: "appears twice" } };
    ids.add(m.id);
    const wrong = messageError(order, m);
    if (wrong) return { verdict: "invalid", error: { messageId: m.id, ...wrong } };
  }
  const name = (node: number) => nodeNames?.[node] ?? `node ${node}`;
  const violations: CausalDeliveryViolation[] = [];
  for (let node = 0; node < order.width; node++) violations.push(...violationsAt(order, messages, node, name));
  return { verdict: "checked", violations };
}
