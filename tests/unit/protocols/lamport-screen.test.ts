/** Lamport's screen (l09) on states its own reducers built: the headline figures, your events as a log. */
import { describe, expect, it } from "vitest";
import { lamport } from "../../../shared/protocols/lamport/index.js";
import type { GossipPayload, LamportState } from "../../../shared/protocols/lamport/state.js";
import type { NodeContext, NodeEvent } from "../../../shared/sim/protocol.js";
import { streamRng } from "../../../shared/sim/prng.js";
import { fieldValues, screenOf } from "../../support/screen-view.js";

const nodes = [...["N1", "N2", "N3", "N4"].map((id) => ({ id, role: "peer" })), { id: "ARCHIVIST", role: "archivist" }];
const ctx: NodeContext = { self: "N1", role: "peer", nodes, wallTicks: 900, uptimeTicks: 900, lastHeardUptimeTicks: [], rng: streamRng(1, "N1", {}), options: {} };

const human = (state: LamportState, event: NodeEvent, autopilot: string[] = []): LamportState => lamport.human(state, event, ctx, new Set(autopilot)).state;
const bot = (state: LamportState, event: NodeEvent): LamportState => lamport.bots.correct!.step(state, event, ctx).state;
const deliver = (id: number, from: string, type: string, payload: unknown): NodeEvent => ({ kind: "deliver", msg: { id, from, to: "N1", type, payload, sentTick: 0 }, arrival: 0 });
const gossip = (stamp: number, itemId = "N2-1"): GossipPayload => ({ round: 2, clock: "lamport", stamp, eventId: "N2#4", item: { id: itemId, kind: "rumor", author: "N2", parent: null } });
const view = (state: LamportState) => screenOf(lamport, state, ctx);

/** Round 2, clock at 5: the state the level's round-2 cards come from. */
function roundTwo(): LamportState {
  return { ...human(lamport.init(ctx), deliver(1, "ARCHIVIST", "round", { round: 2 })), clock: 5 };
}

describe("Lamport's screen", () => {
  it("shows the Lamport clock, the round, the unopened messages", () => {
    const state = human(roundTwo(), deliver(7, "N2", "gossip", gossip(8)));
    expect(view(state).highlights.map((x) => [x.id, x.value])).toEqual([
      ["clock", "5"],
      ["round", "2"],
      ["unread", "1"],
    ]);
    expect(view(state).chips).toEqual([{ kind: "role", text: "peer" }]);
  });

  it("round 1: the Lamport clock is not used yet", () => {
    expect(view(lamport.init(ctx)).highlights[0]!.hint).toContain("round 1 stamps with your wall clock");
  });

  it("your stamped events are a log, ✓ once their record went to the archivist", () => {
    const posted = bot(roundTwo(), { kind: "request", request: { id: "r1", workload: "r2", payload: { kind: "rumor" }, arrivedTick: 0, deadlineTick: 99 } });
    expect(posted.history.length).toBeGreaterThan(0);
    const log = view(posted).log!;
    expect(log.title).toBe("Your events");
    expect(log.length).toBe(posted.history.length);
    expect(log.rows[0]).toMatchObject({ index: 1, tag: `@${posted.history[0]!.stamp}`, text: `post ${posted.history[0]!.itemId}` });
    expect(log.rows.filter((r) => r.committed).length).toBe(posted.history.length - posted.unreported.length);
    expect(log.mark).toBe(`${posted.history.length - posted.unreported.length} reported`);
    // The same events, none reported yet: no ✓, and the queue says which.
    const unreported = { ...posted, unreported: posted.history.map((e) => ({ eventId: e.eventId }) as LamportState["unreported"][number]) };
    expect(view(unreported).log!.rows.some((r) => r.committed)).toBe(false);
    expect(fieldValues(view(unreported))["Not reported yet"]).toBe(posted.history.map((e) => e.eventId).join(", "));
  });

  it("the quiz: questions answered out of those asked, as a meter", () => {
    const q = { qid: "q1", a: { eventId: "N1#1", node: "N1", kind: "local" as const, stamp: 1, text: "a" }, b: { eventId: "N2#1", node: "N2", kind: "local" as const, stamp: 1, text: "b" } };
    const state = human(roundTwo(), deliver(9, "ARCHIVIST", "quiz", { questions: [q, { ...q, qid: "q2" }] }));
    expect(view(state).highlights.find((x) => x.id === "quiz")).toMatchObject({ value: "0 / 2", meter: 0 });
  });
});

describe("lamport screen on a view the server cut to its newest entries", () => {
  it("counts the full history from the totals the server sent", async () => {
    const { LAMPORT_SCREEN } = await import("../../../shared/protocols/lamport/screen.js");
    const { LIST_TOTALS_KEY } = await import("../../../shared/sim/screen.js");
    const { initState } = await import("../../../shared/protocols/lamport/state.js");
    const entry = (n: number) => ({ eventId: `N1#${n}`, n, kind: "post", round: 2, clock: "lamport", stamp: n, wall: n, itemId: `N1-${n}` });
    const history = Array.from({ length: 12 }, (_, k) => entry(219 + k));
    const state = { ...initState(), history, unreported: [], [LIST_TOTALS_KEY]: { history: 230 } } as never;
    const ctx = { self: "N1", role: "peer", nodes: [], wallTicks: 0, uptimeTicks: 0, lastHeardUptimeTicks: [], rng: null, options: {} } as never;
    const log = LAMPORT_SCREEN.log!(state, ctx)!;
    expect(log.length).toBe(230);
    expect(log.earlier).toBe(222);
    expect(log.rows.map((r) => r.index)).toEqual([223, 224, 225, 226, 227, 228, 229, 230]);
    expect(log.mark).toBe("230 reported");
  });
});
