/**
 * What a node's view must never carry: the network's copy number of a message (a node can only
 * tell a duplicate by its message id), the true tick a message was sent or delivered, and any
 * other node's state. Checked on the Lamport level, whose network duplicates on purpose, with a
 * human seat that leaves messages unopened so they pile up in its inbox and unread list.
 */
import { describe, expect, it } from "vitest";
import { loadLevels } from "../../../server/level-files.js";
import { submitInput } from "../../../shared/sim/inputs.js";
import { advanceTo, createWorld } from "../../../shared/sim/world.js";
import { nodeView } from "../../../shared/view/node-view.js";
import { TEST_CATALOG } from "../../support/test-catalog.js";

describe("a node's view", () => {
  const level = loadLevels().find((l) => l.id === "l09-order-events-without-wall-clocks")!;

  it("never shows the network's copy number, even when duplicates arrive", () => {
    let duplicatesSeen = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const world = createWorld(level, TEST_CATALOG, seed, { mode: "free" });
      const seat = level.seats.nodes[0]!;
      expect(submitInput(world, seat, "$control", { controller: "human" }).ok).toBe(true);
      for (let tick = 50; tick <= level.durationTicks; tick += 50) {
        advanceTo(world, tick);
        const text = JSON.stringify(nodeView(world, seat));
        expect(text).not.toMatch(/"copy"|"sentTick"|"deliverTick"/);
      }
      duplicatesSeen += world.trace.filter((e) => e.kind === "deliver" && e.node === seat && e.copy > 0).length;
    }
    // The check above means something only if duplicates did reach the seat.
    expect(duplicatesSeen).toBeGreaterThan(0);
  });

  it("numbers two arrivals of one message apart without saying which one the network duplicated", () => {
    const world = createWorld(level, TEST_CATALOG, 3, { mode: "free" });
    const seat = level.seats.nodes[0]!;
    submitInput(world, seat, "$control", { controller: "human" });
    advanceTo(world, level.durationTicks);
    const arrivals = world.nodes[seat]!.inbox.flatMap((e) => (e.event.kind === "message" ? [e.event.arrival] : []));
    expect(arrivals.length).toBeGreaterThan(0);
    expect(new Set(arrivals).size).toBe(arrivals.length);
  });
});
