/**
 * Quorum before acknowledgement: when a buyer is told "sold" for a seat, at least 3 distinct
 * peers (a majority of 5) must hold that reservation at that seat in their copy at that moment
 * (not merely have held it at some point: a copy can be overwritten before the ack).
 */
import { majorityOf } from "../../../base/quorum.js";
import type { SafetyCheck } from "../../../sim/check.js";
import { ackedSale, nodesWithRole, ReplicaMirror } from "./replicas.js";

export const quorumBeforeAck: SafetyCheck = {
  id: "majority-kv/quorum-before-ack",
  title: "Sold only after 3 of 5 hold the sale",
  explain:
    "A buyer was told \"sold\" before a majority of the replicas held the sale. If the node that said yes is on the losing side of a partition, the sale vanishes when the network heals: only a majority may say yes.",
  create(_params, level) {
    const peers = nodesWithRole(level, "peer");
    const needed = majorityOf(peers.length);
    const mirror = new ReplicaMirror();
    return {
      observe(event) {
        if (mirror.observe(event)) return null;
        const sale = ackedSale(event);
        if (!sale) return null;
        // Holders now, at the moment of the "sold": a copy that held the sale once and has since
        // been overwritten (a deposed leader's entry cut off by the new leader) does not count.
        const holders = peers.filter((node) => mirror.log(node)[sale.seat - 1] === sale.resId);
        if (holders.length >= needed) return null;
        const who = holders.join(", ") || "no one";
        return {
          tick: event.tick,
          message: `${sale.event.node} told ${sale.resId}'s buyer "sold, seat ${sale.seat}" when only ${holders.length} of ${peers.length} held it (${who}); ${needed} are needed`,
          evidence: [...holders.map((n) => mirror.lastNote.get(n)!), event.i].sort((a, b) => a - b),
        };
      },
    };
  },
};
