/**
 * Causal delivery on the l05 chat: a reply shown before the Hello it answers, a FIFO pair
 * swapped, a Hello that never arrives; and the twins that must pass: a hold buffer that shows
 * the Hello first, messages that are merely concurrent, a message not addressed to the node.
 */
import { describe, expect, it } from "vitest";
import { CausalOrder } from "../../../../shared/checks/happened-before.js";
import { checkCausalDelivery, type CausalDeliveryViolation, type CausalMessage } from "../../../../shared/checks/history/causal-delivery.js";

const US = 0;
const EU = 1;
const APAC = 2;
const NAMES = ["US", "EU", "APAC"];

/** Hello from US to EU and APAC; APAC shows it and replies to US and EU. Returns the events. */
function helloAndReply() {
  const order = new CausalOrder(3);
  const helloSend = order.add(US);
  const helloAtApac = order.add(APAC, helloSend);
  const replySend = order.add(APAC);
  const replyAtUs = order.add(US, replySend);
  return { order, helloSend, helloAtApac, replySend, replyAtUs };
}

function violations(order: CausalOrder, messages: CausalMessage[]): CausalDeliveryViolation[] {
  const result = checkCausalDelivery(order, messages, NAMES);
  if (result.verdict !== "checked") throw new Error(JSON.stringify(result.error));
  return [...result.violations];
}

const summary = (vs: CausalDeliveryViolation[]) => vs.map((v) => `${NAMES[v.node]}: ${v.later.id} before ${v.earlier.id} (${v.earlierDelivery === null ? "never" : "late"})`);

describe("causal delivery", () => {
  it("EU shows the reply before the Hello it answers", () => {
    const { order, helloSend, helloAtApac, replySend, replyAtUs } = helloAndReply();
    const replyAtEu = order.add(EU, replySend);
    const helloAtEu = order.add(EU, helloSend);
    const vs = violations(order, [
      { id: "hello", sendEvent: helloSend, to: [EU, APAC], deliveries: [helloAtApac, helloAtEu] },
      { id: "reply", sendEvent: replySend, to: [US, EU], deliveries: [replyAtUs, replyAtEu] },
    ]);
    expect(summary(vs)).toEqual(["EU: reply before hello (late)"]);
    expect(vs[0]!.laterDelivery).toBe(replyAtEu);
    expect(vs[0]!.earlierDelivery).toBe(helloAtEu);
    expect(vs[0]!.reason).toBe("EU delivered reply before hello and only delivered it afterwards, yet sending hello happened before sending reply: whoever sent reply already knew hello, so EU showed an answer before what it answers.");
  });

  it("twin: EU receives the reply first but holds it until the Hello is shown", () => {
    const { order, helloSend, helloAtApac, replySend, replyAtUs } = helloAndReply();
    order.add(EU, replySend); // received, held in the buffer
    order.add(EU, helloSend); // received
    const showHello = order.add(EU);
    const showReply = order.add(EU);
    expect(
      violations(order, [
        { id: "hello", sendEvent: helloSend, to: [EU, APAC], deliveries: [helloAtApac, showHello] },
        { id: "reply", sendEvent: replySend, to: [US, EU], deliveries: [replyAtUs, showReply] },
      ]),
    ).toEqual([]);
  });

  it("a Hello dropped on the way to EU and never fetched leaves the reply orphaned", () => {
    const { order, helloSend, helloAtApac, replySend, replyAtUs } = helloAndReply();
    const replyAtEu = order.add(EU, replySend);
    const vs = violations(order, [
      { id: "hello", sendEvent: helloSend, to: [EU, APAC], deliveries: [helloAtApac] },
      { id: "reply", sendEvent: replySend, to: [US, EU], deliveries: [replyAtUs, replyAtEu] },
    ]);
    expect(summary(vs)).toEqual(["EU: reply before hello (never)"]);
  });

  it("twin: a Hello sent only to APAC (a private message) binds nobody else", () => {
    const { order, helloSend, helloAtApac, replySend, replyAtUs } = helloAndReply();
    const replyAtEu = order.add(EU, replySend);
    expect(
      violations(order, [
        { id: "hello", sendEvent: helloSend, to: [APAC], deliveries: [helloAtApac] },
        { id: "reply", sendEvent: replySend, to: [US, EU], deliveries: [replyAtUs, replyAtEu] },
      ]),
    ).toEqual([]);
  });

  it("two posts by one sender are causally ordered: delivering them swapped is a violation", () => {
    const order = new CausalOrder(3);
    const first = order.add(US);
    const second = order.add(US);
    const secondAtEu = order.add(EU, second);
    const firstAtEu = order.add(EU, first);
    expect(summary(violations(order, [{ id: "first", sendEvent: first, to: [EU], deliveries: [firstAtEu] }, { id: "second", sendEvent: second, to: [EU], deliveries: [secondAtEu] }]))).toEqual([
      "EU: second before first (late)",
    ]);
  });

  it("twin: concurrent posts from two replicas may be shown in either order", () => {
    const order = new CausalOrder(3);
    const us = order.add(US);
    const apac = order.add(APAC);
    const apacAtEu = order.add(EU, apac);
    const usAtEu = order.add(EU, us);
    expect(violations(order, [{ id: "us", sendEvent: us, to: [EU], deliveries: [usAtEu] }, { id: "apac", sendEvent: apac, to: [EU], deliveries: [apacAtEu] }])).toEqual([]);
  });

  it("cites the closest missing cause when several are missing", () => {
    const order = new CausalOrder(3);
    const a = order.add(US);
    const b = order.add(US);
    const c = order.add(US);
    const cAtEu = order.add(EU, c);
    const messages = [a, b, c].map((sendEvent, i) => ({ id: "abc"[i]!, sendEvent, to: [EU], deliveries: i === 2 ? [cAtEu] : [] }));
    expect(summary(violations(order, messages))).toEqual(["EU: c before b (never)"]);
  });

  it("names what is wrong with a message it cannot read", () => {
    const { order, helloSend, helloAtApac } = helloAndReply();
    expect(checkCausalDelivery(order, [{ id: "hello", sendEvent: helloSend, to: [EU], deliveries: [helloAtApac] }])).toMatchObject({
      verdict: "invalid",
      error: { messageId: "hello", field: "deliveries" },
    });
    expect(checkCausalDelivery(order, [{ id: "x", sendEvent: 99, to: [EU], deliveries: [] }])).toMatchObject({ verdict: "invalid", error: { field: "sendEvent" } });
    expect(checkCausalDelivery(order, [{ id: "x", sendEvent: helloAtApac, to: [APAC], deliveries: [helloAtApac] }])).toMatchObject({ verdict: "invalid", error: { field: "deliveries" } });
  });
});
