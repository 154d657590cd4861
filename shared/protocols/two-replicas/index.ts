/**
 * "two-replicas" (chapter 3, CAP and PACELC): two replicas of one shop, A and B, and one cable
 * that fails. Three rounds, three datasets, three right answers to "what happens when two nodes
 * can't talk": tickets refuse (CP), the cart answers and merges (AP), and with the cable up each
 * read chooses latency or freshness (PACELC's else-branch). This file adds the seat's reducer.
 */
import type { HumanReducer, Protocol } from "../../sim/protocol.js";
import { REPLICA_ACTIONS } from "./actions.js";
import { replicaBotMove } from "./bot-moves.js";
import { REPLICA_BOTS } from "./bots.js";
import { replicaDebrief } from "./debrief.js";
import { REPLICA_GOALS, REPLICA_SAFETY } from "./checks/index.js";
import { REPLICA_NOTES } from "./notes.js";
import { REPLICA_OPTIONS } from "./options.js";
import { background, SYNC_TIMER } from "./replica.js";
import { REPLICA_SCREEN } from "./screen.js";
import { DURABLE_FIELDS, initialState, MESSAGE_TYPES, type ReplicaState } from "./state.js";

export type { ReplicaState };

/**
 * Client requests are the player's cards; replication, the peer's forwards and timeouts run by
 * themselves. The half-second sync (its timer and the peer's copy) leaves no card: the peer strip
 * shows it, and forty cards a minute would bury the requests.
 */
const humanStep: HumanReducer<ReplicaState> = (state, event, ctx) => {
  if (event.kind === "request") return { state, effects: [], handled: false };
  const quiet = (event.kind === "timer" && event.name === SYNC_TIMER) || (event.kind === "deliver" && event.msg.type === "sync");
  return { ...background(state, event, ctx), handled: true, quiet };
};

export const twoReplicas: Protocol<ReplicaState> = {
  id: "two-replicas",
  title: "Two replicas, one cable: refuse, answer stale, or wait, dataset by dataset",
  messageTypes: MESSAGE_TYPES,
  durableFields: DURABLE_FIELDS,
  init: () => initialState(),
  bots: REPLICA_BOTS,
  actions: REPLICA_ACTIONS,
  autopilot: {},
  human: humanStep,
  checks: { safety: REPLICA_SAFETY, goals: REPLICA_GOALS },
  options: REPLICA_OPTIONS,
  roles: { primary: { min: 1, max: 1 }, replica: { min: 1, max: 1 } },
  screen: REPLICA_SCREEN,
  debrief: replicaDebrief,
  notes: REPLICA_NOTES.schemas,
  botMove: replicaBotMove,
};
