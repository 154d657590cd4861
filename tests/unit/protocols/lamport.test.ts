/** The Lamport protocol's pieces: the stamp rule, rounds, duplicates, the archivist's order, the quiz. */
import { describe, expect, it } from "vitest";
import type { NodeContext } from "../../../shared/sim/protocol.js";
import { LAMPORT_ACTIONS } from "../../../shared/protocols/lamport/actions.js";
import { sortHistory } from "../../../shared/protocols/lamport/archivist.js";
import { bookkeeping, drain, CORRECT_PEER } from "../../../shared/protocols/lamport/node.js";
import { enterRound } from "../../../shared/protocols/lamport/peer.js";
import { answerFromView, buildQuiz } from "../../../shared/protocols/lamport/quizmaster.js";
import { canonicalStamp, CHOOSERS, stampFormula } from "../../../shared/protocols/lamport/stamp.js";
import { initState, type GossipPayload, type LamportState, type ReportPayload } from "../../../shared/protocols/lamport/state.js";
import { streamRng } from "../../../shared/sim/prng.js";
import { parseParams, type HeldMessage } from "../../../shared/sim/action-params.js";

const NODES = [
  { id: "N1", role: "peer" },
  { id: "N2", role: "peer" },
  { id: "ARCHIVIST", role: "archivist" },
];

function ctx(self = "N1", wallTicks = 1000): NodeContext {
  return { self, role: self === "ARCHIVIST" ? "archivist" : "peer", nodes: NODES, wallTicks, uptimeTicks: 0, lastHeardUptimeTicks: [], rng: streamRng(1, "t", {}), options: {} };
}

function lamportState(clock: number): LamportState {
  return { ...enterRound(initState(), 2).state, clock };
}

function gossip(msgId: number, stamp: number, arrival = 0, clock: "lamport" | "wall" = "lamport") {
  const payload: GossipPayload = { round: clock === "lamport" ? 2 : 1, clock, stamp, eventId: `N2#${msgId}`, item: { id: `N2-${msgId}`, kind: "rumor", author: "N2", parent: null } };
  return { kind: "deliver" as const, msg: { id: msgId, from: "N2", to: "N1", type: "gossip", payload, sentTick: 0 }, arrival };
}

describe("the stamp rule", () => {
  it("is +1 for local events and sends, max + 1 for receives (the book's example)", () => {
    expect(canonicalStamp("send", 0, null)).toBe(1);
    expect(canonicalStamp("receive", 1, 4)).toBe(5);
    expect(canonicalStamp("local", 5, null)).toBe(6);
    expect(canonicalStamp("receive", 9, 4)).toBe(10);
    expect(canonicalStamp("receive", 3, null)).toBe(4);
  });

  it("writes the formula with the numbers in", () => {
    expect(stampFormula("receive", 5, 6)).toBe("receive: max(yours, received) + 1 = max(5, 6) + 1 = 7");
    expect(stampFormula("send", 2, null)).toBe("send: yours + 1 = 2 + 1 = 3");
  });

  it("the mistaken choosers differ exactly where they should", () => {
    expect(CHOOSERS.noMax("receive", 1, 9, 0)).toBe(2);
    expect(CHOOSERS.wall("local", 1, null, 742)).toBe(742);
  });
});

describe("a peer", () => {
  it("starts its Lamport counter at 0 when round 2 begins, and never goes back a round", () => {
    const s = { ...initState(), clock: 0 };
    expect(enterRound(s, 2).state).toMatchObject({ round: 2, clock: 0 });
    expect(enterRound({ ...s, round: 3, clock: 9 }, 2).state).toMatchObject({ round: 3, clock: 9 });
  });

  it("stamps a receive max + 1 and sets a duplicate aside without a stamp", () => {
    let s = lamportState(2);
    s = drain(bookkeeping(s, gossip(7, 6), ctx()).state, ctx(), CORRECT_PEER).state;
    expect(s.clock).toBe(7);
    const again = bookkeeping(s, gossip(7, 6, 1), ctx());
    const drained = drain(again.state, ctx(), CORRECT_PEER);
    expect(drained.state.clock).toBe(7);
    expect(drained.effects.some((e) => e.kind === "note" && e.name === "ignored-duplicate")).toBe(true);
  });

  it("on a human's node keeps Lamport-mode messages unread for the player", () => {
    const step = bookkeeping(lamportState(0), gossip(3, 1), ctx());
    expect(step.handled).toBe(false);
    expect(step.state.unread.map((u) => u.msgId)).toEqual([3]);
  });

  it("in round 1 takes messages in by itself, stamped with the wall clock", () => {
    const step = bookkeeping(initState(), gossip(3, 900, 0, "wall"), ctx("N1", 1234));
    expect(step.handled).toBe(true);
    expect(step.state.history[0]).toMatchObject({ kind: "receive", clock: "wall", stamp: 1234 });
  });
});

