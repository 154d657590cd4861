/** l02's debrief: a fallacy card per round with the moment its assumption broke, the rounds shaded by result, two discussion prompts. */
import { describe, expect, it } from "vitest";
import { loadLevels } from "../../../server/level-files.js";
import { gauntletDebrief } from "../../../shared/protocols/fallacy-gauntlet/debrief.js";
import { replay } from "../../../shared/sim/replay.js";
import type { TraceEvent } from "../../../shared/sim/trace.js";
import { TEST_CATALOG } from "../../support/test-catalog.js";

const level = loadLevels().find((l) => l.id === "l02-fallacy-gauntlet")!;
function debriefOf(policy: string | null, seed = 1) {
  const inputs = policy ? [{ tick: 0, node: "S", action: "$control", params: { controller: "bot", policy } }] : [];
  const { world } = replay(level, TEST_CATALOG, seed, inputs, "free");
  return gauntletDebrief([...world.trace] as TraceEvent[], level, world.tick, "S");
}

describe("l02's debrief", () => {
  it("by the book: nine cleared cards, each with its moment, then the two discussion prompts", () => {
    const { cards, marks } = debriefOf(null);
    expect(cards.map((c) => c.title)).toEqual([
      "Round 1: The network is reliable",
      "Round 2: Latency is zero",
      "Round 3: Bandwidth is infinite",
      "Round 4: The network is secure",
      "Round 5: Topology doesn't change",
      "Round 6: One administrator",
      "Round 7: Transport cost is zero",
      "Round 8: The network is homogeneous",
      "Bonus: The meta-fallacy: one vantage point",
      "For discussion: there is one administrator",
      "For discussion: the network is secure",
    ]);
    expect(cards.slice(0, 9).every((c) => c.tone === "good" && c.lines[2]!.startsWith("Cleared"))).toBe(true);
    // Inventory moves 10 s into round 5 (1250 + 100), where the crash of its old address is.
    expect(cards[4]!.tick).toBe(1350);
    expect(cards[4]!.lines[1]).toBe("It broke at 2:15: Inventory moves: its old address goes silent.");
    const rounds = marks.filter((m) => m.node === undefined);
    expect(rounds).toHaveLength(9);
    expect(rounds[0]).toEqual({ fromTick: 50, toTick: 350, tone: "good", label: "Round 1: The network is reliable (cleared)" });
    expect(cards.slice(9).every((c) => c.tone === "info" && c.lines.some((l) => l.includes("stood in for")))).toBe(true);
  });

  it("a mistake: its round lost, the rule quoted, the moment on S's lane", () => {
    const { cards, marks } = debriefOf("ignore-feed");
    const r6 = cards[5]!;
    expect(r6.tone).toBe("bad");
    expect(r6.lines[2]).toMatch(/^Lost: \d+ events failed to decode after the change/);
    expect(r6.lines[3]).toMatch(/^The rule: /);
    expect(r6.tick).toBe(1550 + 150);
    expect(marks).toContainEqual({ node: "S", fromTick: 1700, toTick: 1700, tone: "warn", label: "the other team's first event in schema v2" });
    expect(cards.filter((c) => c.tone === "bad")).toHaveLength(1);
  });

  it("the whole payload: the moment is the relay's silent drop", () => {
    const r8 = debriefOf("whole-payload").cards[7]!;
    expect(r8.tone).toBe("bad");
    expect(r8.lines[1]).toMatch(/the Ocean relay drops a payload over its MTU, silently/);
  });
});
