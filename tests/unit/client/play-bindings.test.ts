// Inbox card -> the actions it offers (with the params the protocol's parse expects), the
// action bar, and keys -> commands. Offering is not deciding: the server judges legality.
import { describe, expect, it } from "vitest";
import type { ActionOffer } from "../../../shared/sim/legal-actions.js";
import { bindingOf, cardBindings, cardForKey, globalBindings, keyCommand, offersOf, panelForms } from "../../../client/ui/play-bindings.js";
import type { PrivateView } from "../../../client/net/snapshot.js";
import { raft } from "../../../shared/protocols/raft/index.js";
import { hello } from "../../../shared/protocols/hello/index.js";
import { initRaftState } from "../../../shared/protocols/raft/state.js";
import type { InboxCard } from "../../../client/net/snapshot.js";
import { levelSummary } from "./fixtures.js";

const RAFT_ACTIONS = ["startElection", "grantVote", "denyVote", "stepDown", "appendCommand", "replicate", "heartbeat", "advanceCommit", "acceptEntries", "rejectEntries", "redirect"];
const raftLevel = levelSummary({
  id: "l08-reach-consensus",
  protocol: "raft",
  nodes: ["N1", "N2", "N3", "N4", "N5"].map((id) => ({ id, role: "peer" })),
  seats: { nodes: ["N1"], min: 1, max: 1 },
  actions: RAFT_ACTIONS,
});
const msg = (seq: number, type: string, payload: unknown = {}, msgId = 7, from = "N2"): InboxCard => ({ seq, uptimeTicks: 0, wallTicks: 0, handled: false, event: { kind: "message", msgId, from, type, payload, arrival: 0 } });

/** Your node's view as the room sends it: the state, these cards, these waiting requests. */
function me(state: Record<string, unknown>, inbox: InboxCard[], requests: PrivateView["requests"] = []): PrivateView {
  return { status: "up", controller: { kind: "human", autopilot: [] }, state, stateTotals: {}, durableFields: [], wallTicks: 0, uptimeTicks: 0, timers: [], awaiting: [], lastHeard: {}, requests, knobs: {}, inbox, captions: [] };
}

describe("cardBindings (offers listed from your node's view, as the server lists them)", () => {
  it("offers grant and deny on a RequestVote, carrying its msgId", () => {
    const offers = offersOf(raft, raftLevel, "N1", me({ ...initRaftState(), currentTerm: 2 }, [msg(0, "RequestVote", { term: 2, candidate: "N2", lastLogIndex: 0, lastLogTerm: 0 })]), 0);
    expect(cardBindings(offers, { seq: 0 }).map((b) => [b.action, b.key, b.params])).toEqual([
      ["grantVote", "g", { msgId: 7 }],
      ["denyVote", "d", { msgId: 7 }],
    ]);
  });

  it("maps timers to what settles them, and client requests to append or redirect", () => {
    const timer: InboxCard = { seq: 0, uptimeTicks: 0, wallTicks: 0, handled: false, event: { kind: "timer", name: "election" } };
    const request: InboxCard = { seq: 1, uptimeTicks: 0, wallTicks: 0, handled: false, event: { kind: "request", requestId: "cmd-3", payload: { n: 3 }, deadlineTick: 9 } };
    const offers = offersOf(raft, raftLevel, "N1", me(initRaftState() as never, [timer, request], [{ requestId: "cmd-3", payload: { n: 3 }, dueAtUptimeTicks: 9 }]), 0);
    expect(cardBindings(offers, timer).map((b) => b.action)).toEqual(["startElection"]);
    expect(cardBindings(offers, request).map((b) => [b.action, b.params])).toEqual([
      ["appendCommand", { requestId: "cmd-3" }],
      ["redirect", { requestId: "cmd-3" }],
    ]);
  });

  it("offers only the level's enabled actions, and nothing on a card already dealt with", () => {
    const card = msg(0, "RequestVote", { term: 1, candidate: "N2", lastLogIndex: 0, lastLogTerm: 0 });
    const level = { ...raftLevel, actions: ["denyVote"] };
    expect(cardBindings(offersOf(raft, level, "N1", me(initRaftState() as never, [card]), 0), card).map((b) => b.action)).toEqual(["denyVote"]);
    expect(cardBindings(offersOf(raft, raftLevel, "N1", me(initRaftState() as never, [{ ...card, handled: true }]), 0), card)).toEqual([]);
  });

  it("finds the hello note's seq from the node's own pending list", () => {
    const state = { pending: [{ seq: 3, requestId: "note-1", attempts: 0, acked: false }], nextSeq: 4, processed: [], received: [] };
    const card: InboxCard = { seq: 0, uptimeTicks: 0, wallTicks: 0, handled: false, event: { kind: "request", requestId: "note-1", payload: {}, deadlineTick: 0 } };
    const level = levelSummary({ actions: ["sendNote", "confirm", "process", "ack"] });
    const offers = offersOf(hello, level, "N1", me(state, [card], [{ requestId: "note-1", payload: {}, dueAtUptimeTicks: 0 }]), 0);
    expect(cardBindings(offers, card).map((b) => [b.action, b.params, b.key])).toEqual([
      ["sendNote", { seq: 3 }, "n"],
      ["confirm", { seq: 3 }, "c"],
    ]);
  });
});

