// l09 (Lamport): each card -> the actions it offers -> params, with the typed stamp merged in,
// run through the protocol's own parse, possible and check (Guided) on states the protocol's
// human reducer built. Offering is not deciding: a wrong stamp reaches the server and is refused.
import { describe, expect, it } from "vitest";
import { bindingContext, cardBindings, nodeHighlights, panelForms, withInputs, type Binding } from "../../../client/ui/play-bindings.js";
import type { InboxEvent } from "../../../client/net/snapshot.js";
import { lamport } from "../../../shared/protocols/lamport/index.js";
import type { NodeContext, NodeEvent } from "../../../shared/sim/protocol.js";
import type { GossipPayload, LamportState, QuizQuestion } from "../../../shared/protocols/lamport/state.js";
import { QUIZ_ANSWERS } from "../../../shared/protocols/lamport/checks/quiz.js";
import { streamRng } from "../../../shared/sim/prng.js";

const ENABLED = ["post", "gossip", "receive", "ignoreDuplicate", "report", "answer"];
const nodes = [...["N1", "N2", "N3", "N4"].map((id) => ({ id, role: "peer" })), { id: "ARCHIVIST", role: "archivist" }];
const ctx: NodeContext = { self: "N1", role: "peer", nodes, wallTicks: 900, uptimeTicks: 900, lastHeardUptimeTicks: [], rng: streamRng(1, "N1", {}), options: {} };
const bctx = bindingContext("N1", nodes, 900, true);
const shapes = Object.entries(lamport.actions).map(([name, a]) => ({ name, parse: (raw: unknown) => a.parse(raw) }));

function step(state: LamportState, event: NodeEvent): LamportState {
  return lamport.human(state, event, ctx, new Set()).state;
}
const deliver = (id: number, from: string, type: string, payload: unknown, arrival = 0): NodeEvent => ({ kind: "deliver", msg: { id, from, to: "N1", type, payload, sentTick: 0 }, arrival });
const request = (id: string, kind: "rumor" | "react"): NodeEvent => ({ kind: "request", request: { id, workload: "r2", payload: { kind }, arrivedTick: 0, deadlineTick: 99 } });
const gossip = (stamp: number, itemId = "N2-1"): GossipPayload => ({ round: 2, clock: "lamport", stamp, eventId: "N2#4", item: { id: itemId, kind: "rumor", author: "N2", parent: null } });
const card = (id: number, type: string, payload: unknown, arrival = 0): InboxEvent => ({ kind: "message", msgId: id, from: "N2", type, payload, arrival });

/** Parse, possible, and (Guided) check, as the server does: null if accepted, else the reason. */
function judge(state: LamportState, b: Binding): string | null {
  const action = lamport.actions[b.action]!;
  const parsed = action.parse(b.params);
  if (!parsed.ok) return `parse: ${parsed.error}`;
  return action.possible?.(state, parsed.value, ctx) ?? action.check?.(state, parsed.value, ctx) ?? null;
}

/** Round 2, clock at 5: the state the level's round-2 cards come from. */
function roundTwo(): LamportState {
  const s = step(lamport.init(ctx), deliver(1, "ARCHIVIST", "round", { round: 2 }));
  return { ...s, clock: 5 };
}

