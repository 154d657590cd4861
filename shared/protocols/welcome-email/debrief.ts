/**
 * l01's debrief marks: the moments when a committed user had no durable email intent, i.e. the
 * DB held the user but no outbox row, and the email had not gone out yet. Only the service's RAM
 * (its to-do list) stood between that user and never being welcomed; a crash of the service
 * inside such a span loses those emails for good. The outbox transaction closes the gap.
 */
import type { DebriefCard, DebriefHook, DebriefMark } from "../../sim/debrief-marks.js";
import { mergeSpans } from "../../sim/debrief-marks.js";
import type { TraceEvent } from "../../sim/trace.js";
import { WELCOME_NOTES } from "./notes.js";
import { clockTime, seconds } from "../../sim/screen-text.js";

interface AtRisk {
  user: string;
  fromTick: number;
  /** When the email went out; null: never, by the end of the game. */
  sentTick: number | null;
}

/** Committed users without an outbox row, from commit to their first email (or the end). */
export function usersAtRisk(trace: readonly TraceEvent[]): AtRisk[] {
  const firstEmail = new Map<string, number>();
  const commits: { user: string; tick: number; outbox: boolean }[] = [];
  for (const e of trace) {
    const email = WELCOME_NOTES.read(e, "email");
    if (email && !firstEmail.has(email.user)) firstEmail.set(email.user, e.tick);
    const commit = WELCOME_NOTES.read(e, "commit");
    if (commit) commits.push({ user: commit.user, tick: e.tick, outbox: commit.outbox });
  }
  const out: AtRisk[] = [];
  for (const c of commits) {
    if (c.outbox) continue;
    const sent = firstEmail.get(c.user);
    // An email sent before the commit (the email-first mistake) left nothing to lose here.
    if (sent !== undefined && sent <= c.tick) continue;
    out.push({ user: c.user, fromTick: c.tick, sentTick: sent ?? null });
  }
  return out;
}

export const welcomeDebrief: DebriefHook = (trace, level, endTick, seat) => {
  const risks = usersAtRisk(trace);
  const service = level.nodes.find((n) => n.role === "service")?.id ?? seat;
  const spans = mergeSpans(risks.map((r) => ({ fromTick: r.fromTick, toTick: r.sentTick ?? endTick })));
  const marks: DebriefMark[] = spans.map((s) => ({
    node: service,
    fromTick: s.fromTick,
    toTick: s.toTick,
    tone: "warn",
    label: s.peak === 1 ? "1 committed user's email only in RAM" : `up to ${s.peak} committed users' emails only in RAM`,
  }));
  const cards: DebriefCard[] = [];
  const crashes = trace.filter((e) => e.kind === "crash" && e.node === service);
  for (const crash of crashes) {
    const lost = risks.filter((r) => r.fromTick <= crash.tick && (r.sentTick === null || r.sentTick > crash.tick));
    const never = lost.filter((r) => r.sentTick === null);
    marks.push({ node: service, fromTick: crash.tick, toTick: crash.tick, tone: lost.length > 0 ? "bad" : "good", label: lost.length > 0 ? `crash: ${lost.length} emails only in RAM` : "crash: no email at risk" });
    cards.push({
      title: `${service} crashed at ${clockTime(crash.tick)}`,
      tone: never.length > 0 ? "bad" : lost.length > 0 ? "warn" : "good",
      tick: crash.tick,
      lines:
        lost.length === 0
          ? ["No committed user depended on RAM at that moment: every intent was on disk or already sent."]
          : [
              `${lost.length} committed ${lost.length === 1 ? "user's welcome email" : "users' welcome emails"} lived only in ${service}'s RAM when it went down.`,
              never.length > 0 ? `${never.length} of them never got one: the to-do list was wiped and nothing on disk remembered.` : "Each was emailed later anyway (a client retry put the user back on the list).",
            ],
    });
  }
  const atRiskTicks = spans.reduce((sum, s) => sum + (s.toTick - s.fromTick), 0);
  cards.unshift({
    title: "Committed users with no durable email intent",
    tone: risks.length === 0 ? "good" : "warn",
    lines:
      risks.length === 0
        ? ["Every committed user's email intent was on the DB's disk (an outbox row) or already sent."]
        : [`${risks.length} users were committed without an outbox row; for ${seconds(atRiskTicks)} in all, at least one of them was one crash from never being welcomed (shaded on ${service}'s lane).`],
  });
  return { marks, cards };
};
