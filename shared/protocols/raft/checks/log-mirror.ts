/**
 * Every node's Raft log, rebuilt from its "append" and "truncate" notes (the log is durable, so a
 * crash does not touch the mirror). Each entry keeps the trace index of the note that wrote it,
 * which is what the log checkers cite as evidence.
 */
import type { TraceEvent } from "../../../sim/trace.js";
import { RAFT_NOTES } from "../notes.js";

export interface MirrorEntry {
  term: number;
  command: string;
  /** Trace index of the "append" note that wrote this entry. */
  i: number;
}

export interface LogMirror {
  /** Feed every trace event; returns the node whose log changed, if any. */
  observe(event: TraceEvent): { node: string; index: number } | null;
  log(node: string): readonly MirrorEntry[];
  nodes(): string[];
}

export function num(value: unknown): number {
  return typeof value === "number" ? value : Number.NaN;
}

export function createLogMirror(): LogMirror {
  const logs = new Map<string, MirrorEntry[]>();
  const logOf = (node: string): MirrorEntry[] => {
    let log = logs.get(node);
    if (!log) {
      log = [];
      logs.set(node, log);
    }
    return log;
  };
  return {
    observe(event) {
      if (event.kind !== "note") return null;
      const truncate = RAFT_NOTES.read(event, "truncate");
      if (truncate) {
        const from = truncate.fromIndex;
        const log = logOf(event.node);
        if (from >= 1) log.length = Math.min(log.length, from - 1);
        return { node: event.node, index: from };
      }
      const append = RAFT_NOTES.read(event, "append");
      if (append === null) return null;
      const { index } = append;
      if (!(index >= 1)) return null;
      const log = logOf(event.node);
      log.length = Math.min(log.length, index - 1);
      while (log.length < index - 1) log.push({ term: -1, command: "?", i: -1 }); // a gap: notes missing
      log.push({ term: append.term, command: append.command, i: event.i });
      return { node: event.node, index };
    },
    log: (node) => logs.get(node) ?? [],
    nodes: () => [...logs.keys()],
  };
}
