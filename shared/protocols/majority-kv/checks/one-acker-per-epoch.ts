/** At most one node decides sales in each epoch (the "sale-acked" facts name the deciding node). */
import type { SafetyCheck } from "../../../sim/check.js";
import { MKV_NOTES } from "../notes.js";

export const oneAckerPerEpoch: SafetyCheck = {
  id: "majority-kv/one-acker-per-epoch",
  title: "One node says yes per epoch",
  explain:
    "Two nodes confirmed sales in the same epoch. An epoch has one leader, elected by a majority; any other node saying yes is a second brain acting on a copy nobody agreed on.",
  create() {
    const acker = new Map<number, { node: string; i: number }>();
    return {
      observe(event) {
        if (event.kind !== "note") return null;
        const acked = MKV_NOTES.read(event, "sale-acked");
        if (acked === null) return null;
        const { epoch } = acked;
        const first = acker.get(epoch);
        if (!first) {
          acker.set(epoch, { node: event.node, i: event.i });
          return null;
        }
        if (first.node === event.node) return null;
        return { tick: event.tick, message: `${first.node} and ${event.node} both confirmed sales in epoch ${epoch}`, evidence: [first.i, event.i] };
      },
    };
  },
};
