/**
 * NoLostAdd: an acknowledged cart add is never lost, unless a remove that saw it took it away
 * (observed-remove set semantics: the remover's note names the adds it saw). The monitor follows
 * who holds each add, on disk or in RAM (the replicas' cart-hold notes); a crash wipes RAM, and an
 * acknowledged add then held nowhere is lost for good.
 */
import type { SafetyCheck } from "../../../sim/check.js";
import { REPLICA_NOTES } from "../notes.js";


export const noLostAdd: SafetyCheck = {
  id: "two-replicas/no-lost-add",
  title: "No acknowledged cart add is lost",
  explain:
    "A shopper was told their item was in the cart, and then it was gone: the add was acknowledged while it lived only in one process's RAM, and that process restarted before the add reached any disk. During a partition the other replica cannot hold a copy for you. Store the add, then acknowledge it.",
  create() {
    const holders = new Map<string, Set<string>>();
    const acked = new Map<string, number>();
    const removed = new Set<string>();
    return {
      observe(event) {
        const held = REPLICA_NOTES.read(event, "cart-hold");
        if (held && event.kind === "note") {
          const durable = held.durable;
          for (const tag of held.tags) {
            if (removed.has(tag)) continue;
            const set = holders.get(tag) ?? new Set<string>();
            set.add(`${event.node}:${durable ? "disk" : "ram"}`);
            if (durable) set.delete(`${event.node}:ram`);
            holders.set(tag, set);
          }
          return null;
        }
        const gone = REPLICA_NOTES.read(event, "cart-remove");
        if (gone) {
          for (const tag of gone.tags) {
            removed.add(tag);
            holders.delete(tag);
          }
          return null;
        }
        if (event.kind === "response" && event.ok) {
          const tag = (event.result as { tag?: unknown } | null)?.tag;
          if (typeof tag === "string" && !acked.has(tag)) acked.set(tag, event.i);
          return null;
        }
        if (event.kind !== "crash") return null;
        for (const [tag, set] of holders) {
          if (!set.delete(`${event.node}:ram`) || set.size > 0) continue;
          const ack = acked.get(tag);
          if (ack === undefined) continue;
          return { tick: event.tick, message: `the add ${tag} was acknowledged, then ${event.node} crashed while it was only in its RAM`, evidence: [ack, event.i] };
        }
        return null;
      },
    };
  },
};