describe("phases", () => {
  it("offer an action only once the level's phase has opened it, as the server judges", () => {
    const phased = { ...raftLevel, actions: raftLevel.actions.filter((a) => a !== "startElection"), phases: [{ atTick: 300, title: "Elections open", text: "You may now start an election.", enable: ["startElection"], disable: [] }] };
    const state = me({ ...initRaftState(), commitIndex: 4 }, []);
    expect(offersOf(raft, phased, "N1", state, 299).some((o) => o.action === "startElection")).toBe(false);
    expect(offersOf(raft, phased, "N1", state, 300).some((o) => o.action === "startElection")).toBe(true);
  });
});

describe("globalBindings", () => {
  it("numbers the action bar 1-9, keeps each action's letter, and commits the next entry", () => {
    const offers = offersOf(raft, raftLevel, "N1", me({ ...initRaftState(), commitIndex: 4 }, []), 0);
    const bar = globalBindings(offers);
    // A follower cannot step down, nor commit past its log: those come last, with their reasons.
    expect(bar.map((b) => [b.action, b.key, b.letter, b.unavailable !== undefined])).toEqual([
      ["startElection", "1", "e", false],
      ["replicate", "2", "p", false],
      ["heartbeat", "3", "h", false],
      ["stepDown", "4", "s", true],
      ["advanceCommit", "5", "c", true],
    ]);
    expect(bar.find((b) => b.action === "advanceCommit")?.params).toEqual({ index: 5 });
    expect(bar.find((b) => b.action === "replicate")?.params).toEqual({ to: null });
    expect(panelForms(offers)).toEqual([]);
  });

  it("puts what the node can do now first, and what it cannot after, with the reason", () => {
    const offer = (action: string, impossible: string | null): ActionOffer => ({ action, params: {}, inputs: [], card: null, label: action, key: "", summary: "", group: null, impossible });
    const bar = globalBindings([offer("lead", "only a leader can"), offer("vote", null), offer("sell", "only a leader can"), offer("read", null)]);
    expect(bar.map((b) => [b.action, b.key, b.unavailable])).toEqual([
      ["vote", "1", undefined],
      ["read", "2", undefined],
      ["lead", "3", "only a leader can"],
      ["sell", "4", "only a leader can"],
    ]);
  });

  it("turns an offer's fields into the form's inputs", () => {
    const binding = bindingOf({ action: "gossip", params: {}, inputs: [{ name: "to", kind: "choice", label: "To", optional: false, options: [{ value: "N2", label: "N2" }] }], card: null, label: "Gossip", key: "", summary: "", group: null, impossible: null });
    expect(binding.inputs).toEqual([{ name: "to", kind: "choice", label: "To", options: [{ value: "N2", label: "N2" }] }]);
  });

  it("keeps a field's hint (what to look at while filling it in)", () => {
    const binding = bindingOf({ action: "receive", params: { msgId: 4 }, inputs: [{ name: "stamp", kind: "number", label: "Stamp", optional: true, hint: "your clock 5 · this message carries 9" }], card: 3, label: "Receive", key: "r", summary: "", group: null, impossible: null });
    expect(binding.inputs).toEqual([{ name: "stamp", kind: "number", label: "Stamp", hint: "your clock 5 · this message carries 9" }]);
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
