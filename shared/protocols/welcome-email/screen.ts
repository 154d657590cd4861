/**
 * Welcome-email's screen (shared/sim/screen.ts). The service: clients waiting, the RAM to-do list
 * of emails (what a crash would lose) and the users it knows are committed. The DB: users and
 * outbox rows on its disk. The provider: emails sent, keys honoured, its log, and on each email
 * request whether its key was already honoured.
 */
import type { CardEvent } from "../../sim/action-params.js";
import type { NodeContext } from "../../sim/protocol.js";
import { newestRows, stateFields, type CardCheck, type FieldGroup, type Highlight, type LogView, type ProtocolScreen } from "../../sim/screen.js";
import { honoured } from "./backend.js";
import { DURABLE_FIELDS, type EmailPayload, type WelcomeState } from "./state.js";

const list = (items: readonly string[]): string => items.join(", ") || "none";

function highlights(s: WelcomeState, ctx: NodeContext): Highlight[] {
  if (ctx.role === "db") {
    return [
      { id: "users", label: "Users", value: String(s.users.length), hint: "committed, on disk" },
      { id: "outbox", label: "Outbox rows", value: String(s.outbox.length), hint: "emails the relay still sends, until acknowledged", tone: s.outbox.length > 5 ? "warn" : "ok" },
    ];
  }
  if (ctx.role === "email") {
    const duplicates = s.mailbox.length - new Set(s.mailbox).size;
    return [
      { id: "sent", label: "Emails sent", value: String(s.mailbox.length), hint: duplicates > 0 ? `${duplicates} duplicate${duplicates === 1 ? "" : "s"}` : "no duplicate", tone: duplicates > 0 ? "bad" : "ok" },
      { id: "keys", label: "Keys honoured", value: String(s.keys.length), hint: "a request with one of these keys is not sent again" },
    ];
  }
  const unsent = s.committed.filter((u) => !s.emailed.includes(u) && !s.todo.some((t) => t.user === u)).length;
  return [
    { id: "waiting", label: "Clients waiting", value: String(s.waiting.length), hint: "answer once the DB committed the user", tone: s.waiting.length > 3 ? "warn" : "ok" },
    { id: "todo", label: "Email to-do (RAM)", value: String(s.todo.length), hint: "lost if this process dies", tone: s.todo.length > 0 ? "warn" : "ok" },
    { id: "unsent", label: "Committed, not emailed", value: String(unsent), hint: "no email sent yet for these users", tone: unsent > 0 ? "bad" : "ok" },
  ];
}

function fields(s: WelcomeState, ctx: NodeContext): FieldGroup[] {
  if (ctx.role === "db") return [{ title: "DB (disk)", fields: stateFields(s, ["users", "outbox"], DURABLE_FIELDS, { outbox: "Outbox rows" }) }];
  if (ctx.role === "email") {
    // The newest keys only: the list grows by one per user all game.
    const newest = s.keys.slice(-3).reverse();
    const more = s.keys.length - newest.length;
    return [{ title: "Provider (disk)", fields: [{ label: "Keys honoured, newest first", value: `${list(newest)}${more > 0 ? ` and ${more} more` : ""}`, durable: true }] }];
  }
  const todo = s.todo.map((t) => `${t.user} (${t.attempts} sent${t.keyed ? ", keyed" : ", no key"})`);
  return [
    {
      title: "Service (RAM)",
      fields: [
        { label: "Waiting clients", value: list(s.waiting.map((w) => `${w.requestId}`)), durable: false },
        { label: "Email to-do", value: list(todo), durable: false },
        { label: "Committed (known)", value: String(s.committed.length), durable: false },
        { label: "Emailed (acknowledged)", value: String(s.emailed.length), durable: false },
      ],
    },
  ];
}

function log(s: WelcomeState, ctx: NodeContext): LogView | null {
  if (ctx.role !== "email") return null;
  const seen = new Set<string>();
  const { rows, earlier } = newestRows(s.mailbox, (user, index) => ({ index, tag: "to", text: user, committed: true }));
  // A duplicate is marked unchecked: the row is the second email of a user already in the log.
  s.mailbox.forEach((user, i) => {
    const row = rows.find((r) => r.index === i + 1);
    if (row && seen.has(user)) row.committed = false;
    seen.add(user);
  });
  return { title: "Emails sent", length: s.mailbox.length, mark: "first email of its user", checked: "first", durable: true, rows, earlier };
}

/** The provider's question on an email request: is its key one already honoured? */
function checks(s: WelcomeState, card: CardEvent, ctx: NodeContext): CardCheck[] {
  if (ctx.role !== "email" || card.kind !== "message" || card.type !== "email") return [];
  const request = card.payload as EmailPayload;
  if (request.key === null) return [{ ok: false, text: "No idempotency key: a retry cannot be told from a new email" }];
  if (honoured(s, request)) return [{ ok: false, text: `Key ${request.key} already honoured: ${request.user}'s email went out; acknowledge only` }];
  const sent = s.mailbox.includes(request.user);
  return [{ ok: true, text: `Key ${request.key} not honoured yet${sent ? ` (${request.user} had an email without a key)` : ""}: send it` }];
}

export const WELCOME_SCREEN: ProtocolScreen<WelcomeState> = {
  chips: (_s, ctx) => [{ kind: "role", text: ctx.role }],
  highlights,
  fields,
  log,
  checks,
};
