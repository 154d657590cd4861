/**
 * The room's projection is incremental (server/schema/project.ts): a private view is recomputed
 * only for a node the trace names, the rest of the time only the clocks move, and a Schema field
 * is written only when its value changed. This checks, patch by patch over whole games of every
 * level, with faults that stall timers (pause, slow), a drifting clock under pending requests,
 * crashes, player actions, drops, returns and hand-overs to bots, that the incremental state
 * equals a projection made from scratch at the same moment.
 */
import { describe, expect, it } from "vitest";
import { loadLevels } from "../../server/level-files.js";
import { GameSession } from "../../server/rooms/game-session.js";
import { createLevelState, SessionProjector } from "../../server/schema/project.js";
import type { LevelState } from "../../server/schema/level-state.js";
import { decodedPriv, inboxList, privFromNodeView } from "../support/wire-view.js";
import { openSqliteStore } from "../../server/store/sqlite-store.js";

const levels = loadLevels();

type PrivJson = Record<string, unknown> & { clockAnchorTick: number; wallAtAnchorTicks: number; uptimeAtAnchorTicks: number };

/**
 * The decoded shape a client would see, minus the private views of open seats (never sent to
 * anyone). Clock anchors become the readings a client extrapolates from them: where a projection
 * anchors is its own business, what the clocks read at this tick is not. Likewise the inbox is
 * its entries in seq order: which slot key holds an entry depends on the projection's history.
 */
function visible(state: LevelState, session: GameSession): unknown {
  const json = state.toJSON() as { tick: number; seats: Record<string, { priv?: PrivJson }> };
  for (const seat of session.seats.seats) {
    const holder = json.seats[seat.node]!;
    if (seat.status === "open") {
      delete holder.priv;
      continue;
    }
    const { clockAnchorTick, wallAtAnchorTicks, uptimeAtAnchorTicks, inbox, ...rest } = holder.priv!;
    const since = json.tick - clockAnchorTick;
    holder.priv = { ...rest, inbox: inboxList(inbox), wallTicks: wallAtAnchorTicks + since, uptimeTicks: uptimeAtAnchorTicks + since } as unknown as PrivJson;
  }
  return json;
}

function fresh(session: GameSession): LevelState {
  const state = createLevelState(session, 10);
  new SessionProjector(session, state).sync(true);
  return state;
}

describe("incremental projection", () => {
  for (const level of levels) {
    it(`equals a projection from scratch at every patch of ${level.id}`, () => {
      const store = openSqliteStore({ path: ":memory:" });
      const session = new GameSession({ level, mode: "team", playMode: "guided", seed: 7, speedTicks: 1, listed: false }, store);
      const state = createLevelState(session, 10);
      const projector = new SessionProjector(session, state);
      const seats = level.seats.nodes.slice(0, level.seats.max);
      const join = (i: number) => {
        const joined = session.join(`p${i}`, { nickname: `p${i}`, classCode: null, spectate: false, seat: seats[i]! });
        expect(joined.ok).toBe(true);
        projector.invalidate(seats[i]!);
      };
      seats.forEach((_, i) => join(i));
      expect(session.start("p0").ok).toBe(true);
      // Half the players hand everything to the autopilot; the others leave cards unhandled.
      seats.forEach((_, i) => {
        if (i % 2 === 0) for (const chore of level.autopilot) session.setAutopilot(`p${i}`, chore, true);
      });
      const last = seats.length - 1;
      const fault = (spec: Record<string, unknown>) => expect(session.injectFault("p0", spec)).toEqual({ ok: true, value: undefined });
      const script: Record<number, () => void> = {
        // Faults that stall a seat's timers (pause, slow) and one that makes a clock drift.
        40: () => fault({ kind: "pause", atTick: 0, node: seats[0], durationTicks: 30 }),
        60: () => fault({ kind: "clock-drift", atTick: 0, node: seats[last], driftPpm: 40000 }),
        90: () => fault({ kind: "slow", atTick: 0, untilTick: 40, node: seats[last], extraTicks: 3 }),
        150: () => fault({ kind: "crash", atTick: 0, node: seats[0], recoverAtTick: 20 }),
        // A drop (a bot runs the seat), a return, and a player who leaves for good (catch-up).
        200: () => session.drop(`p${last}`),
        230: () => {
          session.rejoin(`p${last}`);
          projector.invalidate(seats[last]!);
        },
        260: () => session.leave(`p${last}`),
        300: () => join(last),
      };
      const actions = level.actions;
      for (let tick = 0; session.world.tick < level.durationTicks; tick++) {
        script[tick]?.();
        // Player actions, accepted or refused: both are inputs and may change the node's view.
        if (tick % 7 === 0 && actions.length > 0) {
          const card = session.world.nodes[seats[1 % seats.length]!]!.inbox.find((e) => !e.handled);
          const e = card?.event;
          const params = e?.kind === "message" ? { msgId: e.msgId } : e?.kind === "request" ? { requestId: e.requestId } : {};
          session.act(`p${1 % seats.length}`, actions[tick % actions.length]!, params);
        }
        session.advance(1);
        projector.sync(true);
        expect(visible(state, session), `${level.id} at tick ${session.world.tick}`).toEqual(visible(fresh(session), session));
        for (const seat of session.seats.seats) {
          if (seat.status === "open") continue;
          expect(decodedPriv(state, seat.node), `${level.id} ${seat.node} at tick ${session.world.tick}`).toEqual(privFromNodeView(session, seat.node));
        }
      }
    });
  }
});

