/** Raft's screen on states its own reducers built: role and term chips, the log's commit point, the vote checks. */
import { describe, expect, it } from "vitest";
import { raft } from "../../../shared/protocols/raft/index.js";
import type { RaftState } from "../../../shared/protocols/raft/state.js";
import type { NodeContext, NodeEvent } from "../../../shared/sim/protocol.js";
import { streamRng } from "../../../shared/sim/prng.js";
import { fieldValues, onTheWire, screenOf } from "../../support/screen-view.js";

const NODES = ["N1", "N2", "N3", "N4", "N5"].map((id) => ({ id, role: "peer" }));
const ctx = (self = "N1"): NodeContext => ({ self, role: "peer", nodes: NODES, wallTicks: 0, uptimeTicks: 0, lastHeardUptimeTicks: [], rng: streamRng(7, `test:${self}`, {}), options: {} });
const me = ctx();
const human = (s: RaftState, event: NodeEvent): RaftState => raft.human(s, event, me, new Set()).state;
const deliver = (id: number, from: string, type: string, payload: unknown): NodeEvent => ({ kind: "deliver", msg: { id, from, to: "N1", type, payload, sentTick: 0 }, arrival: id });

/** N1 wins term 1 with N2's and N3's votes, appends c1, and hears N2 holds it. */
function leaderWithOneEntry(): RaftState {
  let s = human(raft.init(me), { kind: "boot" });
  s = raft.actions.startElection!.apply(s, {}, me).state;
  s = human(s, deliver(1, "N2", "Vote", { term: 1, granted: true }));
  s = human(s, deliver(2, "N3", "Vote", { term: 1, granted: true }));
  s = human(s, { kind: "request", request: { id: "r1", workload: "w", payload: { n: 1 }, arrivedTick: 0, deadlineTick: 99 } });
  s = raft.actions.appendCommand!.apply(s, { req: { requestId: "r1", payload: { n: 1 }, deadlineTick: 99 } }, me).state;
  return human(s, deliver(3, "N2", "AppendReply", { term: 1, success: true, matchIndex: s.log.length, conflictIndex: 0 }));
}

describe("Raft's screen", () => {
  it("a fresh follower: role and term chips, an empty log committed to #0", () => {
    const view = screenOf(raft, human(raft.init(me), { kind: "boot" }), me);
    expect(view.chips).toEqual([
      { kind: "role", text: "follower" },
      { kind: "count", text: "term 0", title: "Your current term (on disk)" },
    ]);
    expect(view.log).toMatchObject({ title: "Log", length: 0, mark: "committed to #0", rows: [], earlier: 0 });
    expect(fieldValues(view)).toMatchObject({ "Voted for": "—", Leader: "—", "Commit index": "0" });
    expect(view.fields.flatMap((g) => g.fields).find((f) => f.label === "Voted for")?.durable).toBe(true);
  });

  it("a leader: who holds each uncommitted entry, and a Commit button for it", () => {
    const s = leaderWithOneEntry();
    expect(s.role).toBe("leader");
    const view = screenOf(raft, s, me);
    expect(view.chips[0]).toEqual({ kind: "role", text: "leader" });
    expect(view.chips[1]?.text).toBe("term 1");
    const last = view.log!.rows.at(-1)!;
    expect(last).toMatchObject({ index: s.log.length, tag: "t1", committed: false, holders: "2/5", action: { action: "advanceCommit", params: { index: s.log.length } } });
    expect(view.log!.mark).toBe("committed to #0");
    expect(Object.keys(fieldValues(view))).toContain("Match index");

    const committed = raft.actions.advanceCommit!.apply(s, { index: s.log.length }, me).state;
    const after = screenOf(raft, committed, me).log!;
    expect(after.mark).toBe(`committed to #${s.log.length}`);
    expect(after.rows.every((r) => r.committed && r.action === undefined)).toBe(true);
  });

  it("shows only the newest 8 entries, counting the earlier ones", () => {
    const s: RaftState = { ...raft.init(me), log: Array.from({ length: 11 }, (_, i) => ({ term: 1, command: `c${i + 1}`, requestId: null })), commitIndex: 4 };
    const log = screenOf(raft, s, me).log!;
    expect(log.earlier).toBe(3);
    expect(log.rows.map((r) => r.index)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    expect(log.rows.map((r) => r.committed)).toEqual([true, false, false, false, false, false, false, false]);
  });

  it("a RequestVote card: the vote rule's three checks against your term, vote and log", () => {
    let s = human(raft.init(me), { kind: "boot" });
    s = raft.actions.startElection!.apply(s, {}, me).state; // term 1, voted for itself
    const card = { kind: "message", msgId: 9, from: "N4", type: "RequestVote", payload: { term: 1, candidate: "N4", lastLogIndex: 0, lastLogTerm: 0 } } as const;
    const checks = raft.screen!.checks!(onTheWire(raft, s), card, me);
    expect(checks).toEqual([
      { ok: true, text: "Term 1 is not older than yours" },
      { ok: false, text: "You already voted for N1 in term 1" },
      { ok: true, text: `Their log: last term 0, index 0 · yours: ${s.log.at(-1)?.term ?? 0}, ${s.log.length}` },
    ]);
    const stale = raft.screen!.checks!(onTheWire(raft, s), { ...card, payload: { ...card.payload, term: 0 } }, me);
    expect(stale[0]).toEqual({ ok: false, text: "Term 0 is older than yours" });
    expect(raft.screen!.checks!(s, { kind: "timer", name: "election" }, me)).toEqual([]);
  });

  it("never sends the human seat's cards: the inbox shows them", () => {
    const wire = onTheWire(raft, leaderWithOneEntry()) as Record<string, unknown>;
    expect(Object.keys(wire)).not.toContain("voteCards");
    expect(raft.screen!.unsentFields).toEqual(["voteCards", "appendCards", "clientCards"]);
  });
});