/** A gossip message as the engine hands it to an action (only its id matters to these checks). */
const held = (msgId: number): HeldMessage => ({ msgId, from: "N2", type: "gossip", payload: {}, arrival: 0 });

describe("Guided mode", () => {
  it("refuses a receive stamp not larger than both clocks, naming the rule and the habit", () => {
    const s = bookkeeping(lamportState(5), gossip(4, 6), ctx()).state;
    const msg = LAMPORT_ACTIONS.receive!;
    expect(msg.check!(s, { msg: held(4), stamp: 6 }, ctx())).toBe(
      "Stamp 6 is too small: it must be larger than both your clock 5 and the stamp it carries, 6. The habit (and the book's) is the smallest such stamp: receive: max(yours, received) + 1 = max(5, 6) + 1 = 7.",
    );
    expect(msg.check!(s, { msg: held(4), stamp: 7 }, ctx())).toBeNull();
    // Lamport's rule asks only for a larger stamp, as the checkers do: a jump is not refused.
    expect(msg.check!(s, { msg: held(4), stamp: 12 }, ctx())).toBeNull();
  });

  it("finds a missing stamp impossible in Lamport mode, and a message never received impossible in any mode", () => {
    const s = bookkeeping(lamportState(5), gossip(4, 6), ctx()).state;
    expect(LAMPORT_ACTIONS.receive!.possible!(s, { msg: held(4), stamp: null }, ctx())).toContain("needs a stamp");
    expect(LAMPORT_ACTIONS.receive!.possible!(s, { msg: held(99), stamp: 1 }, ctx())).toContain("not waiting");
  });

  it("parses untrusted params into a readable error", () => {
    // Parsing is derived from the declared params (shared/sim/action-params.ts).
    expect(parseParams(LAMPORT_ACTIONS.receive!.params, { msgId: "x" })).toEqual({ ok: false, error: "msgId must be the id of a message in your inbox" });
    expect(parseParams(LAMPORT_ACTIONS.answer!.params, { qid: "q", answer: 7 }).ok).toBe(false);
    expect(parseParams(LAMPORT_ACTIONS.post!.params, { requestId: "r1", stamp: 3 })).toEqual({ ok: true, value: { req: "r1", parent: null, stamp: 3 } });
  });
});

function report(node: string, n: number, kind: ReportPayload["kind"], stamp: number, extra: Partial<ReportPayload> = {}): ReportPayload {
  const item = { id: `${node}-${n}`, kind: "rumor" as const, author: node, parent: null };
  return { eventId: `${node}#${n}`, node, n, kind, round: 2, clock: "lamport", stamp, wall: 0, item, to: null, from: null, fromEvent: null, ...extra };
}

describe("the archivist", () => {
  it("sorts by (stamp, node id), and the wall variant by wall readings", () => {
    const reports = [report("N2", 1, "local", 3, { wall: 10 }), report("N1", 1, "local", 3, { wall: 50 }), report("N1", 2, "local", 1, { wall: 90 })];
    expect(sortHistory(reports, "lamport").map((r) => r.eventId)).toEqual(["N1#2", "N1#1", "N2#1"]);
    expect(sortHistory(reports, "wall").map((r) => r.eventId)).toEqual(["N2#1", "N1#1", "N1#2"]);
  });

  it("builds quiz questions whose answers a peer can give from its own history", () => {
    // N2 posts and sends to N1 (N2#1, N2#2); N1 has events before and after receiving it.
    const reports = [
      report("N2", 1, "local", 1),
      report("N2", 2, "send", 2, { to: "N1" }),
      report("N1", 1, "local", 1),
      report("N1", 2, "local", 2),
      report("N1", 3, "receive", 3, { from: "N2", fromEvent: "N2#2" }),
      report("N1", 4, "local", 4),
      report("N1", 5, "local", 5),
    ];
    const quiz = buildQuiz(reports, ["N1", "N2"], "N1", 4, streamRng(3, "quiz", {}));
    expect(quiz.length).toBe(4);
    const history = reports.filter((r) => r.node === "N1").map((r) => ({ ...r, itemId: r.item.id, msgId: null, msgStamp: null }));
    const answers = quiz.map((q) => answerFromView(history, q));
    expect(answers).toContain("cannot-tell");
    // N2#2 is concurrent with N1#1 and N1#2 and before N1#4: check the view answers against that.
    for (const [q, a] of quiz.map((q, k) => [q, answers[k]] as const)) {
      const ids = [q.a.eventId, q.b.eventId];
      if (ids.includes("N2#2") && (ids.includes("N1#1") || ids.includes("N1#2"))) expect(a).toBe("cannot-tell");
      if (ids.includes("N2#2") && ids.includes("N1#4")) expect(a).toBe(q.a.eventId === "N2#2" ? "a-before-b" : "b-before-a");
    }
  });
});
