// Watch mode's captions, read from real games of l00 (send, ack, retry, dedupe), l08 (Raft),
// l02 (a round card's rule per move), l03 (forward, refuse, serve) and l09 (wall vs Lamport stamps):
// each caption says what the by-the-book bot met, what it did, and the protocol's own rule.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addCaptions, captionsOf, captionText } from "../../../shared/view/captions.js";
import { createWorld, advanceTo } from "../../../shared/sim/world.js";
import { TEST_CATALOG } from "../../support/test-catalog.js";
import { loadLevel } from "./debrief-fixtures.js";

function botGame(levelId: string, seed: number, untilTick: number) {
  const level = loadLevel(levelId);
  const world = createWorld(level, TEST_CATALOG, seed, { mode: "guided" });
  advanceTo(world, untilTick);
  return world;
}

describe("captions of the by-the-book bot", () => {
  it("l00 sender: a client's note is sent with the rule of sendNote, and confirmed after the ack with confirm's rule", () => {
    const world = botGame("l00-hello-network", 7, 400);
    const captions = captionsOf(world.protocol, world.trace, 0, "N1");
    expect(captions.length).toBeGreaterThan(3);
    const request = captions.find((c) => c.cause.startsWith("A client asked it to send"))!;
    expect(request.did.some((line) => line === "Sent note to N2")).toBe(true);
    expect(request.why).toContain(world.protocol.actions.sendNote!.rule);
    const ack = captions.find((c) => c.cause === "ack from N2 arrived" && c.did.some((d) => d.startsWith("Answered the client: OK")))!;
    expect(ack.why).toContain(world.protocol.actions.confirm!.rule);
    // Ticks never go back: captions are in the order things happened.
    for (let i = 1; i < captions.length; i++) expect(captions[i]!.tick).toBeGreaterThanOrEqual(captions[i - 1]!.tick);
  });

  it("l00 receiver: each note is processed and acknowledged, with both rules", () => {
    const world = botGame("l00-hello-network", 7, 400);
    const captions = captionsOf(world.protocol, world.trace, 0, "N2");
    const first = captions.find((c) => c.cause === "note from N1 arrived")!;
    expect(first.did[0]).toMatch(/^Noted processed \(seq: 1/);
    expect(first.did).toContain("Sent ack to N1");
    expect(first.why).toContain(world.protocol.actions.process!.rule);
    expect(first.why).toContain(world.protocol.actions.ack!.rule);
    expect(captionText(first)).toMatch(/^note from N1 arrived\. Noted processed .*Sent ack to N1\. Why: Process each note once/);
  });

  it("l08: N1's first election, votes granted by the vote rule, and a crash at 0:30", () => {
    const world = botGame("l08-reach-consensus", 3, 400);
    const n1 = captionsOf(world.protocol, world.trace, 0, "N1");
    const election = n1.find((c) => c.cause === "Its election timer ran out")!;
    expect(election.did.some((d) => /^Sent RequestVote to N2, N3, N4, N5$/.test(d))).toBe(true);
    expect(election.why).toContain(world.protocol.actions.startElection!.rule);
    const n2 = captionsOf(world.protocol, world.trace, 0, "N2");
    const vote = n2.find((c) => c.cause === "RequestVote from N1 arrived" && c.did.includes("Sent Vote to N1"))!;
    expect(vote.why).toContain(world.protocol.actions.grantVote!.rule);
    expect(n2.some((c) => c.cause.startsWith("It crashed") && c.tick === 300)).toBe(true);
    // A heartbeat is answered with the acceptance rule.
    const heartbeat = n2.find((c) => c.cause === "AppendEntries from N1 arrived" && c.did.includes("Sent AppendReply to N1"));
    expect(heartbeat?.why).toContain(world.protocol.actions.acceptEntries!.rule);
    // A follower that gets a client's command points it on: a redirect, with the redirect rule.
    const redirected = n2.find((c) => c.cause.startsWith("A client asked it to") && c.did.some((d) => d.startsWith("Redirected the client")))!;
    expect(redirected.did).toContain("Redirected the client (not-leader): not an error");
    expect(redirected.why).toContain(world.protocol.actions.redirect!.rule);
    // A follower learning of a commit from the leader accepts entries; the commit rule is the leader's.
    const learned = n2.find((c) => c.cause === "AppendEntries from N1 arrived" && c.did.some((d) => d.startsWith("Noted commit")))!;
    expect(learned.why).toContain(world.protocol.actions.acceptEntries!.rule);
    expect(learned.why).not.toContain(world.protocol.actions.advanceCommit!.rule);
    const counted = n1.find((c) => c.did.some((d) => d.startsWith("Noted counted")))!;
    expect(counted.why).toContain(world.protocol.actions.advanceCommit!.rule);
  });

  it("l02 S: each round's move quotes that round's card rule, and the bonus answer the bonus rule", () => {
    const world = botGame("l02-fallacy-gauntlet", 5, 2650);
    const captions = captionsOf(world.protocol, world.trace, 0, "S");
    const rule = (id: string) => world.protocol.actions[id]!.rule;
    const charge = captions.find((c) => c.cause.startsWith("A client asked it to charge order #") && c.did.includes("Sent charge to PAY"))!;
    expect(charge.why).toBe(rule("reliable"));
    expect(captions.find((c) => c.did.includes("Sent lookup to INV"))?.why).toBe(rule("latency"));
    expect(captions.find((c) => c.did.some((d) => d.startsWith("Noted uplink")))?.why).toBe(rule("bandwidth"));
    const rejected = captions.find((c) => c.cause === "command from EVIL arrived")!;
    expect(rejected.did[0]).toMatch(/^Noted reject/);
    expect(rejected.why).toBe(rule("secure"));
    expect(captions.find((c) => c.did.some((d) => d.startsWith("Sent where to DISC")))?.why).toBe(rule("topology"));
    expect(captions.find((c) => c.did.some((d) => d.startsWith("Noted decoded")))?.why).toBe(rule("admin"));
    expect(captions.find((c) => c.did.includes("Sent batch to TEAM"))?.why).toBe(rule("cost"));
    expect(captions.find((c) => c.did.includes("Sent chunk to OCEAN"))?.why).toBe(rule("homogeneous"));
    expect(captions.find((c) => c.did.some((d) => d.startsWith("Noted answer")))?.why).toBe(rule("answer"));
  });

  it("l03 B: tickets forwarded to A, refused with the refusal rule while A is silent, cart adds served from B's copy", () => {
    const world = botGame("l03-two-nodes-one-cable", 5, 1800);
    const captions = captionsOf(world.protocol, world.trace, 0, "B");
    const rule = (id: string) => world.protocol.actions[id]!.rule;
    const forwarded = captions.find((c) => c.cause === "A client asked it to buy a ticket" && c.did.includes("Sent forward to A"))!;
    expect(captions.some((c) => c.cause === "A client asked it to tell how many tickets are left")).toBe(true);
    expect(forwarded.why).toBe(rule("forward"));
    const refused = captions.find((c) => c.cause === "A client asked it to buy a ticket" && c.did.some((d) => d.includes("503 try later")))!;
    expect(refused.why).toBe(rule("refuse"));
    const add = captions.find((c) => /^A client asked it to add .* to the cart$/.test(c.cause))!;
    expect(add.did[0]).toMatch(/^Noted cart hold \(.*durable: yes\)$/);
    expect(add.why).toBe(rule("serve"));
    // A merge from the peer's copy is nobody's move: no rule is quoted for it.
    const merged = captions.find((c) => c.cause === "sync from A arrived" && c.did.some((d) => d.includes("merged: yes")))!;
    expect(merged.why).toBeNull();
    // A relayed answer is not served from B's copy: it quotes no rule rather than serve's.
    const relayed = captions.find((c) => c.cause === "answer from A arrived")!;
    expect(relayed.why).toBeNull();
  });

  it("l09 N1: round 1's wall-clock stamps quote no stamping rule; round 2's Lamport stamps quote post's and receive's", () => {
    const world = botGame("l09-order-events-without-wall-clocks", 1, 1200);
    const captions = captionsOf(world.protocol, world.trace, 0, "N1");
    const rule = (id: string) => world.protocol.actions[id]!.rule;
    const round2 = 600;
    const posts = captions.filter((c) => c.cause === "A client asked it to post a rumor");
    const early = posts.find((c) => c.tick < round2)!;
    const late = posts.find((c) => c.tick > round2 + 30)!;
    for (const id of ["post", "gossip", "receive"]) expect(early.why ?? "").not.toContain(rule(id));
    expect(early.why).toContain(rule("report"));
    expect(late.why).toContain(rule("post"));
    expect(late.why).toContain(rule("gossip"));
    const receivedEarly = captions.find((c) => c.tick < round2 && /^gossip from N\d arrived$/.test(c.cause) && c.did.includes("Noted stamp"))!;
    expect(receivedEarly.why ?? "").not.toContain(rule("receive"));
  });

  it("reads only from the index it is given, so a room adds each patch's new captions once", () => {
    const world = botGame("l08-reach-consensus", 3, 200);
    const all = captionsOf(world.protocol, world.trace, 0, "N3");
    const mid = Math.floor(world.trace.length / 2);
    let split = mid;
    // Split between ticks, as patches do.
    while (split < world.trace.length && world.trace.at(split)!.tick === world.trace.at(mid)!.tick) split++;
    const parts = [...captionsOf(world.protocol, world.trace, 0, "N3").filter((c) => c.tick < world.trace.at(split)!.tick), ...captionsOf(world.protocol, world.trace, split, "N3")];
    expect(parts.map(captionText)).toEqual(all.map(captionText));
  });
});

describe("every level's seats get captions (a generic kit feature: no protocol named here)", () => {
  const ids = readdirSync(join(import.meta.dirname, "../../../levels"))
    .filter((f) => /^l\d\d-.*\.json$/.test(f))
    .map((f) => f.replace(/\.json$/, ""));
  it.each(ids)("%s", (id) => {
    const world = botGame(id, 5, 600);
    for (const seat of world.level.seats.nodes) {
      const captions = captionsOf(world.protocol, world.trace, 0, seat);
      expect(captions.length, `${id} ${seat}`).toBeGreaterThan(0);
      for (const c of captions) {
        expect(c.cause.length).toBeGreaterThan(0);
        expect(captionText(c)).not.toMatch(/undefined|\[object Object\]/);
      }
    }
 
    // Every action a protocol names as a bot's move exists (its rule is the caption's reason).
    for (const e of world.trace) {
      const effect = e.kind === "send" ? { kind: "send" as const, to: e.to, type: e.type, payload: e.payload } : e.kind === "response" ? { kind: "respond" as const, ok: e.ok, status: e.status } : e.kind === "note" ? { kind: "note" as const, name: e.name, data: e.data } : null;
      const move = effect ? (world.protocol.botMove?.(effect) ?? null) : null;
      if (move !== null) expect(Object.keys(world.protocol.actions), `${id}: botMove ${move}`).toContain(move);
    }
  });
});

describe("addCaptions", () => {
  it("counts a step seen again where it is listed, so routine steps never push out the moves worth reading", () => {
    const beat = (tick: number) => ({ tick, cause: "Its heartbeat timer ran out", did: ["Sent AppendEntries to N2, N3"], why: "Send heartbeats." });
    const vote = { tick: 12, cause: "RequestVote from N2 arrived", did: ["Sent Vote to N2"], why: "One vote per term." };
    let list = addCaptions([], [beat(10), vote], 3);
    list = addCaptions(list, [beat(25), beat(40)], 3);
    expect(list.map((c) => [c.tick, c.repeats ?? 1, c.lastTick ?? c.tick])).toEqual([
      [10, 3, 40],
      [12, 1, 12],
    ]);
    const news = [1, 2, 3].map((i) => ({ tick: 50 + i, cause: `A client asked it to append "x=${i}"`, did: [], why: null }));
    expect(addCaptions(list, news, 3).map((c) => c.tick)).toEqual([51, 52, 53]);
  });
});
