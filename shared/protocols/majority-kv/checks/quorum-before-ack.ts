/**
 * Quorum before acknowledgement: when a buyer is told "sold" for a seat, at least 3 distinct
 * peers (a majority of 5) must already have held that reservation at that seat in their copy.
 */
import { majorityOf } from "../../../base/quorum.js";
import type { SafetyCheck } from "../../../sim/check.js";
import { ackedSale, nodesWithRole, ReplicaMirror, saleKey } from "./replicas.js";

export const quorumBeforeAck: SafetyCheck = {
  id: "majority-kv/quorum-before-ack",
  title: "Sold only after 3 of 5 hold the sale",
  explain:
    "A buyer was told \"sold\" before a majority of the replicas held the sale. If the node that said yes is on the losing side of a partition, the sale vanishes when the network heals: only a majority may say yes.",
  create(_params, level) {
    const peers = nodesWithRole(level, "peer");
    const needed = majorityOf(peers.length);
    const mirror = new ReplicaMirror();
    const holders = new Map<string, Map<string, number>>();
    return {
      observe(event) {
        const change = mirror.observe(event);
        if (change) {
          change.after.forEach((resId, index) => {
            const key = saleKey(resId, index + 1);
            let byNode = holders.get(key);
            if (!byNode) holders.set(key, (byNode = new Map()));
            if (!byNode.has(change.node)) byNode.set(change.node, event.i);
          });
          return null;
        }
        const sale = ackedSale(event);
        if (!sale) return null;
        const byNode = holders.get(saleKey(sale.resId, sale.seat)) ?? new Map<string, number>();
        if (byNode.size >= needed) return null;
        const who = [...byNode.keys()].join(", ") || "no one";
        return {
          tick: event.tick,
          message: `${sale.event.node} told ${sale.resId}'s buyer "sold, seat ${sale.seat}" when only ${byNode.size} of ${peers.length} held it (${who}); ${needed} are needed`,
          evidence: [...byNode.values(), event.i].sort((a, b) => a - b),
        };
      },
    };
  },
};
