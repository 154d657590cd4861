/** The scripted services, each correct: every role's part of each round, dispatched like S's. */
import type { NodeContext, NodeEvent, Step } from "../../sim/protocol.js";
import { bonusPayments } from "./bonus.js";
import type { BackendHandler } from "./common.js";
import { reliablePayments } from "./r1-reliable.js";
import { latencyInventory } from "./r2-latency.js";
import { secureAuth, secureImpostor } from "./r4-secure.js";
import { topologyDiscovery, topologyInventory } from "./r5-topology.js";
import { adminTeam } from "./r6-admin.js";
import { homogeneousFarSite, homogeneousRelay } from "./r8-homogeneous.js";
import { dispatch } from "./service.js";
import { NAIVE, type GauntletState } from "./state.js";

const BY_ROLE: Readonly<Record<string, readonly BackendHandler[]>> = {
  payments: [reliablePayments, bonusPayments],
  inventory: [latencyInventory, topologyInventory],
  discovery: [topologyDiscovery],
  auth: [secureAuth],
  impostor: [secureImpostor],
  team: [adminTeam, homogeneousFarSite],
  relay: [homogeneousRelay],
};

export function backendStep(state: GauntletState, event: NodeEvent, ctx: NodeContext): Step<GauntletState> {
  return dispatch(BY_ROLE[ctx.role] ?? [], state, event, ctx, NAIVE);
}
