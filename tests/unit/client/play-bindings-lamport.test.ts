// l09 (Lamport): each card -> the actions it offers -> params, with the typed stamp merged in,
// run through the protocol's own parse, possible and check (Guided) on states the protocol's
// human reducer built. Offering is not deciding: a wrong stamp reaches the server and is refused.
import { describe, expect, it } from "vitest";
import { nodeHighlights } from "../../../client/ui/play-highlights.js";
import type { InboxEvent } from "../../../client/net/snapshot.js";
import { lamport } from "../../../shared/protocols/lamport/index.js";
import type { NodeContext, NodeEvent } from "../../../shared/sim/protocol.js";
import type { GossipPayload, LamportState, QuizQuestion } from "../../../shared/protocols/lamport/state.js";
import { QUIZ_ANSWERS } from "../../../shared/protocols/lamport/checks/quiz.js";
import { streamRng } from "../../../shared/sim/prng.js";

const ENABLED = ["post", "gossip", "receive", "ignoreDuplicate", "report", "answer"];
const nodes = [...["N1", "N2", "N3", "N4"].map((id) => ({ id, role: "peer" })), { id: "ARCHIVIST", role: "archivist" }];
const ctx: NodeContext = { self: "N1", role: "peer", nodes, wallTicks: 900, uptimeTicks: 900, lastHeardUptimeTicks: [], rng: streamRng(1, "N1", {}), options: {} };
const bctx = { self: "N1", role: "peer", peers: ["N2", "N3", "N4"], uptimeTicks: 900, guided: true };

function step(state: LamportState, event: NodeEvent): LamportState {
  return lamport.human(state, event, ctx, new Set()).state;
}
const deliver = (id: number, from: string, type: string, payload: unknown, arrival = 0): NodeEvent => ({ kind: "deliver", msg: { id, from, to: "N1", type, payload, sentTick: 0 }, arrival });
const request = (id: string, kind: "rumor" | "react"): NodeEvent => ({ kind: "request", request: { id, workload: "r2", payload: { kind }, arrivedTick: 0, deadlineTick: 99 } });
const gossip = (stamp: number, itemId = "N2-1"): GossipPayload => ({ round: 2, clock: "lamport", stamp, eventId: "N2#4", item: { id: itemId, kind: "rumor", author: "N2", parent: null } });
const card = (id: number, type: string, payload: unknown, arrival = 0): InboxEvent => ({ kind: "message", msgId: id, from: "N2", type, payload, arrival });

/** Round 2, clock at 5: the state the level's round-2 cards come from. */
function roundTwo(): LamportState {
  const s = step(lamport.init(ctx), deliver(1, "ARCHIVIST", "round", { round: 2 }));
  return { ...s, clock: 5 };
}

describe("Lamport highlights", () => {
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
