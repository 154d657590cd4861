// l09 (Lamport): each card -> the actions it offers (from the protocol's declarations, through
// shared/sim/legal-actions.ts) -> params, with the typed stamp merged in, judged as the server
// judges them (parse, resolve, possible, Guided check) on states the protocol's human reducer
// built. Offering is not deciding: a wrong stamp reaches the server and is refused.
import { describe, expect, it } from "vitest";
import { lamport } from "../../../shared/protocols/lamport/index.js";
import type { NodeContext, NodeEvent } from "../../../shared/sim/protocol.js";
import type { GossipPayload, LamportState, QuizQuestion } from "../../../shared/protocols/lamport/state.js";
import { QUIZ_ANSWERS } from "../../../shared/protocols/lamport/checks/quiz.js";
import { streamRng } from "../../../shared/sim/prng.js";
import type { ActorCard } from "../../../shared/sim/legal-actions.js";
import { judge as judgeOn, offersOn, typed, type Desk } from "../../support/offers.js";

const ENABLED = ["post", "gossip", "receive", "ignoreDuplicate", "report", "answer"];
const nodes = [...["N1", "N2", "N3", "N4"].map((id) => ({ id, role: "peer" })), { id: "ARCHIVIST", role: "archivist" }];
const ctx: NodeContext = { self: "N1", role: "peer", nodes, wallTicks: 900, uptimeTicks: 900, lastHeardUptimeTicks: [], rng: streamRng(1, "N1", {}), options: {} };
const desk: Desk = { protocol: lamport, enabled: ENABLED, ctx };

function step(state: LamportState, event: NodeEvent): LamportState {
  return lamport.human(state, event, ctx, new Set()).state;
}
const deliver = (id: number, from: string, type: string, payload: unknown, arrival = 0): NodeEvent => ({ kind: "deliver", msg: { id, from, to: "N1", type, payload, sentTick: 0 }, arrival });
const request = (id: string, kind: "rumor" | "react"): NodeEvent => ({ kind: "request", request: { id, workload: "r2", payload: { kind }, arrivedTick: 0, deadlineTick: 99 } });
const gossip = (stamp: number, itemId = "N2-1"): GossipPayload => ({ round: 2, clock: "lamport", stamp, eventId: "N2#4", item: { id: itemId, kind: "rumor", author: "N2", parent: null } });
const card = (id: number, type: string, payload: unknown, arrival = 0): ActorCard => ({ kind: "message", msgId: id, from: "N2", type, payload, arrival });
const prompt = (id: string, kind: "rumor" | "react"): ActorCard => ({ kind: "request", requestId: id, payload: { kind } });
const onCard = (state: LamportState, c: ActorCard, requests: { requestId: string; payload: unknown }[] = []) =>
  offersOn(desk, state as never, [c], requests).filter((o) => o.card === 0);
const judge = (state: LamportState, cards: ActorCard[], action: string, params: Record<string, unknown>) => judgeOn(desk, state as never, cards, action, params);

/** Round 2, clock at 5: the state the level's round-2 cards come from. */
function roundTwo(): LamportState {
  const s = step(lamport.init(ctx), deliver(1, "ARCHIVIST", "round", { round: 2 }));
  return { ...s, clock: 5 };
}

