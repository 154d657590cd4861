/**
 * Raft's State Machine Safety: no two nodes apply different commands at the same log index.
 * This is what the clients finally see; every other Raft property exists to protect it.
 */
import type { SafetyCheck } from "../../../sim/check.js";
import { RAFT_NOTES } from "../notes.js";

export const raftStateMachineSafety: SafetyCheck = {
  id: "raft/state-machine-safety",
  title: "No two nodes apply different commands at one index",
  explain:
    "Two nodes applied different commands at the same position of the log: the replicas have diverged and clients were told different histories. It follows from committing an entry that a later leader could still overwrite.",
  create() {
    const applied = new Map<number, { command: string; node: string; i: number }>();
    const reported = new Set<number>();
    return {
      observe(event) {
        if (event.kind !== "note") return null;
        const apply = RAFT_NOTES.read(event, "apply");
        if (apply === null) return null;
        const { index, command } = apply;
        const first = applied.get(index);
        if (!first) {
          applied.set(index, { command, node: event.node, i: event.i });
          return null;
        }
        if (first.command === command || reported.has(index)) return null;
        reported.add(index);
        return {
          tick: event.tick,
          message: `${first.node} applied "${first.command}" at index ${index}, but ${event.node} applied "${command}" there`,
          evidence: [first.i, event.i],
        };
      },
    };
  },
};
