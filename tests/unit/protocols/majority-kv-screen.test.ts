/**
 * majority-kv's screen (l12) on states its own reducers built: the panel reads as l12 (its role,
 * epoch and seat map with the confirmed count), never Raft's words; the headline figures moved
 * from the client (epoch, token, lease, quorum, seat map; the ledger's highest token).
 */
import { describe, expect, it } from "vitest";
import { majorityKv } from "../../../shared/protocols/majority-kv/index.js";
import { recordVote, startElection } from "../../../shared/protocols/majority-kv/election.js";
import { acceptReplica, recordAck, sendRound } from "../../../shared/protocols/majority-kv/replication.js";
import { initialState, type MkvState } from "../../../shared/protocols/majority-kv/state.js";
import type { NodeContext, NodeEvent } from "../../../shared/sim/protocol.js";
import { streamRng } from "../../../shared/sim/prng.js";
import { loadLevelFile, LEVELS_DIR } from "../../../server/level-files.js";
import { fieldValues, screenOf } from "../../support/screen-view.js";

const l12 = loadLevelFile(`${LEVELS_DIR}/l12-survive-a-partition.json`);
const nodes = l12.nodes.map((n) => ({ id: n.id, role: n.role }));
const UP = 100;
const ctxOf = (self: string, uptimeTicks = UP): NodeContext => ({ self, role: self === "LEDGER" ? "ledger" : "peer", nodes, wallTicks: uptimeTicks, uptimeTicks, lastHeardUptimeTicks: [], rng: streamRng(1, self, {}), options: l12.protocolOptions });
const ctx = ctxOf("N1");
const human = (state: MkvState, event: NodeEvent, c = ctx) => majorityKv.human(state, event, c, new Set());
const buy = (id: string): NodeEvent => ({ kind: "request", request: { id, workload: "buy", payload: {}, arrivedTick: 0, deadlineTick: 999 } });
const figures = (state: MkvState, c = ctx) => Object.fromEntries(screenOf(majorityKv, state, c).highlights.map((x) => [x.id, x]));

/** N1 elected in epoch 1 by N2's and N3's votes, its lease from a round N2 and N3 acknowledged at uptime 100. */
function leader(): MkvState {
  let s = startElection(initialState(), ctxOf("N1", 90)).state;
  for (const from of ["N2", "N3"]) s = recordVote(s, from, { epoch: s.epoch, granted: true, log: [], logEpoch: 0, knownEpoch: 0 }, ctxOf("N1", 90)).state;
  s = sendRound(s, ctxOf("N1", 100)).state;
  for (const from of ["N2", "N3"]) s = recordAck(s, from, { epoch: s.epoch, round: s.round, length: 0, ok: true, knownEpoch: s.epoch }, ctxOf("N1", 100)).state;
  return s;
}

/** The leader sold buy-9: seat #1 in its copy, held by itself alone. */
function leaderWithASale(): MkvState {
  return majorityKv.actions.sell!.apply(human(leader(), buy("buy-9")).state, { resId: "buy-9" } as never, ctx).state;
}

describe("majority-kv's screen: the panel reads as l12", () => {
  it("the leader: role and epoch chips, the seat map with its confirmed count, who holds each seat", () => {
    const s = leaderWithASale();
    expect(s.status).toBe("leader");
    const view = screenOf(majorityKv, s, ctx);
    expect(view.chips).toEqual([
      { kind: "role", text: "leader" },
      { kind: "count", text: "epoch 1", title: "Your epoch (on disk)" },
    ]);
    expect(view.log).toMatchObject({ title: "Seat map", length: 1, mark: "confirmed 0", checked: "confirmed", rows: [{ index: 1, tag: "e1", text: "buy-9", committed: false, holders: "1/5" }] });
    const words = JSON.stringify(view);
    for (const raft of ["term", "committed to", "Commit index", "currentTerm"]) expect(words).not.toContain(raft);
  });

  it("a majority holding the seat confirms it: 'confirmed 1', the row ✓", () => {
    let s = leaderWithASale();
    for (const from of ["N2", "N3"]) s = recordAck(s, from, { epoch: 1, round: s.round, length: 1, ok: true, knownEpoch: 1 }, ctx).state;
    const log = screenOf(majorityKv, s, ctx).log!;
    expect(log.mark).toBe("confirmed 1");
    expect(log.rows[0]).toMatchObject({ committed: true });
    expect(log.rows[0]!.holders).toBeUndefined();
  });

  it("a follower of N3: its role, epoch and vote", () => {
    const s = acceptReplica(initialState(), "N3", { epoch: 2, round: 1, log: [{ resId: "buy-1", origin: "N3", epoch: 2 }], commitLength: 1 }, ctx).state;
    const view = screenOf(majorityKv, s, ctx);
    expect(view.chips.map((c) => c.text)).toEqual(["follower", "epoch 2"]);
    expect(view.log).toMatchObject({ mark: "confirmed 1", rows: [{ text: "buy-1", committed: true }] });
    expect(fieldValues(view)).toMatchObject({ Leader: "N3", "Copied in epoch": "2", "Confirmed seats": "1" });
    expect(figures(s).leader).toMatchObject({ value: "0.0 s ago", hint: "from N3" });
  });

  it("the ledger: a ledger chip, its highest token, no seat map", () => {
    const ledgerCtx = ctxOf("LEDGER");
    const view = screenOf(majorityKv, { ...initialState(), highestToken: 3 }, ledgerCtx);
    expect(view.chips).toEqual([{ kind: "role", text: "ledger" }]);
    expect(view.log).toBeNull();
    expect(view.highlights[0]).toMatchObject({ id: "highest", value: "3" });
    expect(fieldValues(view)).toEqual({ "Highest token": "3" });
  });
});

describe("majority-kv's headline figures", () => {
  it("the leader: epoch, token, lease left on its own clock, quorum meter, seat map", () => {
    const h = figures(leaderWithASale());
    expect(h.epoch?.value).toBe("1");
    expect(h.token?.value).toBe("1");
    expect(h.lease).toMatchObject({ value: "2.0 s left", tone: "ok" });
    expect(h.quorum).toMatchObject({ value: "1 of 5", tone: "warn" });
    expect(h.quorum?.hint).toContain("need 3");
    expect(h.seats?.value).toBe("0 / 1");
  });

  it("the token hint names the charges waiting for the ledger and their token", () => {
    const s: MkvState = { ...leaderWithASale(), outbox: [{ resId: "buy-9", seat: 1, token: 1 }] };
    expect(figures(s).token?.hint).toContain("retry queue: 1 charge, token 1");
  });

  it("a follower shows when it last heard its leader, not a lease", () => {
    const follower = screenOf(majorityKv, { ...initialState(), epoch: 2, leaderId: "N3", heardLeaderUptimeTicks: 90 }, ctx).highlights;
    expect(follower.map((x) => x.id)).toEqual(["epoch", "token", "leader", "seats"]);
    expect(follower.find((x) => x.id === "leader")?.value).toBe("1.0 s ago");
  });
});
