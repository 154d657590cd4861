// Packet motion from ticks: sent packets leave and vanish into the fog; received ones come out
// of the fog and land on the node exactly at their delivery tick. And the decoded snapshot.
import { describe, expect, it } from "vitest";
import { FOG_END, FOG_START, LINK_TICKS, TickClock, observedProgress, receivedMotion, sentMotion } from "../../../client/view/packet-motion.js";
import { ringLayout } from "../../../client/view/network-map-layout.js";
import { SnapshotDecoder } from "../../../client/net/snapshot.js";

describe("sentMotion", () => {
  it("starts at your node at the send tick and is gone by the end of the fog", () => {
    expect(sentMotion(100, 99)).toBeNull();
    expect(sentMotion(100, 100)).toEqual({ d: 0, alpha: 1 });
    expect(sentMotion(100, 100 + LINK_TICKS * FOG_START)?.alpha).toBeCloseTo(1);
    const mid = sentMotion(100, 100 + (LINK_TICKS * (FOG_START + FOG_END)) / 2)!;
    expect(mid.alpha).toBeCloseTo(0.5);
    expect(sentMotion(100, 100 + LINK_TICKS * FOG_END)).toBeNull();
  });
});

describe("receivedMotion", () => {
  it("comes out of the fog and lands on your node at the delivery tick", () => {
    expect(receivedMotion(200, 200 - LINK_TICKS * FOG_END - 0.01)).toBeNull();
    expect(receivedMotion(200, 200 - LINK_TICKS * 0.5)!.d).toBeCloseTo(0.5);
    expect(receivedMotion(200, 200)).toEqual({ d: 0, alpha: 1 });
    expect(receivedMotion(200, 200.5)).toBeNull();
  });
  it("moves monotonically toward the node", () => {
    let last = Infinity;
    for (let t = 195; t <= 200; t += 0.5) {
      const m = receivedMotion(200, t);
      if (!m) continue;
      expect(m.d).toBeLessThanOrEqual(last);
      last = m.d;
    }
  });
});

describe("observedProgress", () => {
  it("interpolates the god's view between sentTick and deliverTick", () => {
    expect(observedProgress(10, 20, 15)).toBeCloseTo(0.5);
    expect(observedProgress(10, 20, 21)).toBeNull();
  });
});

describe("TickClock", () => {
  it("runs on between patches, but not far past the last reading", () => {
    const clock = new TickClock(10, 2);
    clock.observe(50, 1000, true);
    expect(clock.now(1050)).toBeCloseTo(50.5);
    expect(clock.now(5000)).toBe(52);
    clock.observe(50, 1100, false);
    expect(clock.now(2000)).toBe(50);
  });
});

describe("ringLayout", () => {
  it("puts your node at the bottom centre", () => {
    const rect = { x: 0, y: 0, width: 800, height: 600 };
    const at = ringLayout(["N1", "N2", "N3", "N4", "N5"], "N3", rect);
    expect(at.get("N3")!.x).toBeCloseTo(400);
    for (const id of ["N1", "N2", "N4", "N5"]) expect(at.get(id)!.y).toBeLessThan(at.get("N3")!.y);
  });
});

describe("SnapshotDecoder", () => {
  it("parses the private view's JSON fields and skips malformed inbox items", () => {
    const decoder = new SnapshotDecoder();
    const priv = {
      status: "up",
      controller: JSON.stringify({ kind: "human", autopilot: ["auto-ack"] }),
      state: JSON.stringify({ role: "follower", currentTerm: 2 }),
      durableFields: '["currentTerm"]',
      // Readings at tick 4: at the public tick 10 the clocks read 6 ticks more.
      clockAnchorTick: 4,
      wallAtAnchorTicks: 5,
      uptimeAtAnchorTicks: 40,
      timers: '[{"name":"election","firesAtUptimeTicks":90}]',
      awaiting: '[{"msgId":3,"to":"N2","type":"Vote","sentAtUptimeTicks":38}]',
      lastHeard: '{"N2":30,"N3":null}',
      requests: "[]",
      inbox: new Map([
        // Keys are slots the server reuses, not seqs.
        ["0", '{"seq":3,"uptimeTicks":33,"wallTicks":33,"handled":true,"event":{"kind":"timer","name":"election"}}'],
        ["1", '{"seq":1,"uptimeTicks":30,"wallTicks":30,"handled":false,"event":{"kind":"message","msgId":9,"from":"N2","type":"RequestVote","payload":{"term":2},"arrival":0}}'],
        ["2", "not json"],
        ["3", '{"seq":5,"uptimeTicks":34,"wallTicks":34,"handled":false,"event":{"kind":"timer","name":"election"}}'],
        ["4", '{"seq":6,"uptimeTicks":35,"wallTicks":35,"handled":false,"event":{"kind":"nonsense"}}'],
        ["5", '{"uptimeTicks":36,"wallTicks":36,"handled":false,"event":{"kind":"timer","name":"election"}}'],
      ]),
    };
    const seats = new Map([["N1", { node: "N1", status: "human", nickname: "<b>x</b>", controller: "human", ready: false, priv }]]);
    const snap = decoder.decode({ levelId: "l08", phase: "running", tick: 10, durationTicks: 100, ticksPerSecond: 10, seats }, "N1", false);
    expect(snap.me?.state.currentTerm).toBe(2);
    expect(snap.me?.controller).toEqual({ kind: "human", autopilot: ["auto-ack"] });
    expect(snap.me?.lastHeard).toEqual({ N2: 30, N3: null });
    // Sorted by seq; unparsable text, an unknown event, an entry without a seq: skipped.
    expect(snap.me?.inbox.map((c) => c.seq)).toEqual([1, 3, 5]);
    expect(snap.me?.inbox[0]?.event).toMatchObject({ kind: "message", msgId: 9, from: "N2" });
    expect(snap.me?.wallTicks).toBe(11);
    expect(snap.me?.uptimeTicks).toBe(46);
    expect(snap.seats[0]?.nickname).toBe("<b>x</b>");
    expect(decoder.decode({ seats }, null, false).me).toBeNull();
  });
});
