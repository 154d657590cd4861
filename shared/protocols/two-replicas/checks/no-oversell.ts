/** NoOversell: the tickets acknowledged as sold never number more than the tickets for sale. */
import { checkParams, paramInteger, paramsOf } from "../../../checks/check-params.js";
import type { SafetyCheck } from "../../../sim/check.js";

const PARAMS = checkParams({ tickets: paramInteger(20, "Tickets for sale.", { minimum: 1 }) });

export const noOversell: SafetyCheck = {
  id: "two-replicas/no-oversell",
  title: "No more tickets sold than there are",
  explain:
    "Clients were told they bought more tickets than exist. While the replicas could not talk, both sold from their own copy of the count: each copy was right about itself and wrong about the other. For the last tickets, refusing while cut off (CP) is the only way to never be wrong.",
  params: PARAMS,
  create(params) {
    const { tickets } = paramsOf(PARAMS, params);
    const seats = new Map<number, number>();
    let sold = 0;
    return {
      observe(event) {
        if (event.kind !== "response" || !event.ok) return null;
        const seat = (event.result as { seat?: unknown } | null)?.seat;
        if (typeof seat !== "number") return null;
        sold++;
        const twin = seats.get(seat);
        if (twin === undefined) seats.set(seat, event.i);
        if (sold <= tickets) return null;
        return { tick: event.tick, message: `ticket ${sold} of ${tickets} acknowledged (seat ${seat}, ${event.node})`, evidence: twin === undefined ? [event.i] : [twin, event.i] };
      },
    };
  },
};
