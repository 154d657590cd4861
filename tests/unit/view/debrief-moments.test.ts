import { describe, expect, it } from "vitest";
import { debriefMoments, momentAt } from "../../../shared/view/debrief-moments.js";

const spot = (tick: number, title: string, node: string | null) => ({ tick, title, evidence: [{ i: 1, tick, node, text: "" }] }) as any;

describe("the debrief's moments, for the projector", () => {
  it("start with the whole game, then incidents, findings, card moments and nemesis moves in time order", () => {
    const moments = debriefMoments({
      spotlights: [spot(300, "Two leaders", "N2")],
      observed: [spot(120, "Two leaseholders", "N1")],
      protocolDebrief: { marks: [], cards: [{ title: "Round 2", lines: [], tick: 200 }, { title: "No moment", lines: [] }] },
      nemesis: { moves: [{ input: 0, tick: 50, by: "Max", fault: { kind: "crash", atTick: 50, node: "N3" }, cost: 3, endTick: 130 }] } as any,
      spaceTime: { bands: [{ startTick: 50, label: "N3 down", cutOff: ["N3"] }, { startTick: 250, label: "split: N1 N2 | N3", cutOff: ["N1", "N2"] }] as any },
    });
    expect(moments.map((m) => [m.tick, m.node ?? null])).toEqual([
      [null, null],
      [50, "N3"],
      [120, "N1"],
      [200, null],
      [250, "N1"],
      [300, "N2"],
    ]);
    expect(moments[1]!.text).toBe("5.0 s · The nemesis (Max): crash");
    expect(moments[5]!.text).toMatch(/Incident: Two leaders$/);
  });

  it("wraps steps around, and a game with nothing to show is just the whole game", () => {
    const only = debriefMoments({ spotlights: [], observed: [], protocolDebrief: { marks: [], cards: [] }, nemesis: null, spaceTime: { bands: [] } });
    expect(only).toEqual([{ tick: null, text: "The whole game" }]);
    expect(momentAt(only, 7).caption).toBe("Moment 1 of 1: The whole game");
    const two = [...only, { tick: 10, text: "x" }];
    expect(momentAt(two, 3).moment.tick).toBe(10);
    expect(momentAt(two, -1).moment.tick).toBe(10);
  });
});