/** A started team game of `levelId` with one player, p0, on N1, and its incremental projection. */
function playerOnN1(levelId: string, playMode: "guided" | "free", seed: number) {
  const level = levels.find((l) => l.id === levelId)!;
  const session = new GameSession({ level, mode: "team", playMode, seed, speedTicks: 1, listed: false }, openSqliteStore({ path: ":memory:" }));
  expect(session.join("p0", { nickname: "p0", classCode: null, spectate: false, seat: "N1" }).ok).toBe(true);
  expect(session.start("p0").ok).toBe(true);
  const state = createLevelState(session, 10);
  return { level, session, state, projector: new SessionProjector(session, state) };
}

describe("what the projection leaves out", () => {
  it("sends a node's state without the protocol's unsent fields (l08's cards are inbox entries too)", () => {
    const { level, session, state, projector } = playerOnN1("l08-reach-consensus", "guided", 3);
    // Every chore on the autopilot, but nobody votes: RequestVote cards pile up on N1.
    for (const chore of level.autopilot) session.setAutopilot("p0", chore, true);
    while (session.world.tick < 600) {
      session.advance(1);
      projector.sync(false);
    }
    const world = session.world.nodes.N1!.state as { voteCards: unknown[] };
    expect(world.voteCards.length).toBeGreaterThan(0);
    const sent = JSON.parse(state.seats.get("N1")!.priv.state) as Record<string, unknown>;
    for (const field of ["voteCards", "appendCards", "clientCards"]) expect(sent, field).not.toHaveProperty(field);
    // Everything else is there, as the reducers have it.
    const { voteCards: _v, appendCards: _a, clientCards: _c, ...rest } = world as unknown as Record<string, unknown>;
    expect(sent).toEqual(JSON.parse(JSON.stringify(rest)));
    // And each card is in the inbox, waiting for a decision.
    const waiting = [...state.seats.get("N1")!.priv.inbox.values()]
      .map((t) => JSON.parse(t) as { handled: boolean; event: { type?: string; msgId?: number } })
      .filter((e) => !e.handled && e.event.type === "RequestVote")
      .map((e) => e.event.msgId);
    expect(waiting).toEqual((world.voteCards as { msgId: number }[]).map((c) => c.msgId));
  });
});

describe("the inbox window", () => {
  it("takes back an older waiting card when a newer waiting one is handled", () => {
    const { level, session, state, projector } = playerOnN1("l08-reach-consensus", "free", 3);
    const seqs = () => inboxList(state.seats.get("N1")!.priv.inbox.toJSON()).map((e) => e.seq);
    // No autopilot: every AppendEntries from the leader waits for the player, until more cards
    // wait before the last 20 entries than the window shows of them (20).
    const waiting = () => session.world.nodes.N1!.inbox.filter((e) => !e.handled && e.event.kind === "message");
    const olderWaiting = () => session.world.nodes.N1!.inbox.slice(0, -20).filter((e) => !e.handled).length;
    while (olderWaiting() <= 22 && session.world.tick < level.durationTicks) {
      session.advance(1);
      projector.sync(false);
    }
    expect(olderWaiting()).toBeGreaterThan(22);
    const before = seqs();
    // Handle the newest card of the older part of the window: the window reaches one further back.
    const olderShown = waiting().filter((e) => before.includes(e.seq) && e.seq < before[before.length - 20]!);
    const card = olderShown[olderShown.length - 1]!;
    const event = card.event as { msgId: number; type: string };
    expect(session.act("p0", event.type === "AppendEntries" ? "rejectEntries" : "denyVote", { msgId: event.msgId }).ok).toBe(true);
    projector.sync(false);
    const after = seqs();
    expect(after[0]!).toBeLessThan(before[0]!);
    // And the incremental projection still equals one made from scratch.
    const fresh = createLevelState(session, 10);
    new SessionProjector(session, fresh).sync(false);
    expect(inboxList(state.seats.get("N1")!.priv.inbox.toJSON())).toEqual(inboxList(fresh.seats.get("N1")!.priv.inbox.toJSON()));
  });
});

describe("the god's view", () => {
  it("is re-projected when the world moved (a tick, an event, an input), and only then", () => {
    const { session, state, projector } = playerOnN1("l00-hello-network", "free", 5);
    const fromScratch = () => {
      const fresh = createLevelState(session, 10);
      new SessionProjector(session, fresh).sync(true);
      return fresh.observer.toJSON();
    };
    while (session.world.nodes.N1!.inbox.every((e) => e.event.kind !== "request")) {
      session.advance(1);
      projector.sync(true);
    }
    // Standing still: nothing is re-projected (a marker written into the Schema stays).
    state.observer.nodes = "marker";
    projector.sync(true);
    expect(state.observer.nodes).toBe("marker");
    // An input at the same tick: the next patch shows it.
    const request = session.world.nodes.N1!.inbox.find((e) => e.event.kind === "request")!;
    expect(request).toBeDefined();
    expect(session.act("p0", "sendNote", { seq: 1 }).ok).toBe(true);
    projector.sync(true);
    expect(state.observer.toJSON()).toEqual(fromScratch());
    // Not watched for a while (no spectator), then watched again: up to date.
    session.advance(1);
    projector.sync(false);
    state.observer.nodes = "marker";
    projector.sync(true);
    expect(state.observer.toJSON()).toEqual(fromScratch());
  });
});
