/**
 * Raft's commit rule (§5.4.2, accuracy note 1): a leader may decide an entry is committed by
 * counting replicas only if the entry is from its current term. Read from the "counted" fact a
 * leader records when it advances its commit index.
 */
import type { SafetyCheck } from "../../../sim/check.js";
import { num } from "./log-mirror.js";

export const raftCommitRule: SafetyCheck = {
  id: "raft/commit-rule",
  title: "Count replicas only for entries of your own term",
  explain:
    "A leader committed an entry of an earlier term because a majority held it. That is not enough: a node that never saw the entry can still win a later term with votes from that same majority and overwrite it (Figure 8 of the Raft paper). Earlier entries become committed only together with an entry of the leader's own term.",
  create() {
    return {
      observe(event) {
        if (event.kind !== "note" || event.name !== "counted") return null;
        const entryTerm = num(event.data.entryTerm);
        const term = num(event.data.term);
        if (entryTerm === term) return null;
        return {
          tick: event.tick,
          message: `${event.node}, leader of term ${term}, committed entry ${String(event.data.index)} of term ${entryTerm} by counting its replicas`,
          evidence: [event.i],
        };
      },
    };
  },
};
