/** Node faults: crash-recover, pause, slow; and clocks under faults. */
import { describe, expect, it } from "vitest";
import { createWorld, advanceTo } from "../../../shared/sim/world.js";
import { replay } from "../../../shared/sim/replay.js";
import { nodeView } from "../../../shared/view/node-view.js";
import { heartbeatLevel } from "../../support/test-levels.js";
import { TEST_CATALOG } from "../../support/test-catalog.js";

const calm = { dropRate: 0, duplicateRate: 0, delayTicksBase: 2, jitterTicks: 2 };

describe("crash and recover", () => {
  const level = heartbeatLevel(3, { network: calm, faults: [{ kind: "crash", atTick: 200, node: "N2", recoverAtTick: 300 }] });

  it("wipes RAM and keeps durable fields", () => {
    const world = createWorld(level, TEST_CATALOG, 1);
    advanceTo(world, 199);
    const before = world.nodes.N2!.state;
    expect(before.bootCount).toBe(1);
    expect(before.pingsSent).toBeGreaterThan(5);
    advanceTo(world, 250);
    expect(world.nodes.N2!.status).toBe("down");
    expect(world.nodes.N2!.state).toEqual({ bootCount: 1 });
    expect(world.nodes.N2!.timers).toEqual({});
    advanceTo(world, 300);
    const after = world.nodes.N2!.state;
    expect(after.bootCount).toBe(2); // durable, then incremented by the boot
    expect(after.pingsSent).toBeLessThanOrEqual(1); // RAM started over
  });

  it("drops what arrives while the node is down and restarts its uptime", () => {
    const world = createWorld(level, TEST_CATALOG, 1);
    advanceTo(world, 299);
    const downDrops = world.trace.filter((e) => e.kind === "drop" && e.reason === "node-down" && e.to === "N2");
    expect(downDrops.length).toBeGreaterThan(5);
    expect(world.trace.some((e) => e.kind === "deliver" && e.node === "N2" && e.tick > 200 && e.tick < 300)).toBe(false);
    advanceTo(world, 310);
    expect(nodeView(world, "N2").uptimeTicks).toBe(10);
  });
});

describe("pause", () => {
  it("buffers everything, then wakes acting on stale beliefs", () => {
    const level = heartbeatLevel(2, { network: calm, faults: [{ kind: "pause", atTick: 100, node: "N1", durationTicks: 150 }] });
    const world = createWorld(level, TEST_CATALOG, 2);
    advanceTo(world, 100);
    const beliefs = world.nodes.N1!.state;
    advanceTo(world, 249);
    // Frozen: state untouched although N2 kept pinging.
    expect(world.nodes.N1!.state).toBe(beliefs);
    expect(world.nodes.N1!.buffered.length).toBeGreaterThan(10);
    expect(world.trace.some((e) => e.kind === "send" && e.node === "N1" && e.tick > 100 && e.tick < 250)).toBe(false);
    const backlog = world.nodes.N1!.buffered.filter((b) => b.kind === "deliver").length;
    advanceTo(world, 250);
    // On waking it works through the backlog at once: pings sent long ago are answered now,
    // as if they were fresh (the node cannot tell how long it was gone).
    const wakeEvents = world.trace.filter((e) => e.tick === 250 && (("node" in e && e.node === "N1") || e.kind === "resume"));
    expect(wakeEvents[0]!.kind).toBe("resume");
    const staleDeliveries = wakeEvents.filter((e) => e.kind === "deliver");
    expect(staleDeliveries.length).toBeGreaterThanOrEqual(backlog);
    expect(staleDeliveries.some((e) => e.kind === "deliver" && e.sentTick < 150)).toBe(true);
    const pongs = wakeEvents.filter((e) => e.kind === "send" && e.type === "pong");
    expect(pongs.length).toBeGreaterThanOrEqual(backlog / 2);
  });
});

describe("slow node", () => {
  it("handles every event extraTicks late", () => {
    const level = heartbeatLevel(2, { network: { ...calm, jitterTicks: 0 }, faults: [{ kind: "slow", atTick: 0, untilTick: 500, node: "N2", extraTicks: 7 }] });
    const { world } = replay(level, TEST_CATALOG, 3, []);
    const deliveries = world.trace.filter((e) => e.kind === "deliver" && e.node === "N2" && e.tick < 400);
    expect(deliveries.length).toBeGreaterThan(10);
    for (const d of deliveries) if (d.kind === "deliver") expect(d.tick - d.sentTick).toBe(2 + 7);
  });
});

describe("clocks under faults", () => {
  it("the monotonic clock never goes back while the wall clock steps", () => {
    const level = heartbeatLevel(2, {
      network: calm,
      clocks: { N1: { offsetTicks: 500, driftPpm: 20_000 } },
      faults: [
        { kind: "clock-step", atTick: 100, node: "N1", stepTicks: -300 },
        { kind: "clock-drift", atTick: 200, node: "N1", driftPpm: -100_000 },
        { kind: "clock-step", atTick: 300, node: "N1", stepTicks: 1000 },
      ],
    });
    const world = createWorld(level, TEST_CATALOG, 1);
    let lastUptime = -1;
    let lastWall = Number.NEGATIVE_INFINITY;
    let wentBack = false;
    for (let t = 1; t < 400; t++) {
      advanceTo(world, t);
      const v = nodeView(world, "N1");
      expect(v.uptimeTicks).toBeGreaterThanOrEqual(lastUptime);
      if (v.wallTicks < lastWall) wentBack = true;
      lastUptime = v.uptimeTicks;
      lastWall = v.wallTicks;
    }
    expect(wentBack).toBe(true);
  });
});
