/**
 * "majority-kv": five peers sell the last seats of a concert through majority writes, an elected
 * leader holding a lease, and fencing tokens toward a payment ledger (chapter 9). The pieces:
 * majority-kv-types (state, messages, knobs), -log (the seat map), -election, -replication,
 * -sales, -charges, -ledger, -bots, -actions; this file adds a human seat's reducer.
 */
import type { Effect, HumanReducer, NodeContext, NodeEvent, Protocol, Step } from "../../sim/protocol.js";
import { MKV_ACTIONS } from "./actions.js";
import { bootStep, MKV_BOTS } from "./bots.js";
import { recordChargeResult, retryCharges } from "./charges.js";
import { recordPrevote, recordVote } from "./election.js";
import { acceptReplica, heartbeat, recordAck } from "./replication.js";
import { admitReservation, deliverSold, routeAll } from "./sales.js";
import { sawToken } from "./ledger.js";
import type { AckPayload, ChargePayload, ChargeResultPayload, MkvState, PrevoteReplyPayload, ReplicatePayload, SoldPayload, VotePayload } from "./state.js";
import { DURABLE_FIELDS, initialState, MESSAGE_TYPES } from "./state.js";
import { MKV_GOALS, MKV_SAFETY } from "./checks/index.js";
import { MKV_OPTIONS } from "./options.js";
import { MKV_SCREEN } from "./screen.js";
import { MKV_NOTES } from "./notes.js";
import { majorityKvBotMove } from "./bot-moves.js";

const RECEIVED_MAX = 30;

type HumanStep = Step<MkvState> & { handled: boolean };
const done = (step: Step<MkvState>): HumanStep => ({ ...step, handled: true });
const card = (state: MkvState, effects: Effect[] = []): HumanStep => ({ state, effects, handled: false });

function keep(state: MkvState, event: Extract<NodeEvent, { kind: "deliver" }>): MkvState {
  const m = event.msg;
  const entry = { msgId: m.id, from: m.from, type: m.type, payload: m.payload as Record<string, unknown> };
  return { ...state, received: [...state.received, entry].slice(-RECEIVED_MAX) };
}

/** Replies to what this node asked are bookkeeping; requests to decide on are the player's cards. */
function humanDeliver(state: MkvState, event: Extract<NodeEvent, { kind: "deliver" }>, ctx: NodeContext, autopilot: ReadonlySet<string>): HumanStep {
  const { from, type, payload } = event.msg;
  switch (type) {
    case "ack":
      return done(recordAck(state, from, payload as AckPayload, ctx));
    case "charge-result":
      return done(recordChargeResult(state, payload as ChargeResultPayload, ctx));
    case "prevote-reply": {
      const counted = recordPrevote(state, from, payload as PrevoteReplyPayload, ctx);
      return done({ state: counted.state, effects: [] });
    }
    case "vote":
      return done(recordVote(state, from, payload as VotePayload, ctx));
    case "sold":
      return done(deliverSold(state, payload as SoldPayload));
    case "replicate": {
      if (!autopilot.has("replica-acks")) return card(keep(state, event));
      const accepted = acceptReplica(state, from, payload as ReplicatePayload, ctx);
      if (!accepted.newLeader || !autopilot.has("catch-up")) return done(accepted);
      const replay = routeAll(accepted.state, ctx);
      return done({ state: replay.state, effects: [...accepted.effects, ...replay.effects] });
    }
    default:
      return card(keep(state, event));
  }
}

function humanTimer(state: MkvState, name: string, ctx: NodeContext, autopilot: ReadonlySet<string>): HumanStep {
  if (name === "heartbeat" && autopilot.has("lease-renewal")) return done(heartbeat(state, ctx));
  if (name === "retry" && autopilot.has("catch-up")) return done(routeAll(state, ctx));
  // The payment client's retry queue runs by itself, like any HTTP client's.
  if (name === "charge-retry") return done(retryCharges(state, ctx));
  return card(state);
}

const humanStep: HumanReducer<MkvState> = (state, event, ctx, autopilot) => {
  if (event.kind === "boot") return done(bootStep(state, ctx));
  if (ctx.role === "ledger") return event.kind === "deliver" && event.msg.type === "charge" ? card(keep(sawToken(state, event.msg.payload as ChargePayload), event)) : done({ state, effects: [] });
  switch (event.kind) {
    case "request":
      if (event.request.workload === "map") return card({ ...state, reads: [...state.reads, event.request.id].slice(-RECEIVED_MAX) });
      return { ...admitReservation(state, event.request.id, ctx), handled: false };
    case "timer":
      return humanTimer(state, event.name, ctx, autopilot);
    case "deliver":
      return humanDeliver(state, event, ctx, autopilot);
  }
};

export const majorityKv: Protocol<MkvState> = {
  id: "majority-kv",
  title: "Majority writes, leases and fencing tokens: selling seats through a partition",
  messageTypes: MESSAGE_TYPES,
  durableFields: DURABLE_FIELDS,
  init: () => initialState(),
  bots: MKV_BOTS,
  actions: MKV_ACTIONS,
  autopilot: {
    "replica-acks": { label: "Auto-confirm replication", summary: "Take each replication round from a leader of your epoch or later and confirm it." },
    "lease-renewal": { label: "Auto-renew the lease", summary: "As leader, send a replication round every heartbeat (a majority of acks renews the lease); step down if it has been out for another lease period and two heartbeats (probably cut off)." },
    "catch-up": { label: "Auto catch-up", summary: "Replay waiting reservations to a new leader as soon as you hear one, and retry them on a timer." },
  },
  human: humanStep,
  checks: { safety: MKV_SAFETY, goals: MKV_GOALS },
  options: MKV_OPTIONS,
  roles: { peer: { min: 3, max: 9 }, ledger: { min: 1, max: 1 } },
  screen: MKV_SCREEN,
  notes: MKV_NOTES.schemas,
  botMove: majorityKvBotMove,
};
