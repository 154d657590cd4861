/**
 * Raft's commit rule (§5.4.2, accuracy note 1): a leader may decide an entry is committed by
 * counting replicas only if the entry is from its current term; older entries commit together
 * with it. Judged from the facts, not from the leader's own account: while a node leads term T
 * (its "leader" note, until a newer term, a step-down or a crash), every batch of commits it makes
 * must end on an entry of term T in its log. A follower's commits are exempt: it learns the commit
 * index from its leader, and that can end on an older entry.
 */
import type { Finding, SafetyCheck } from "../../../sim/check.js";
import type { TraceEvent } from "../../../sim/trace.js";
import { createLogMirror } from "./log-mirror.js";
import { RAFT_NOTES } from "../notes.js";

interface Batch {
  term: number;
  /** The last index committed in this batch, and the trace index of its "commit" note. */
  index: number;
  i: number;
  tick: number;
}

export const raftCommitRule: SafetyCheck = {
  id: "raft/commit-rule",
  title: "Count replicas only for entries of your own term",
  explain:
    "A leader committed an entry of an earlier term because a majority held it. That is not enough: a node that never saw the entry can still win a later term with votes from that same majority and overwrite it (Figure 8 of the Raft paper). Earlier entries become committed only together with an entry of the leader's own term.",
  create() {
    const mirror = createLogMirror();
    const leading = new Map<string, number>();
    const batches = new Map<string, Batch>();

    /** A batch ends at the first event that does not continue it: judge where it stopped. */
    function close(node: string, batch: Batch): Finding | null {
      batches.delete(node);
      const entry = mirror.log(node)[batch.index - 1];
      if (!entry || entry.term === batch.term) return null;
      return {
        tick: batch.tick,
        message: `${node}, leader of term ${batch.term}, committed entry ${batch.index} of term ${entry.term} by counting its replicas`,
        evidence: entry.i >= 0 ? [entry.i, batch.i] : [batch.i],
      };
    }

    function track(event: TraceEvent): void {
      mirror.observe(event);
      if (event.kind === "crash") leading.delete(event.node);
      if (event.kind !== "note") return;
      const leader = RAFT_NOTES.read(event, "leader");
      if (leader) leading.set(event.node, leader.term);
      const term = RAFT_NOTES.read(event, "term");
      if (RAFT_NOTES.read(event, "step-down") || (term && term.term > (leading.get(event.node) ?? Infinity))) leading.delete(event.node);
    }

    return {
      observe(event) {
        let found: Finding | null = null;
        const commit = RAFT_NOTES.read(event, "commit");
        const continues = event.kind === "note" && commit !== null;
        for (const [node, batch] of [...batches]) {
          if (continues && event.node === node && commit.index === batch.index + 1) continue;
          found = close(node, batch) ?? found;
        }
        track(event);
        if (continues) {
          const term = leading.get(event.node);
          const index = commit.index;
          if (term !== undefined) batches.set(event.node, { term, index, i: event.i, tick: event.tick });
        }
        return found;
      },
    };
  },
};
