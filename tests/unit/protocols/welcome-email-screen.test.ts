/** Welcome-email's screen (l01) on states its own reducers built: the service's RAM, the DB's disk, the provider's log. */
import { describe, expect, it } from "vitest";
import { welcomeEmail } from "../../../shared/protocols/welcome-email/index.js";
import type { WelcomeState } from "../../../shared/protocols/welcome-email/state.js";
import type { NodeContext, NodeEvent } from "../../../shared/sim/protocol.js";
import { streamRng } from "../../../shared/sim/prng.js";
import { fieldValues, screenOf } from "../../support/screen-view.js";

const nodes = [
  { id: "SVC", role: "service" },
  { id: "DB", role: "db" },
  { id: "EMAIL", role: "email" },
];
const ctxOf = (self: string, uptimeTicks = 0): NodeContext => ({ self, role: nodes.find((n) => n.id === self)!.role, nodes, wallTicks: uptimeTicks, uptimeTicks, lastHeardUptimeTicks: [], rng: streamRng(1, self, {}), options: {} });
const human = (s: WelcomeState, event: NodeEvent, ctx: NodeContext): WelcomeState => welcomeEmail.human(s, event, ctx, new Set()).state;
const bot = (s: WelcomeState, event: NodeEvent, ctx: NodeContext): WelcomeState => welcomeEmail.bots.correct!.step(s, event, ctx).state;
const signup = (id: string, key: string): NodeEvent => ({ kind: "request", request: { id, workload: "user", payload: { key, attempt: 1, n: 1 }, arrivedTick: 0, deadlineTick: 40 } });
const deliver = (id: number, from: string, type: string, payload: unknown): NodeEvent => ({ kind: "deliver", msg: { id, from, to: "?", type, payload, sentTick: 0 }, arrival: id });

describe("welcome-email's screen", () => {
  it("the service: waiting clients, the RAM to-do list, committed users not yet emailed", () => {
    const svc = ctxOf("SVC", 10);
    let s = human(welcomeEmail.init(svc), signup("user-1", "user-1"), svc);
    s = human(s, signup("user-2", "user-2"), svc);
    s = human(s, deliver(4, "DB", "inserted", { user: "user-1", created: true, outbox: false }), svc);
    s = human(s, deliver(5, "DB", "inserted", { user: "user-2", created: true, outbox: false }), svc);
    s = welcomeEmail.actions.email!.apply(s, { user: "user-1", key: true }, svc).state;
    const view = screenOf(welcomeEmail, s, svc);
    expect(view.chips).toEqual([{ kind: "role", text: "service" }]);
    expect(view.highlights.map((h) => [h.id, h.value])).toEqual([
      ["waiting", "2"],
      ["todo", "1"],
      ["unsent", "1"],
    ]);
    expect(fieldValues(view)).toEqual({ "Waiting clients": "user-1, user-2", "Email to-do": "user-1 (1 sent, keyed)", "Committed (known)": "2", "Emailed (acknowledged)": "0" });
    expect(view.fields[0]!.fields.every((f) => !f.durable)).toBe(true);
    expect(view.log).toBeNull();
  });

  it("the DB: users and outbox rows on its disk; the provider: its log, a duplicate unchecked", () => {
    const db = ctxOf("DB");
    let d = bot(welcomeEmail.init(db), deliver(1, "SVC", "txn", { user: "a" }), db);
    d = bot(d, deliver(2, "SVC", "insert", { user: "b" }), db);
    const dbView = screenOf(welcomeEmail, d, db);
    expect(dbView.highlights.map((h) => [h.id, h.value])).toEqual([
      ["users", "2"],
      ["outbox", "1"],
    ]);
    expect(dbView.fields[0]!.fields.every((f) => f.durable)).toBe(true);

    const email = ctxOf("EMAIL");
    let e = bot(welcomeEmail.init(email), deliver(3, "DB", "email", { user: "a", key: "welcome:a" }), email);
    e = bot(e, deliver(4, "DB", "email", { user: "a", key: "welcome:a" }), email);
    e = bot(e, deliver(5, "SVC", "email", { user: "b", key: null }), email);
    e = bot(e, deliver(6, "SVC", "email", { user: "b", key: null }), email);
    const emailView = screenOf(welcomeEmail, e, email);
    expect(emailView.highlights[0]).toMatchObject({ id: "sent", value: "3", hint: "1 duplicate", tone: "bad" });
    expect(fieldValues(emailView)).toEqual({ "Keys honoured, newest first": "welcome:a" });
    expect(emailView.log).toMatchObject({ title: "Emails sent", length: 3, rows: [{ text: "a", committed: true }, { text: "b", committed: true }, { text: "b", committed: false }] });
  });

  it("the provider's card: whether the request's key was already honoured (what send and ack hinge on)", () => {
    const email = ctxOf("EMAIL");
    const s = bot(welcomeEmail.init(email), deliver(1, "SVC", "email", { user: "a", key: "welcome:a" }), email);
    const card = (payload: unknown) => ({ kind: "message" as const, msgId: 9, from: "DB", type: "email", payload });
    const checks = welcomeEmail.screen!.checks!;
    expect(checks(s, card({ user: "a", key: "welcome:a" }), email)).toEqual([{ ok: false, text: expect.stringMatching(/^Key welcome:a already honoured: a's email went out; acknowledge only/) }]);
    expect(checks(s, card({ user: "c", key: "welcome:c" }), email)).toEqual([{ ok: true, text: "Key welcome:c not honoured yet: send it" }]);
    expect(checks(s, card({ user: "a", key: null }), email)[0]).toMatchObject({ ok: false, text: expect.stringMatching(/No idempotency key/) });
    // The service's own cards have no such check.
    expect(checks(s, card({ user: "a", key: "welcome:a" }), ctxOf("SVC"))).toEqual([]);
  });

  it("the provider as a human seat: an email request is a card, left for the player", () => {
    const email = ctxOf("EMAIL");
    const step = welcomeEmail.human(welcomeEmail.init(email), deliver(1, "SVC", "email", { user: "a", key: "welcome:a" }), email, new Set());
    expect(step).toMatchObject({ handled: false, effects: [] });
    expect(step.state.mailbox).toEqual([]);
  });
});
