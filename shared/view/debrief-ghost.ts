/**
 * The ghost replay: the same level and seed with a by-the-book bot in the player's seat. Every
 * input the player's seat submitted (its `$control` hand-over included) is removed, so the
 * level's own bot plays that node from the first tick; everybody else's inputs (other humans,
 * the facilitator) stay. Per-link PRNG streams mean the weather is the same storm; only what the
 * seat does differs. Then a diff of what matters: messages, score, stars, violations.
 */
import { computeVerdict, type Verdict } from "../checks/verdict.js";
import type { Level } from "../level/level.js";
import type { Catalog } from "../sim/catalog.js";
import { replay } from "../sim/replay.js";
import type { TraceEvent } from "../sim/trace.js";
import type { InputRecord, Mode, World } from "../sim/world-types.js";
import type { TraceReader } from "../sim/trace-store.js";

export function ghostInputs(inputs: readonly InputRecord[], seat: string): InputRecord[] {
  return inputs.filter((input) => input.node !== seat);
}

export interface GhostRun {
  world: World;
  hash: string;
  verdict: Verdict;
}

export function ghostReplay(level: Level, catalog: Catalog, seed: number, inputs: readonly InputRecord[], mode: Mode, seat: string): GhostRun {
  const { world, hash } = replay(level, catalog, seed, ghostInputs(inputs, seat), mode);
  return { world, hash, verdict: computeVerdict(world) };
}

export interface DiffRow {
  id: "score" | "stars" | "violations" | "seatMessages" | "messages" | "served" | "errors" | "redirects" | "goals";
  label: string;
  you: number;
  ghost: number;
  /** you - ghost */
  delta: number;
  /** Is a larger number better (score) or worse (messages)? null: neither (redirects). */
  higherIsBetter: boolean | null;
  /** From the player's point of view; "neutral": different, but neither better nor worse. */
  verdict: "better" | "same" | "worse" | "neutral";
}

export interface GhostDiff {
  rows: DiffRow[];
  /** One sentence for the card. */
  summary: string;
}

function row(id: DiffRow["id"], label: string, you: number, ghost: number, higherIsBetter: boolean | null): DiffRow {
  const delta = you - ghost;
  const verdict = delta === 0 ? "same" : higherIsBetter === null ? "neutral" : delta > 0 === higherIsBetter ? "better" : "worse";
  return { id, label, you, ghost, delta, higherIsBetter, verdict };
}

/** Messages one node sent in a trace (the seat's own count; the verdict counts every seat). */
export function sentBy(trace: TraceReader, node: string): number {
  let n = 0;
  for (const e of trace) if (e.kind === "send" && e.node === node) n++;
  return n;
}

/** `seatSends`: [you, ghost] messages sent by the player's node, when known. */
export function ghostDiff(you: Verdict, ghost: Verdict, seatSends?: readonly [number, number]): GhostDiff {
  const goalsMet = (v: Verdict): number => v.goals.filter((g) => g.met).length;
  const rows: DiffRow[] = [
    row("score", "Score", you.score, ghost.score, true),
    row("stars", "Stars", you.stars, ghost.stars, true),
    row("violations", "Safety violations", you.violations.length, ghost.violations.length, false),
    seatSends
      ? row("seatMessages", "Messages your node sent", seatSends[0], seatSends[1], false)
      : row("seatMessages", "Messages from player seats", you.metrics.seatMessages, ghost.metrics.seatMessages, false),
    row("messages", "Messages, whole network", you.metrics.messages, ghost.metrics.messages, false),
    row("served", "Requests served", you.metrics.served, ghost.metrics.served, true),
    row("errors", "Errors", you.metrics.errors, ghost.metrics.errors, false),
    // Only where the protocol redirects at all: a row of zeros would only be noise elsewhere.
    ...(you.metrics.redirects + ghost.metrics.redirects > 0 ? [row("redirects", "Redirects (not errors)", you.metrics.redirects, ghost.metrics.redirects, null)] : []),
    row("goals", "Goals met", goalsMet(you), goalsMet(ghost), true),
  ];
  return { rows, summary: summarise(rows) };
}

function summarise(rows: readonly DiffRow[]): string {
  const get = (id: DiffRow["id"]): DiffRow => rows.find((r) => r.id === id)!;
  const violations = get("violations");
  if (violations.you > 0 && violations.ghost === 0) return "The by-the-book bot broke no safety rule on the same network: the incident was a choice, not bad luck.";
  const score = get("score");
  const messages = get("seatMessages");
  if (score.delta > 0) return `You beat the by-the-book bot by ${score.delta} points on the same storm.`;
  if (score.delta === 0 && messages.delta === 0) return "You played exactly like the by-the-book bot.";
  if (score.delta === 0) return messages.delta < 0 ? `Same score as the bot, with ${-messages.delta} fewer messages.` : `Same score as the bot, but ${messages.delta} more messages.`;
  return `The by-the-book bot scored ${-score.delta} more on the same storm${messages.delta > 0 ? `, sending ${messages.delta} fewer messages` : ""}.`;
}
