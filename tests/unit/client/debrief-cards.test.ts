// @vitest-environment jsdom
// The debrief's DOM cards and route helpers: text only via textContent, the words of the
// horizon hint, the ghost table, the hash warning.
import { describe, expect, it } from "vitest";
import { resultIdFromHash, debriefHash } from "../../../client/debrief/debrief-route.js";
import { parseResult } from "../../../client/debrief/debrief-api.js";
import { ghostCard, horizonCard, incidentCard, leaderboardCard, metricsStrip, unknowableItems } from "../../../client/ui/debrief-cards.js";
import type { Horizon } from "../../../shared/view/debrief-horizon.js";
import type { Spotlight } from "../../../shared/view/debrief-spotlight.js";

const horizon = (over: Partial<Horizon["unknowable"]> = {}): Horizon => ({
  node: "N1",
  tick: 123,
  anchor: 40,
  known: new Uint8Array(0),
  knownCount: 17,
  unknowable: { total: 9, drops: 2, duplicates: 0, faults: 1, crashes: 0, pauses: 0, concurrent: 6, byNode: { N2: 6 }, inFlightToMe: 1, ...over },
});

describe("debrief cards", () => {
  it("puts untrusted text in as text", () => {
    const spot: Spotlight = {
      check: "x",
      title: "<img src=x onerror=alert(1)>",
      explain: "<b>bold</b>",
      message: "n1 did <i>it</i>",
      tick: 20,
      evidence: [{ i: 3, tick: 20, node: "N1", text: "<script>1</script>" }],
      arrowKeys: [],
      indices: [3],
    };
    const el = incidentCard(spot, 0, () => {}, () => {});
    expect(el.querySelector("img, b, i, script")).toBeNull();
    expect(el.textContent).toContain("<img src=x onerror=alert(1)>");
    expect(el.querySelector(".incident-tag")?.textContent).toBe("INCIDENT");
    const board = leaderboardCard([{ rank: 1, nickname: "<b>x</b>", score: 10, stars: 1, messages: 3, classCode: null, mode: "solo", createdAt: "" }], "<b>x</b>", 5, null);
    expect(board.querySelector("b")).toBeNull();
    expect(board.textContent).toContain("#1");
  });

  it("says in words what a node could not have known", () => {
    expect(unknowableItems(horizon())).toEqual([
      "2 lost messages (nobody is told about a loss)",
      "1 message sent to N1 that had not arrived (in flight, or lost)",
      "6 things N2 did that no message had carried to N1 yet",
      "1 change in the network (partitions, slow links)",
    ]);
    const card = horizonCard(horizon(), true, 50, () => {});
    expect(card.querySelector("h2")?.textContent).toBe("You could not have known");
    expect(card.textContent).toContain("At 12.3 s, N1 could know 17 of the 50 events");
    expect(horizonCard(horizon(), false, 50, () => {}).querySelector("h2")?.textContent).toBe("N1 could not have known");
  });

  it("tabulates the ghost diff with better and worse marked for screen readers too", () => {
    const el = ghostCard({
      summary: "s",
      rows: [{ id: "score", label: "Score", you: 10, ghost: 5, delta: 5, higherIsBetter: true, verdict: "better" }],
    });
    expect(el.querySelector('[data-row="score"] .diff')?.textContent).toBe("+5 (better)");
  });

  it("shows the metrics strip with latency in game-seconds", () => {
    const el = metricsStrip({
      latency: { count: 3, meanTicks: 42, p95Ticks: 90, maxTicks: 91 },
      requests: 4,
      served: 3,
      errors: 1,
      redirects: 0,
      unanswered: 0,
      refusedActions: 1,
      messages: 50,
      yourMessages: 20,
      delivered: 40,
      dropped: 7,
      duplicated: 2,
      delayed: 1,
    });
    expect(el.querySelector('[data-metric="latency"] .metric-value')?.textContent).toBe("4.2 s");
    expect(el.querySelector('[data-metric="served"] .metric-value')?.textContent).toBe("3/4");
    expect(el.querySelector('[data-metric="dropped"] .metric-value')?.textContent).toBe("7");
    // No redirect in this game: no redirects item.
    expect(el.querySelector('[data-metric="redirects"]')).toBeNull();
  });

  it("shows redirects apart from errors in the strip, and a neutral ghost row", () => {
    const el = metricsStrip({
      latency: { count: 9, meanTicks: 10, p95Ticks: 20, maxTicks: 30 },
      requests: 9,
      served: 3,
      errors: 1,
      redirects: 5,
      unanswered: 0,
      refusedActions: 0,
      messages: 50,
      yourMessages: 20,
      delivered: 40,
      dropped: 7,
      duplicated: 2,
      delayed: 1,
    });
    expect(el.querySelector('[data-metric="errors"] .metric-value')?.textContent).toBe("1");
    expect(el.querySelector('[data-metric="redirects"] .metric-value')?.textContent).toBe("5");
    expect(el.querySelector('[data-metric="redirects"]')?.getAttribute("title")).toContain("not errors");
    const ghost = ghostCard({ summary: "s", rows: [{ id: "redirects", label: "Redirects (not errors)", you: 4, ghost: 6, delta: -2, higherIsBetter: null, verdict: "neutral" }] });
    expect(ghost.querySelector('[data-row="redirects"]')?.className).toBe("diff-neutral");
    expect(ghost.querySelector('[data-row="redirects"] .diff')?.textContent).toBe("-2 (neutral)");
  });
});

describe("debrief route and result parsing", () => {
  it("reads the result id from the address", () => {
    expect(resultIdFromHash("#debrief=abcDEF123_-xyz00")).toBe("abcDEF123_-xyz00");
    expect(resultIdFromHash("#play")).toBeNull();
    expect(resultIdFromHash(debriefHash("a b"))).toBe("a b");
  });

  it("refuses a stored result it cannot replay", () => {
    expect(parseResult(null)).toBeTypeOf("string");
    expect(parseResult({ id: "x", levelId: "l00", levelVersion: 1, seed: 1, seatNode: "N1", hash: "h", playMode: "chaos", inputs: [] })).toBe('playMode must be "guided" or "free"');
    const ok = parseResult({ id: "x", levelId: "l00", levelVersion: 1, seed: 1, seatNode: "N1", hash: "h", playMode: "free", inputs: [{ tick: 0, node: "N1", action: "$control", params: {} }] });
    expect(ok).toMatchObject({ playMode: "free", inputs: [{ tick: 0, node: "N1", action: "$control" }] });
  });
});
