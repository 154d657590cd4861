/** No oversell: buyers are never told "sold" for more seats than exist, nor for one seat twice. */
import type { SafetyCheck } from "../../../sim/check.js";
import { ackedSale } from "./replicas.js";
import { checkParams, paramInteger, paramsOf } from "../../../checks/check-params.js";

const PARAMS = checkParams({ seats: paramInteger(40, "How many seats there are to sell.", { minimum: 1 }) });

export const noOversell: SafetyCheck = {
  id: "majority-kv/no-oversell",
  title: "No seat sold twice, no more than the seats there are",
  explain:
    "Two buyers were told they have the same seat (or a seat that does not exist). Both sides of a partition said yes: only a majority may sell, because two majorities always share a node and cannot both say yes to different buyers.",
  params: PARAMS,
  create(params) {
    const { seats } = paramsOf(PARAMS, params);
    const holder = new Map<number, { resId: string; i: number }>();
    return {
      observe(event) {
        const sale = ackedSale(event);
        if (!sale) return null;
        if (sale.seat < 1 || sale.seat > seats) {
          return { tick: event.tick, message: `${sale.event.node} sold seat ${sale.seat} to ${sale.resId}, but there are only seats 1 to ${seats}`, evidence: [event.i] };
        }
        const first = holder.get(sale.seat);
        if (!first) {
          holder.set(sale.seat, { resId: sale.resId, i: event.i });
          return null;
        }
        if (first.resId === sale.resId) return null;
        return { tick: event.tick, message: `seat ${sale.seat} was sold to ${first.resId} and again to ${sale.resId}`, evidence: [first.i, event.i] };
      },
    };
  },
};
