/**
 * Fencing: the ledger never applies a charge whose token is lower than the highest token it has
 * already received. "Received" is read from the network (send + deliver of "charge" messages),
 * not from the ledger's own bookkeeping, so a ledger that forgets to look is still caught.
 */
import type { SafetyCheck } from "../../../sim/check.js";
import { nodesWithRole } from "./replicas.js";
import { MKV_NOTES } from "../notes.js";

export const fencingMonotonic: SafetyCheck = {
  id: "majority-kv/fencing-monotonic",
  title: "The ledger never applies a stale token",
  explain:
    "The ledger applied a charge carrying an older fencing token after it had seen a newer one: a zombie leader, replaced while it was cut off or frozen, still got to write. The token exists so storage can refuse it.",
  create(_params, level) {
    const ledgers = new Set(nodesWithRole(level, "ledger"));
    const tokenOfMsg = new Map<number, number>();
    const highest = new Map<string, { token: number; i: number }>();
    return {
      observe(event) {
        if (event.kind === "send" && event.type === "charge" && ledgers.has(event.to)) {
          tokenOfMsg.set(event.msgId, Number((event.payload as { token?: unknown } | null)?.token));
          return null;
        }
        if (event.kind === "deliver" && ledgers.has(event.node)) {
          const token = tokenOfMsg.get(event.msgId);
          const best = highest.get(event.node);
          if (token !== undefined && (!best || token > best.token)) highest.set(event.node, { token, i: event.i });
          return null;
        }
        if (event.kind !== "note" || !ledgers.has(event.node)) return null;
        const charge = MKV_NOTES.read(event, "charge-applied");
        if (charge === null) return null;
        const { token } = charge;
        const best = highest.get(event.node);
        if (!best || token >= best.token) return null;
        return {
          tick: event.tick,
          message: `${event.node} applied ${charge.resId}'s charge with token ${token} after receiving token ${best.token}`,
          evidence: [best.i, event.i],
        };
      },
    };
  },
};
