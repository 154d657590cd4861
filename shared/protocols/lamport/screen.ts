/**
 * Lamport's screen (shared/sim/screen.ts): a newsroom's clock, round, unopened messages and quiz
 * progress as headline figures; its own stamped events as a log, ✓ once the archivist was sent
 * them; the queues the autopilot chores work through as fields. The archivist shows what it
 * collected.
 */
import type { NodeContext } from "../../sim/protocol.js";
import { listLength, newestRows, stateFields, type FieldGroup, type Highlight, type LogView, type ProtocolScreen } from "../../sim/screen.js";
import { DURABLE_FIELDS, type HistoryEntry, type LamportState } from "./state.js";

const isArchivist = (ctx: NodeContext): boolean => ctx.role === "archivist";

function highlights(s: LamportState, ctx: NodeContext): Highlight[] {
  const round = s.round || 1;
  const out: Highlight[] = [
    {
      id: "clock",
      label: "Lamport clock",
      value: String(s.clock),
      hint: round >= 2 ? "the last stamp you gave: your next post or send is this + 1" : "not used yet: round 1 stamps with your wall clock",
    },
    { id: "round", label: "Round", value: String(round), hint: round === 1 ? "wall-clock stamps" : round === 2 ? "Lamport stamps" : "the quiz (still Lamport)" },
  ];
  if (isArchivist(ctx)) return [...out, { id: "reports", label: "Event records", value: String(listLength(s, "reports")), hint: "collected from the newsrooms" }];
  out.push({ id: "unread", label: "Unopened", value: String(s.unread.length), hint: "messages waiting to be received or set aside" });
  if (s.quiz.length > 0) out.push({ id: "quiz", label: "Quiz", value: `${s.answered.length} / ${s.quiz.length}`, hint: "questions answered", meter: s.answered.length / s.quiz.length });
  return out;
}

function fields(s: LamportState, ctx: NodeContext): FieldGroup[] {
  if (isArchivist(ctx)) return [{ title: "Archive", fields: stateFields(s, ["round", "published"], DURABLE_FIELDS) }];
  return [
    { title: "Events", fields: [...stateFields(s, ["nextN"], DURABLE_FIELDS, { nextN: "Next event number" }), { label: "Posts known", value: s.items.map((i) => i.id).join(", ") || "none", durable: true }] },
    {
      title: "Queues",
      fields: [
        { label: "Sends to make", value: s.toForward.map((o) => `${o.itemId} → ${o.to}`).join(", ") || "none", durable: true },
        { label: "Not reported yet", value: s.unreported.map((r) => r.eventId).join(", ") || "none", durable: true },
      ],
    },
  ];
}

function eventText(e: HistoryEntry): string {
  if (e.kind === "send") return `send ${e.itemId} → ${e.to ?? "?"}`;
  if (e.kind === "receive") return `receive ${e.itemId} from ${e.from ?? "?"}`;
  return `post ${e.itemId}`;
}

/** Your stamped events, ✓ once their record went to the archivist. */
function log(s: LamportState, ctx: NodeContext): LogView | null {
  if (isArchivist(ctx)) return null;
  const unreported = new Set(s.unreported.map((r) => r.eventId));
  const total = listLength(s, "history");
  const { rows, earlier } = newestRows(s.history, (e, index) => ({ index, tag: `@${e.stamp}`, text: eventText(e), committed: !unreported.has(e.eventId) }), total);
  const reported = total - listLength(s, "unreported");
  return { title: "Your events", length: total, mark: `${reported} reported`, checked: "reported", durable: true, rows, earlier };
}

export const LAMPORT_SCREEN: ProtocolScreen<LamportState> = {
  // The workload's "kind": a new rumor to post, or a reaction to the rumors heard so far.
  requestText: (payload) => (payload.kind === "react" ? "post a reaction" : payload.kind === "rumor" ? "post a rumor" : `post ${String(payload.kind ?? "an event")}`),
  chips: (_s, ctx) => [{ kind: "role", text: ctx.role }],
  highlights,
  fields,
  log,
};