describe("Lamport cards", () => {
  it("an unread gossip: Receive & stamp with an empty stamp field showing your clock and the message's stamp; Ignore duplicate", () => {
    const state = step(roundTwo(), deliver(7, "N2", "gossip", gossip(8)));
    const bindings = cardBindings("lamport", ENABLED, card(7, "gossip", gossip(8)), state, shapes, bctx);
    expect(bindings.map((b) => [b.action, b.key, b.params])).toEqual([
      ["receive", "r", { msgId: 7 }],
      ["ignoreDuplicate", "i", { msgId: 7 }],
    ]);
    const receive = bindings[0]!;
    expect(receive.label).toBe("Receive & stamp");
    expect(receive.inputs).toEqual([{ name: "stamp", kind: "number", label: "Stamp", hint: "your clock 5 · this message carries 8 · receive: max(yours, received) + 1" }]);
    // The player computes max(5, 8) + 1 = 9 and types it: accepted.
    const typed = withInputs(receive, { stamp: "9" });
    expect(typed.params).toEqual({ msgId: 7, stamp: 9 });
    expect(judge(state, typed)).toBeNull();
    // A wrong stamp reaches the server, which refuses it in Guided mode with the formula.
    expect(judge(state, withInputs(receive, { stamp: "6" }))).toBe("Stamp 6 breaks the rule. receive: max(yours, received) + 1 = max(5, 8) + 1 = 9.");
    // An empty field sends no stamp: the server says one is needed.
    expect(withInputs(receive, { stamp: "" }).params).toEqual({ msgId: 7 });
    expect(judge(state, withInputs(receive, { stamp: " " }))).toMatch(/needs a stamp/);
    // Text that is not a whole number goes as typed, and the protocol's parse answers.
    expect(judge(state, withInputs(receive, { stamp: "9.5" }))).toBe("parse: stamp must be a whole number");
    // Ignoring a first copy is refused by the rule (the server decides, not the client).
    expect(judge(state, bindings[1]!)).toMatch(/first copy/);
  });

  it("a network duplicate of an opened message: Ignore duplicate is accepted", () => {
    let state = step(roundTwo(), deliver(7, "N2", "gossip", gossip(8)));
    state = lamport.actions.receive!.apply(state, { msgId: 7, stamp: 9 }, ctx).state;
    state = step(state, deliver(7, "N2", "gossip", gossip(8), 1));
    const [receive, ignore] = cardBindings("lamport", ENABLED, card(7, "gossip", gossip(8), 1), state, shapes, bctx);
    expect(receive!.inputs?.[0]?.hint).toContain("your clock 9");
    expect(judge(state, ignore!)).toBeNull();
    expect(judge(state, withInputs(receive!, { stamp: "10" }))).toMatch(/duplicate/);
  });

  it("round 1 stamps with the wall clock: no stamp field, and the params still parse", () => {
    const state = step(lamport.init(ctx), request("q1", "rumor"));
    const [post] = cardBindings("lamport", ENABLED, { kind: "request", requestId: "q1", payload: { kind: "rumor" }, deadlineTick: 0 }, state, shapes, bctx);
    expect(post).toMatchObject({ action: "post", key: "p", label: "Post rumor", params: { requestId: "q1", parent: null }, inputs: [] });
    expect(judge(state, withInputs(post!, {}))).toBeNull();
  });

  it("a prompt: Post rumor, or Post reaction to a chosen rumor, with the stamp typed", () => {
    let state = step(roundTwo(), deliver(7, "N2", "gossip", gossip(8)));
    state = lamport.actions.receive!.apply(state, { msgId: 7, stamp: 9 }, ctx).state;
    state = step(step(state, request("q1", "rumor")), request("q2", "react"));
    const rumor = cardBindings("lamport", ENABLED, { kind: "request", requestId: "q1", payload: { kind: "rumor" }, deadlineTick: 0 }, state, shapes, bctx)[0]!;
    expect(rumor.inputs?.map((i) => i.name)).toEqual(["stamp"]);
    expect(rumor.inputs?.[0]?.hint).toBe("your clock 9 · a post is a local event: yours + 1");
    expect(judge(state, withInputs(rumor, { stamp: "10" }))).toBeNull();
    expect(judge(state, withInputs(rumor, { stamp: "9" }))).toMatch(/yours \+ 1 = 9 \+ 1 = 10/);

    const react = cardBindings("lamport", ENABLED, { kind: "request", requestId: "q2", payload: { kind: "react" }, deadlineTick: 0 }, state, shapes, bctx)[0]!;
    expect(react.label).toBe("Post reaction");
    expect(react.inputs?.[0]).toEqual({ name: "parent", kind: "choice", label: "React to", options: [{ value: "N2-1", label: "N2-1 (by N2)" }] });
    const typed = withInputs(react, { parent: "N2-1", stamp: "10" });
    expect(typed.params).toEqual({ requestId: "q2", parent: "N2-1", stamp: 10 });
    expect(judge(state, typed)).toBeNull();
  });

  it("a quiz card: four answers per open question, keys on the first one only, each parses", () => {
    const ev = (eventId: string, stamp: number) => ({ eventId, node: "N1", kind: "local" as const, stamp, text: `you posted ${eventId}` });
    const questions: QuizQuestion[] = [
      { qid: "q-1", a: ev("N1#1", 1), b: ev("N1#2", 2) },
      { qid: "q-2", a: ev("N1#3", 3), b: ev("N2#2", 2) },
    ];
    let state = step(roundTwo(), deliver(40, "ARCHIVIST", "quiz", { questions }));
    let bindings = cardBindings("lamport", ENABLED, card(40, "quiz", { questions }), state, shapes, bctx);
    expect(bindings).toHaveLength(8);
    expect(bindings.map((b) => b.params.answer)).toEqual([...QUIZ_ANSWERS, ...QUIZ_ANSWERS]);
    expect(bindings.map((b) => b.key)).toEqual(["a", "b", "c", "t", "", "", "", ""]);
    expect(bindings.map((b) => b.label).slice(0, 4)).toEqual(["A before B", "B before A", "Concurrent", "Cannot tell from Lamport stamps"]);
    expect(bindings[0]!.group).toEqual({ id: "q-1", title: "Question 1 of 2: did A cause B?", lines: ["A: you posted N1#1 (N1#1, stamp 1)", "B: you posted N1#2 (N1#2, stamp 2)"] });
    for (const b of bindings) expect(lamport.actions.answer!.parse(b.params).ok).toBe(true);
    // B before A with stamps 2 and 1 cannot be: Guided refuses it (the server's call).
    expect(judge(state, bindings[1]!)).toMatch(/cannot be/);
    expect(judge(state, bindings[0]!)).toBeNull();
    // Answered: the next question takes the keys.
    state = lamport.actions.answer!.apply(state, bindings[0]!.params, ctx).state;
    bindings = cardBindings("lamport", ENABLED, card(40, "quiz", { questions }), state, shapes, bctx);
    expect(bindings.map((b) => [b.params.qid, b.key])).toEqual([["q-2", "a"], ["q-2", "b"], ["q-2", "c"], ["q-2", "t"]]);
    expect(bindings[0]!.group?.title).toBe("Question 2 of 2: did A cause B?");
  });

  it("keys on one card never collide", () => {
    const state = step(roundTwo(), deliver(7, "N2", "gossip", gossip(8)));
    const keys = cardBindings("lamport", ENABLED, card(7, "gossip", gossip(8)), state, shapes, bctx).map((b) => b.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("Lamport gossip form and highlights", () => {
  it("gossips a chosen item to a chosen peer, the queued sends first, with the stamp typed", () => {
    let state = step(roundTwo(), request("q1", "rumor"));
    state = lamport.actions.post!.apply(state, { requestId: "q1", parent: null, stamp: 6 }, ctx).state;
    const [form] = panelForms("lamport", ENABLED, state, bctx);
    expect(form?.action).toBe("gossip");
    expect(form?.inputs?.map((i) => [i.name, i.options?.map((o) => o.value) ?? null])).toEqual([
      ["itemId", ["N1-1"]],
      ["to", ["N2", "N3", "N4"]],
      ["stamp", null],
    ]);
    expect(form?.group?.lines).toEqual(["Still to send: N1-1 → N2, N1-1 → N3, N1-1 → N4"]);
    const typed = withInputs(form!, { itemId: "N1-1", to: "N3", stamp: "7" });
    expect(typed.params).toEqual({ itemId: "N1-1", to: "N3", stamp: 7 });
    expect(judge(state, typed)).toBeNull();
    expect(judge(state, withInputs(form!, { itemId: "N1-1", to: "N3", stamp: "6" }))).toMatch(/send: yours \+ 1 = 6 \+ 1 = 7/);
    expect(panelForms("lamport", ["post"], state, bctx)).toEqual([]);
  });

  it("shows the Lamport clock, the round, the unopened messages and the quiz count", () => {
    const state = step(roundTwo(), deliver(7, "N2", "gossip", gossip(8)));
    const highlights = nodeHighlights("lamport", state, bctx);
    expect(highlights.map((x) => [x.id, x.value])).toEqual([
      ["clock", "5"],
      ["round", "2"],
      ["unread", "1"],
    ]);
  });
});
