// Inbox card -> the actions it offers (with the params the protocol's parse expects), the
// action bar, and keys -> commands. Offering is not deciding: the server judges legality.
import { describe, expect, it } from "vitest";
import { cardBindings, cardForKey, globalBindings, keyCommand } from "../../../client/ui/play-bindings.js";
import { raft } from "../../../shared/protocols/raft/index.js";
import { hello } from "../../../shared/protocols/hello/index.js";
import { lamport } from "../../../shared/protocols/lamport/index.js";
import type { InboxEvent } from "../../../client/net/snapshot.js";

const RAFT_ACTIONS = ["startElection", "grantVote", "denyVote", "stepDown", "appendCommand", "replicate", "heartbeat", "advanceCommit", "acceptEntries", "rejectEntries", "redirect"];
const shapes = (p: { actions: Record<string, { parse(raw: unknown): { ok: boolean } }> }) => Object.entries(p.actions).map(([name, a]) => ({ name, parse: (raw: unknown) => a.parse(raw) }));
const msg = (type: string, payload: unknown = {}, msgId = 7, from = "N2"): InboxEvent => ({ kind: "message", msgId, from, type, payload, arrival: 0 });

describe("cardBindings", () => {
  it("offers grant and deny on a RequestVote, carrying its msgId, and each parses", () => {
    const bindings = cardBindings("raft", RAFT_ACTIONS, msg("RequestVote", { term: 2 }), { currentTerm: 2 });
    expect(bindings.map((b) => [b.action, b.key, b.params])).toEqual([
      ["grantVote", "g", { msgId: 7 }],
      ["denyVote", "d", { msgId: 7 }],
    ]);
    for (const b of bindings) expect(raft.actions[b.action]!.parse(b.params).ok).toBe(true);
  });

  it("offers step down only for a higher term than yours", () => {
    expect(cardBindings("raft", RAFT_ACTIONS, msg("Vote", { term: 5 }), { currentTerm: 4 }).map((b) => b.action)).toEqual(["stepDown"]);
    expect(cardBindings("raft", RAFT_ACTIONS, msg("Vote", { term: 4 }), { currentTerm: 4 })).toEqual([]);
  });

  it("maps timers and client requests", () => {
    expect(cardBindings("raft", RAFT_ACTIONS, { kind: "timer", name: "election" }, {}).map((b) => b.action)).toEqual(["startElection"]);
    const req = cardBindings("raft", RAFT_ACTIONS, { kind: "request", requestId: "cmd-3", payload: {}, deadlineTick: 9 }, {});
    expect(req.map((b) => [b.action, b.params])).toEqual([
      ["appendCommand", { requestId: "cmd-3" }],
      ["redirect", { requestId: "cmd-3" }],
    ]);
  });

  it("offers only the level's enabled actions", () => {
    expect(cardBindings("raft", ["denyVote"], msg("RequestVote"), {}).map((b) => b.action)).toEqual(["denyVote"]);
  });

  it("finds the hello note's seq from the node's own pending list", () => {
    const state = { pending: [{ seq: 3, requestId: "note-1" }] };
    const bindings = cardBindings("hello", ["sendNote", "confirm", "process", "ack"], { kind: "request", requestId: "note-1", payload: {}, deadlineTick: 0 }, state);
    expect(bindings.map((b) => [b.action, b.params])).toEqual([
      ["sendNote", { seq: 3 }],
      ["confirm", { seq: 3 }],
    ]);
    for (const b of bindings) expect(hello.actions[b.action]!.parse(b.params).ok).toBe(true);
  });

  it("falls back to any action whose params are exactly a msgId, with free letters", () => {
    const bindings = cardBindings("lamport", Object.keys(lamport.actions), msg("gossip"), {}, shapes(lamport));
    expect(bindings.map((b) => b.action)).toEqual(["receive", "ignoreDuplicate"]);
    expect(new Set(bindings.map((b) => b.key)).size).toBe(2);
  });
});

describe("globalBindings", () => {
  it("numbers the action bar 1-9 and commits the next entry", () => {
    const bar = globalBindings("raft", RAFT_ACTIONS, { commitIndex: 4 });
    expect(bar.map((b) => b.key)).toEqual(["1", "2", "3", "4", "5"]);
    expect(bar.find((b) => b.action === "advanceCommit")?.params).toEqual({ index: 5 });
    expect(bar.find((b) => b.action === "startElection")?.letter).toBe("e");
  });
});

describe("keyCommand", () => {
  const none = { shift: false, ctrl: false, alt: false, meta: false };
  it("maps digits, shifted digits, letters and J/K", () => {
    expect(keyCommand("3", none, "Digit3")).toEqual({ kind: "global", index: 2 });
    expect(keyCommand("#", { ...none, shift: true }, "Digit3")).toEqual({ kind: "autopilot", index: 2 });
    expect(keyCommand("G", { ...none, shift: true }, "KeyG")).toEqual({ kind: "card", key: "g" });
    expect(keyCommand("j", none)).toEqual({ kind: "move", delta: 1 });
    expect(keyCommand("k", none)).toEqual({ kind: "move", delta: -1 });
  });
  it("leaves browser shortcuts alone", () => {
    expect(keyCommand("r", { ...none, ctrl: true })).toBeNull();
    expect(keyCommand("Tab", none)).toBeNull();
  });
});

describe("cardForKey", () => {
  const b = (key: string) => ({ action: key, params: {}, label: key, key });
  const cards = [
    { handled: true, bindings: [b("g")] },
    { handled: false, bindings: [b("a")] },
    { handled: false, bindings: [b("g"), b("d")] },
  ];
  it("prefers the selected card, else the newest unhandled card offering the key", () => {
    expect(cardForKey(cards, "g", null)?.card).toBe(cards[2]);
    expect(cardForKey(cards, "g", 0)?.card).toBe(cards[0]);
    expect(cardForKey(cards, "a", 2)?.card).toBe(cards[1]);
    expect(cardForKey(cards, "x", null)).toBeNull();
  });
});
