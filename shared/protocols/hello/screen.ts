/**
 * Hello's screen (shared/sim/screen.ts). The sender: notes still owed to their clients, with
 * their tries and whether an ack came back. The receiver: the notes it processed (a log, each ✓
 * once processed) and the sequence numbers that make a duplicate recognisable.
 */
import type { NodeContext } from "../../sim/protocol.js";
import { newestRows, stateFields, type FieldGroup, type Highlight, type LogView, type ProtocolScreen } from "../../sim/screen.js";
import { DURABLE_FIELDS, noteTextOf, type HelloState } from "./state.js";

const isSender = (ctx: NodeContext): boolean => ctx.role === "sender";

function highlights(s: HelloState, ctx: NodeContext): Highlight[] {
  if (isSender(ctx)) {
    const acked = s.pending.filter((p) => p.acked).length;
    return [{ id: "pending", label: "Notes owed", value: String(s.pending.length), hint: `${acked} acked, waiting for your confirmation`, tone: s.pending.length - acked > 3 ? "warn" : "ok" }];
  }
  return [{ id: "processed", label: "Processed", value: String(s.processed.length), hint: "each note once, however many copies arrive" }];
}

function fields(s: HelloState, ctx: NodeContext): FieldGroup[] {
  if (isSender(ctx)) {
    const pending = s.pending.map((p) => `#${p.seq} ${p.requestId} (${p.attempts} sent${p.acked ? ", acked" : ""})`).join(", ") || "none";
    return [{ title: "Sender", fields: [...stateFields(s, ["nextSeq"], DURABLE_FIELDS, { nextSeq: "Next sequence number" }), { label: "Pending", value: pending, durable: true }] }];
  }
  return [{ title: "Receiver", fields: stateFields(s, ["processed"], DURABLE_FIELDS) }];
}

function log(s: HelloState, ctx: NodeContext): LogView | null {
  if (isSender(ctx)) return null;
  const { rows, earlier } = newestRows(s.notes, (text, index) => ({ index, tag: `#${s.processed[index - 1] ?? "?"}`, text, committed: true }));
  return { title: "Notes", length: s.notes.length, mark: "processed", checked: "processed", durable: true, rows, earlier };
}

export const HELLO_SCREEN: ProtocolScreen<HelloState> = {
  chips: (_s, ctx) => [{ kind: "role", text: ctx.role }],
  highlights,
  fields,
  log,
  requestText: (payload) => `send "${noteTextOf(payload)}"`,
};