describe("Lamport cards", () => {
  it("an unread gossip: Receive & stamp with an empty stamp field showing your clock and the message's stamp; Ignore duplicate", () => {
    const state = step(roundTwo(), deliver(7, "N2", "gossip", gossip(8)));
    const c = card(7, "gossip", gossip(8));
    const offers = onCard(state, c);
    expect(offers.map((b) => [b.action, b.key, b.params])).toEqual([
      ["receive", "r", { msgId: 7 }],
      ["ignoreDuplicate", "i", { msgId: 7 }],
    ]);
    const receive = offers[0]!;
    expect(receive.label).toBe("Receive & stamp");
    expect(receive.inputs).toEqual([{ name: "stamp", kind: "number", label: "Stamp", optional: true, min: 0, max: 1_000_000_000, hint: "your clock 5 · this message carries 8 · receive: larger than both; the habit is max(yours, received) + 1" }]);
    // The player computes max(5, 8) + 1 = 9 and types it: accepted.
    expect(judge(state, [c], "receive", typed(receive, { stamp: 9 }))).toBeNull();
    // A wrong stamp reaches the server, which refuses it in Guided mode with the formula.
    expect(judge(state, [c], "receive", typed(receive, { stamp: 6 }))).toBe(
      "Stamp 6 is too small: it must be larger than both your clock 5 and the stamp it carries, 8. The habit (and the book's) is the smallest such stamp: receive: max(yours, received) + 1 = max(5, 8) + 1 = 9.",
    );
    // No stamp: the server says one is needed.
    expect(judge(state, [c], "receive", receive.params as Record<string, unknown>)).toMatch(/needs a stamp/);
    // Not a whole number: the declaration's parse answers.
    expect(judge(state, [c], "receive", { ...receive.params, stamp: 9.5 })).toBe("parse: stamp must be a whole number from 0 to 1000000000");
    // Ignoring a first copy is refused by the rule (the server decides, not the client).
    expect(judge(state, [c], "ignoreDuplicate", offers[1]!.params as Record<string, unknown>)).toMatch(/first copy/);
  });

  it("a network duplicate of an opened message: Ignore duplicate is accepted", () => {
    let state = step(roundTwo(), deliver(7, "N2", "gossip", gossip(8)));
    const first = card(7, "gossip", gossip(8));
    state = lamport.actions.receive!.apply(state, { msg: { msgId: 7, from: "N2", type: "gossip", payload: gossip(8), arrival: 0 }, stamp: 9 } as never, ctx).state;
    state = step(state, deliver(7, "N2", "gossip", gossip(8), 1));
    const copy = card(7, "gossip", gossip(8), 1);
    const [receive, ignore] = onCard(state, copy);
    expect(receive!.inputs[0]?.hint).toContain("your clock 9");
    expect(judge(state, [first, copy], "ignoreDuplicate", ignore!.params as Record<string, unknown>)).toBeNull();
    expect(judge(state, [first, copy], "receive", typed(receive!, { stamp: 10 }))).toMatch(/duplicate/);
  });

  it("round 1 stamps with the wall clock: no stamp field, and the params still parse", () => {
    const state = step(lamport.init(ctx), request("q1", "rumor"));
    const c = prompt("q1", "rumor");
    const [post] = onCard(state, c, [{ requestId: "q1", payload: { kind: "rumor" } }]);
    expect(post).toMatchObject({ action: "post", key: "p", label: "Post rumor", params: { requestId: "q1", stamp: null }, inputs: [] });
    expect(judge(state, [c], "post", post!.params as Record<string, unknown>)).toBeNull();
  });

  it("a prompt: Post rumor, or Post reaction to a chosen rumor, with the stamp typed", () => {
    let state = step(roundTwo(), deliver(7, "N2", "gossip", gossip(8)));
    state = lamport.actions.receive!.apply(state, { msg: { msgId: 7, from: "N2", type: "gossip", payload: gossip(8), arrival: 0 }, stamp: 9 } as never, ctx).state;
    state = step(step(state, request("q1", "rumor")), request("q2", "react"));
    const requests = [{ requestId: "q1", payload: { kind: "rumor" } }, { requestId: "q2", payload: { kind: "react" } }];
    const q1 = prompt("q1", "rumor");
    const rumor = onCard(state, q1, requests)[0]!;
    expect(rumor.inputs.map((i) => i.name)).toEqual(["parent", "stamp"]);
    expect(rumor.inputs[1]?.hint).toBe("your clock 9 · a post is a local event: yours + 1");
    expect(judge(state, [q1], "post", typed(rumor, { stamp: 10 }))).toBeNull();
    expect(judge(state, [q1], "post", typed(rumor, { stamp: 9 }))).toMatch(/yours \+ 1 = 9 \+ 1 = 10/);

    const q2 = prompt("q2", "react");
    const react = onCard(state, q2, requests)[0]!;
    expect(react.label).toBe("Post reaction");
    expect(react.inputs[0]).toEqual({ name: "parent", kind: "choice", label: "React to", optional: true, options: [{ value: "N2-1", label: "N2-1 (by N2)" }] });
    expect(judge(state, [q2], "post", typed(react, { parent: "N2-1", stamp: 10 }))).toBeNull();
  });

  it("a quiz card: four answers per open question, keys on the first one only, each accepted as well-formed", () => {
    const ev = (eventId: string, stamp: number) => ({ eventId, node: "N1", kind: "local" as const, stamp, text: `you posted ${eventId}` });
    const questions: QuizQuestion[] = [
      { qid: "q-1", a: ev("N1#1", 1), b: ev("N1#2", 2) },
      { qid: "q-2", a: ev("N1#3", 3), b: ev("N2#2", 2) },
    ];
    let state = step(roundTwo(), deliver(40, "ARCHIVIST", "quiz", { questions }));
    const quiz = card(40, "quiz", { questions });
    let offers = onCard(state, quiz);
    expect(offers).toHaveLength(8);
    expect(offers.map((b) => b.params.answer)).toEqual([...QUIZ_ANSWERS, ...QUIZ_ANSWERS]);
    expect(offers.map((b) => b.key)).toEqual(["a", "b", "c", "t", "", "", "", ""]);
    expect(offers.map((b) => b.label).slice(0, 4)).toEqual(["A before B", "B before A", "Concurrent", "Cannot tell from Lamport stamps"]);
    expect(offers[0]!.group).toEqual({ id: "q-1", title: "Question 1 of 2: could A have influenced B?", lines: ["A: you posted N1#1 (N1#1, stamp 1)", "B: you posted N1#2 (N1#2, stamp 2)"] });
    // B before A with stamps 2 and 1 cannot be: Guided refuses it (the server's call).
    expect(judge(state, [quiz], "answer", offers[1]!.params as Record<string, unknown>)).toMatch(/cannot be/);
    expect(judge(state, [quiz], "answer", offers[0]!.params as Record<string, unknown>)).toBeNull();
    // Answered: the next question takes the keys.
    state = lamport.actions.answer!.apply(state, { qid: "q-1", answer: "a-before-b" } as never, ctx).state;
    offers = onCard(state, quiz);
    expect(offers.map((b) => [b.params.qid, b.key])).toEqual([["q-2", "a"], ["q-2", "b"], ["q-2", "c"], ["q-2", "t"]]);
    expect(offers[0]!.group?.title).toBe("Question 2 of 2: could A have influenced B?");
  });

  it("keys on one card never collide", () => {
    const state = step(roundTwo(), deliver(7, "N2", "gossip", gossip(8)));
    const keys = onCard(state, card(7, "gossip", gossip(8))).map((b) => b.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("Lamport gossip form", () => {
  it("gossips a chosen item to a chosen peer, the queued sends first, with the stamp typed", () => {
    let state = step(roundTwo(), request("q1", "rumor"));
    state = lamport.actions.post!.apply(state, { req: { requestId: "q1", payload: { kind: "rumor" }, deadlineTick: 99 }, parent: null, stamp: 6 } as never, ctx).state;
    const form = offersOn(desk, state as never, []).find((o) => o.action === "gossip")!;
    expect(form.card).toBeNull();
    expect(form.inputs.map((i) => [i.name, i.options?.map((o) => o.value) ?? null])).toEqual([
      ["itemId", ["N1-1"]],
      ["to", ["N2", "N3", "N4"]],
      ["stamp", null],
    ]);
    expect(form.group?.lines).toEqual(["Still to send: N1-1 → N2, N1-1 → N3, N1-1 → N4"]);
    expect(judge(state, [], "gossip", typed(form, { itemId: "N1-1", to: "N3", stamp: 7 }))).toBeNull();
    expect(judge(state, [], "gossip", typed(form, { itemId: "N1-1", to: "N3", stamp: 6 }))).toMatch(/send: yours \+ 1 = 6 \+ 1 = 7/);
    expect(offersOn({ ...desk, enabled: ["post"] }, state as never, []).filter((o) => o.card === null)).toEqual([]);
  });
});
