/**
 * "fallacy-gauntlet" (chapter 2): service node S runs eight quick rounds, one per fallacy of
 * distributed computing, then a bonus question about the meta-fallacy. Each round opens with its
 * assumption as a card and then breaks it; the player chooses how S behaves, and S does the
 * round's work that way. The services around S are scripted and correct.
 */
import type { HumanReducer, Protocol } from "../../sim/protocol.js";
import { GAUNTLET_ACTIONS } from "./actions.js";
import { backendStep } from "./backends.js";
import { gauntletBotMove } from "./bot-moves.js";
import { GAUNTLET_BOTS } from "./bots.js";
import { gauntletDebrief } from "./debrief.js";
import { GAUNTLET_GOALS } from "./checks/index.js";
import { peersWithRole } from "./common.js";
import { GAUNTLET_NOTES } from "./notes.js";
import { GAUNTLET_OPTIONS } from "./options.js";
import { GAUNTLET_SCREEN } from "./screen.js";
import { dispatch, SERVICE_ROUNDS } from "./service.js";
import { DURABLE_FIELDS, initialState, MESSAGE_TYPES, type GauntletState } from "./state.js";

export type { GauntletState };

/** S does each round's work by itself, as the player's settings say: no event waits for a click. */
const humanStep: HumanReducer<GauntletState> = (state, event, ctx) => {
  const step = ctx.role === "service" ? dispatch(SERVICE_ROUNDS, state, event, ctx, state.settings) : backendStep(state, event, ctx);
  return { ...step, handled: true };
};

export const fallacyGauntlet: Protocol<GauntletState> = {
  id: "fallacy-gauntlet",
  title: "The fallacy gauntlet: eight assumptions about the network, each broken in turn",
  messageTypes: MESSAGE_TYPES,
  notes: GAUNTLET_NOTES.schemas,
  durableFields: DURABLE_FIELDS,
  shownStateLists: { charged: 12, keys: 12, orders: 12, subscribers: 4, assembly: 6 },
  init: (ctx) => initialState(peersWithRole(ctx, "inventory")[0] ?? ""),
  bots: GAUNTLET_BOTS,
  actions: GAUNTLET_ACTIONS,
  autopilot: {},
  human: humanStep,
  checks: { safety: [], goals: GAUNTLET_GOALS },
  options: GAUNTLET_OPTIONS,
  roles: {
    service: { min: 1, max: 1 },
    payments: { min: 1, max: 1 },
    inventory: { min: 2, max: 2 },
    discovery: { min: 1, max: 1 },
    auth: { min: 1, max: 1 },
    impostor: { min: 1, max: 1 },
    team: { min: 1, max: 1 },
    relay: { min: 1, max: 1 },
  },
  screen: GAUNTLET_SCREEN,
  debrief: gauntletDebrief,
  botMove: gauntletBotMove,
};
