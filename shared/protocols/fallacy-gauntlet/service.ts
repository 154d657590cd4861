/**
 * Service node S, as its settings make it behave: each event goes to the round it belongs to.
 * The bots and the player's seat run the same code; the player's settings are in its state
 * (chosen card by card), a bot's are its habits.
 */
import type { NodeEvent, NodeContext, Step } from "../../sim/protocol.js";
import { botAnswer, bonusService, type AnswerKind } from "./bonus.js";
import type { ServiceHandler } from "./common.js";
import { reliableService } from "./r1-reliable.js";
import { latencyService } from "./r2-latency.js";
import { bandwidthService } from "./r3-bandwidth.js";
import { secureService } from "./r4-secure.js";
import { topologyService } from "./r5-topology.js";
import { adminService, botSubscribe } from "./r6-admin.js";
import { costService } from "./r7-cost.js";
import { homogeneousService } from "./r8-homogeneous.js";
import type { GauntletState, Settings } from "./state.js";

/** Every round's part of S, in round order. */
export const SERVICE_ROUNDS: readonly ServiceHandler[] = [reliableService, latencyService, bandwidthService, secureService, topologyService, adminService, costService, homogeneousService, bonusService];

/**
 * One event through a list of handlers: a boot reaches every handler (each arms its own round's
 * timers), any other event the first that takes it.
 */
export function dispatch(handlers: readonly ServiceHandler[], state: GauntletState, event: NodeEvent, ctx: NodeContext, settings: Settings): Step<GauntletState> {
  if (event.kind === "boot") {
    let next = state;
    const effects = [];
    for (const h of handlers) {
      const s = h(next, event, ctx, settings);
      if (s) {
        next = s.state;
        effects.push(...s.effects);
      }
    }
    return { state: next, effects };
  }
  for (const h of handlers) {
    const s = h(state, event, ctx, settings);
    if (s) return s;
  }
  return { state, effects: [] };
}

/**
 * A bot at S: its habits, then what a bot does of itself when the moment comes (subscribe to the
 * feed, answer the bonus), on top of whatever the event did.
 */
export function serviceBot(settings: Settings, answer: AnswerKind) {
  const extras = [botSubscribe, botAnswer(answer)];
  return (state: GauntletState, event: NodeEvent, ctx: NodeContext): Step<GauntletState> => {
    let { state: next, effects } = dispatch(SERVICE_ROUNDS, state, event, ctx, settings);
    for (const extra of extras) {
      const more = extra(next, event, ctx, settings);
      if (more) [next, effects] = [more.state, [...effects, ...more.effects]];
    }
    return { state: next, effects };
  };
}
