/**
 * No acknowledged sale is lost: once a buyer was told "sold, seat n", no replica that held that
 * sale at that seat may later drop it (what happens to a minority's yes when the network heals).
 */
import type { SafetyCheck } from "../../../sim/check.js";
import { ackedSale, ReplicaMirror, saleKey } from "./replicas.js";

export const ackedNeverLost: SafetyCheck = {
  id: "majority-kv/acked-never-lost",
  title: "No acknowledged sale lost",
  explain:
    "A replica threw away a sale its buyer had already been told about. That is what healing does to a minority's yes: the majority's history wins, and the sale the minority confirmed was never really there.",
  create() {
    const mirror = new ReplicaMirror();
    const acked = new Map<string, number>();
    return {
      observe(event) {
        const sale = ackedSale(event);
        if (sale) {
          if (!acked.has(saleKey(sale.resId, sale.seat))) acked.set(saleKey(sale.resId, sale.seat), event.i);
          return null;
        }
        const change = mirror.observe(event);
        if (!change) return null;
        for (let index = 0; index < change.before.length; index++) {
          const resId = change.before[index]!;
          const ackIndex = acked.get(saleKey(resId, index + 1));
          if (ackIndex === undefined || change.after[index] === resId) continue;
          return {
            tick: event.tick,
            message: `${change.node} dropped ${resId} from seat ${index + 1}, a sale its buyer had been told was done`,
            evidence: [ackIndex, event.i],
          };
        }
        return null;
      },
    };
  },
};
