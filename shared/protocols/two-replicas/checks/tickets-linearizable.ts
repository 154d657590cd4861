/**
 * The ticket history is linearizable (the C of CAP): some order of the sales and counts, one at a
 * time on a single stock, explains every answer and keeps real time. Judged online with the
 * kit's search (shared/checks/history) on a stock model: a sale must get the next seat, a count
 * must see exactly the seats sold before it. Operations still waiting (or 504) are pending.
 */
import { checkParams, paramInteger, paramsOf } from "../../../checks/check-params.js";
import { searchLinearization } from "../../../checks/history/linearization-search.js";
import { minimalEvidence } from "../../../checks/history/minimal-evidence.js";
import { describeOperation, traceEvidence, type Operation } from "../../../checks/history/operation.js";
import { IMPOSSIBLE, type SequentialModel } from "../../../checks/history/sequential-model.js";
import type { SafetyCheck } from "../../../sim/check.js";
import { requestPayload, ticketAnswered, ticketInvoke } from "./ops.js";

const PARAMS = checkParams({ tickets: paramInteger(20, "Tickets for sale.", { minimum: 1 }) });
const STEPS_MAX = 100_000;

/** One stock of `cap` tickets: state = seats sold. A sale takes seat state+1; a count reads state. */
export function ticketModel(cap: number): SequentialModel<number> {
  return {
    init: 0,
    step(state, op) {
      if (op.kind === "write") {
        // Unknown outcome: it sold the next seat (if any was left); placed last, it never happened.
        if (op.responseTick === null) return state < cap ? state + 1 : state;
        return op.value === state + 1 && state < cap ? state + 1 : IMPOSSIBLE;
      }
      if (op.responseTick === null) return state;
      return op.value === state ? state : IMPOSSIBLE;
    },
    stateKey: String,
  };
}

export function describeTicketOp(op: Operation): string {
  if (op.kind === "write") return op.responseTick === null ? `a sale at tick ${op.invokeTick} with no known outcome` : `a sale of seat ${op.value} (ticks ${op.invokeTick}-${op.responseTick})`;
  return describeOperation(op).replace(/read (\d+)/, "counted $1 sold");
}

export const ticketsLinearizable: SafetyCheck = {
  id: "two-replicas/tickets-linearizable",
  title: "The ticket history is linearizable",
  explain:
    "No single copy of the tickets, serving one request at a time, could have given these answers in this order: two clients got the same seat, or a count missed a sale already acknowledged. That is what C in CAP forbids. B answered from its own copy while it could not hear A.",
  params: PARAMS,
  create(params) {
    const { tickets } = paramsOf(PARAMS, params);
    const model = ticketModel(tickets);
    const ops = new Map<string, Operation>();
    let done = false;
    return {
      observe(event) {
        if (done) return null;
        const r = requestPayload(event);
        if (event.kind === "request" && r?.data === "tickets") ops.set(event.requestId, ticketInvoke(event, r));
        if (event.kind !== "response") return null;
        const op = ops.get(event.requestId);
        if (!op) return null;
        const answered = ticketAnswered(op, event);
        if (answered === null) ops.delete(event.requestId);
        else ops.set(event.requestId, answered);
        if (answered === null || answered.responseTick === null) return null;
        const history = [...ops.values()];
        const found = searchLinearization(history, model, STEPS_MAX);
        if (found.verdict !== "violation") return null;
        done = true;
        const shrunk = minimalEvidence(history, model, STEPS_MAX, (c) => [...c]);
        const lines = shrunk.ops.map(describeTicketOp).join("; ");
        return { tick: event.tick, message: `no order of these explains the answers: ${lines}`, evidence: traceEvidence(shrunk.ops) };
      },
    };
  },
};
