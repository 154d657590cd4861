/**
 * The bot policies of majority-kv. The correct peer is a composition of the same helpers the
 * player's actions and autopilot chores call; the mistakes differ from it in one decision each.
 */
import type { BotPolicy, Effect, NodeContext, NodeEvent, Step } from "../../sim/protocol.js";
import { onChargeResult, retryCharges } from "./charges.js";
import { answerPrevote, answerVote, armElectionTimer, askAgain, electionTimeout, prevoteGrant, probeElection, recordPrevote, recordVote, shouldProbeInstead, startElection, voteGrant } from "./election.js";
import { ledgerOnCharge } from "./ledger.js";
import { acceptReplica, heartbeat, leaseValid, onAck } from "./replication.js";
import { admitReservation, deliverSold, forward, leaderFresh, onReserve, routeAll, routeReservation, sell, sellAlone, serveMap } from "./sales.js";
import type { AckPayload, ChargePayload, ChargeResultPayload, MkvState, PrevotePayload, PrevoteReplyPayload, ReplicatePayload, ReservePayload, SoldPayload, VotePayload, VoteRequestPayload } from "./state.js";

type Route = (state: MkvState, resId: string, ctx: NodeContext) => Step<MkvState>;

/** The mistake: when no leader is reachable, sell from your own copy instead of queueing. */
const routeOrSellAlone: Route = (state, resId, ctx) => {
  if (leaseValid(state, ctx)) return sell(state, resId, ctx.self, ctx);
  if (leaderFresh(state, ctx)) return { state, effects: [forward(state, resId, state.leaderId!, ctx)] };
  return sellAlone(state, resId, ctx);
};

export function bootStep(state: MkvState, ctx: NodeContext): Step<MkvState> {
  // The promise not to vote lives in RAM, so a node that restarts cannot know whom it promised
  // or when. If it ever took part in an election, it keeps the promise for a full promiseTicks
  // after boot: any lease it may have confirmed just before crashing has then run out.
  const veteran = state.epoch > 0 || state.votedEpoch > 0;
  const kept: MkvState = veteran ? { ...state, heardLeaderUptimeTicks: ctx.uptimeTicks } : state;
  const effects: Effect[] = [armElectionTimer(ctx, ctx.uptimeTicks === 0)];
  if (state.reservations.length > 0) effects.push({ kind: "set-timer", name: "retry", delayTicks: 1 });
  if (state.outbox.length > 0) effects.push({ kind: "set-timer", name: "charge-retry", delayTicks: 1 });
  return { state: kept, effects };
}

/** Election and replication messages, handled the correct way (shared by the human's chores). */
export function clusterMessage(state: MkvState, from: string, type: string, payload: unknown, ctx: NodeContext, route: Route = routeReservation): Step<MkvState> | null {
  switch (type) {
    case "prevote": {
      const p = payload as PrevotePayload;
      const grant = prevoteGrant(state, p, ctx, from);
      const answered = answerPrevote(state, from, p, grant, ctx);
      if (grant || !shouldProbeInstead(state, p, ctx)) return answered;
      const probe = probeElection(answered.state, ctx);
      return { state: probe.state, effects: [...answered.effects, ...probe.effects] };
    }
    case "prevote-reply": {
      const counted = recordPrevote(state, from, payload as PrevoteReplyPayload, ctx);
      return counted.ready ? startElection(counted.state, ctx) : { state: counted.state, effects: [] };
    }
    case "vote-request": {
      const p = payload as VoteRequestPayload;
      return answerVote(state, from, p, voteGrant(state, p, ctx, from), ctx);
    }
    case "vote":
      return recordVote(state, from, payload as VotePayload, ctx);
    case "replicate": {
      const accepted = acceptReplica(state, from, payload as ReplicatePayload, ctx);
      if (!accepted.newLeader) return accepted;
      // A new leader (or one heard again after silence): replay the queue to it at once.
      const replay = routeAll(accepted.state, ctx, route);
      return { state: replay.state, effects: [...accepted.effects, ...replay.effects] };
    }
    case "ack":
      return onAck(state, from, payload as AckPayload, ctx);
    case "charge-result":
      return onChargeResult(state, payload as ChargeResultPayload, ctx);
    case "sold":
      return deliverSold(state, payload as SoldPayload);
    case "reserve":
      return onReserve(state, payload as ReservePayload, ctx);
    default:
      return null;
  }
}

function peerStep(route: Route) {
  return (state: MkvState, event: NodeEvent, ctx: NodeContext): Step<MkvState> => {
    switch (event.kind) {
      case "boot":
        return bootStep(state, ctx);
      case "request": {
        if (event.request.workload === "map") return { state, effects: [serveMap(state, event.request.id, ctx)] };
        const admitted = admitReservation(state, event.request.id, ctx);
        const routed = route(admitted.state, event.request.id, ctx);
        return { state: routed.state, effects: [...admitted.effects, ...routed.effects] };
      }
      case "timer":
        if (event.name === "election") return electionTimeout(state, ctx);
        if (event.name === "ask-again") return askAgain(state, ctx);
        if (event.name === "heartbeat") return heartbeat(state, ctx);
        if (event.name === "retry") return routeAll(state, ctx, route);
        if (event.name === "charge-retry") return retryCharges(state, ctx);
        return { state, effects: [] };
      case "deliver": {
        const msg = event.msg;
        return clusterMessage(state, msg.from, msg.type, msg.payload, ctx, route) ?? { state, effects: [] };
      }
    }
  };
}

function ledgerStep(fencing: boolean) {
  const onCharge = ledgerOnCharge(fencing);
  return (state: MkvState, event: NodeEvent): Step<MkvState> => {
    if (event.kind === "request") return { state, effects: [{ kind: "respond", requestId: event.request.id, ok: false, status: "not-a-seller" }] };
    if (event.kind !== "deliver" || event.msg.type !== "charge") return { state, effects: [] };
    return onCharge(state, event.msg.from, event.msg.payload as ChargePayload);
  };
}

function byRole(peer: ReturnType<typeof peerStep>, ledger: ReturnType<typeof ledgerStep>) {
  return (state: MkvState, event: NodeEvent, ctx: NodeContext): Step<MkvState> => (ctx.role === "ledger" ? ledger(state, event) : peer(state, event, ctx));
}

export const MKV_BOTS: Record<string, BotPolicy<MkvState>> = {
  correct: {
    summary: "Sells only as the leased leader, says sold after 3 of 5 hold it and it is paid; queues when cut off; the ledger fences stale tokens.",
    roles: ["peer", "ledger"],
    step: byRole(peerStep(routeReservation), ledgerStep(true)),
  },
  "minority-acks": {
    summary: "When it cannot reach a leader it sells from its own copy and says yes anyway, without 3 confirmations.",
    roles: ["peer"],
    mistake: "safety",
    step: byRole(peerStep(routeOrSellAlone), ledgerStep(true)),
  },
  "no-fencing": {
    summary: "A ledger that ignores fencing tokens: a zombie leader's old-token charges are applied.",
    roles: ["ledger"],
    mistake: "safety",
    step: byRole(peerStep(routeReservation), ledgerStep(false)),
  },
};
