/**
 * Checkers are pure functions of the trace. Safety checks watch every event online and report
 * the first violation with the trace indices that prove it; goal checks judge a finished run
 * (liveness only inside stable windows, convergence, efficiency).
 */
import type { TObject } from "@sinclair/typebox";
import type { Level } from "../level/level.js";
import type { TraceEvent } from "./trace.js";
import type { TraceReader } from "./trace-store.js";

/** A stretch of calm (no active fault, a live majority): liveness is judged only inside one. */
export interface Window {
  startTick: number;
  endTick: number;
}

export interface Violation {
  check: string;
  tick: number;
  message: string;
  /** Trace indices of the events that prove the violation. */
  evidence: number[];
}

export type Finding = Omit<Violation, "check">;

export interface SafetyMonitor {
  /** Called after every trace event; returns a finding when this event completes a violation. */
  observe(event: TraceEvent): Finding | null;
}

export interface SafetyCheck {
  id: string;
  title: string;
  /** Plain words for the debrief: what went wrong and why the chapter warns about it. */
  explain: string;
  /** The parameters a level may give it (checkParams); absent: it takes none. */
  params?: TObject;
  create(params: Readonly<Record<string, unknown>>, level: Level): SafetyMonitor;
}

export interface RunRecord {
  level: Level;
  trace: TraceReader;
  endTick: number;
  stableWindows: readonly Window[];
  /** Final protocol state of every node (the god's view), for convergence checks. */
  finalStates: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Which nodes were up at the end. */
  upAtEnd: readonly string[];
}

export interface GoalOutcome {
  met: boolean;
  detail: string;
  evidence?: number[];
}

export interface GoalCheck {
  id: string;
  title: string;
  /** The parameters a level may give it (checkParams); absent: it takes none. */
  params?: TObject;
  evaluate(run: RunRecord, params: Readonly<Record<string, unknown>>): GoalOutcome;
}
