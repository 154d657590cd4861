/**
 * Reducers are pure (shared/protocols/protocol.ts): a step returns a new state object and never
 * changes the one it was given, nor anything inside it. The room relies on it: a node's state is
 * re-serialised only when the reducer returned a different object (server/schema/private-view.ts).
 *
 * Every state a protocol is given or hands out here is deep-frozen (the engine's own copies at a
 * boot or a crash included), so an in-place change anywhere (a bot, a human's autopilot, a player
 * action, init) throws in strict-mode code. Whole games of every
 * level are played with bots, autopilot chores, player actions (accepted or refused), crashes.
 */
import { describe, expect, it } from "vitest";
import { loadLevels } from "../../server/level-files.js";
import { GameSession } from "../../server/rooms/game-session.js";
import { openSqliteStore } from "../../server/store/sqlite-store.js";
import type { Protocol, Step } from "../../shared/sim/protocol.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

function deepFreeze<T>(value: T): T {
  // A frozen object's children were frozen with it: stop there (states share most of their parts).
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}

function frozenStep<S>(step: Step<S>): Step<S> {
  deepFreeze(step.state);
  return step;
}

/** Wraps every way a protocol makes or changes a state so that what comes out is frozen. */
function freezeStates(protocol: Protocol): void {
  const init = protocol.init;
  protocol.init = (ctx) => deepFreeze(init(ctx));
  for (const policy of Object.values(protocol.bots)) {
    const step = policy.step;
    (policy as { step: typeof step }).step = (state, event, ctx) => frozenStep(step(deepFreeze(state), event, ctx));
  }
  const human = protocol.human;
  protocol.human = (state, event, ctx, autopilot) => {
    const step = human(deepFreeze(state), event, ctx, autopilot);
    deepFreeze(step.state);
    return step;
  };
  for (const action of Object.values(protocol.actions)) {
    const apply = action.apply;
    (action as { apply: typeof apply }).apply = (state, params, ctx) => frozenStep(apply(deepFreeze(state), params, ctx));
  }
}

for (const protocol of Object.values(TEST_CATALOG.protocols)) freezeStates(protocol);

describe("reducers never change a state in place", () => {
  for (const level of loadLevels()) {
    it(`plays ${level.id} to the end on frozen states`, () => {
      const session = new GameSession({ level, mode: "team", playMode: "free", seed: 11, speedTicks: 1, listed: false }, openSqliteStore({ path: ":memory:" }));
      const seats = level.seats.nodes.slice(0, level.seats.max);
      seats.forEach((seat, i) => expect(session.join(`p${i}`, { nickname: `p${i}`, classCode: null, spectate: false, seat }).ok).toBe(true));
      expect(session.start("p0").ok).toBe(true);
      // Half the players hand every chore to the autopilot; the others act by hand.
      seats.forEach((_, i) => {
        if (i % 2 === 0) for (const chore of level.autopilot) session.setAutopilot(`p${i}`, chore, true);
      });
      let accepted = 0;
      for (let tick = 0; session.world.tick < level.durationTicks; tick++) {
        if (tick === 150) expect(session.injectFault("p0", { kind: "crash", atTick: 0, node: seats[0], recoverAtTick: 20 }).ok).toBe(true);
        if (tick % 5 === 0 && level.actions.length > 0) {
          // Each seat in turn tries an action on its oldest open card, or on a small sequence number.
          const actor = (tick / 5) % seats.length;
          const card = session.world.nodes[seats[actor]!]!.inbox.find((e) => !e.handled);
          const e = card?.event;
          const candidates = [e?.kind === "message" ? { msgId: e.msgId } : e?.kind === "request" ? { requestId: e.requestId } : {}, { seq: 1 }, { seq: 2 }];
          // Every seat gets every action in turn (the action changes once all seats have had a go).
          const action = level.actions[Math.floor(tick / 5 / seats.length) % level.actions.length]!;
          if (candidates.some((params) => session.act(`p${actor}`, action, params).ok)) accepted++;
        }
        session.advance(1);
      }
      // The player's actions did reach the reducers (free mode: only the impossible is refused).
      if (level.actions.length > 0) expect(accepted).toBeGreaterThan(0);
      expect(Object.isFrozen(session.world.nodes[seats[0]!]!.state)).toBe(true);
    });
  }
});
