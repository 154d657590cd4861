// The diagram's screen arithmetic: lanes across, time down, zoom around a point, fit.
import { describe, expect, it } from "vitest";
import { distanceToSegment, HEADER_HEIGHT, rulerStepTicks, RULER_WIDTH, SpaceTimeLayout } from "../../../client/view/space-time-layout.js";

describe("space-time layout", () => {
  const layout = (): SpaceTimeLayout => {
    const l = new SpaceTimeLayout(4, 1000);
    l.setRect({ x: 0, y: 0, width: RULER_WIDTH + 10 + 400, height: HEADER_HEIGHT + 14 + 500 });
    return l;
  };

  it("puts lanes in the middle of equal columns and time running down", () => {
    const l = layout();
    expect(l.laneWidth).toBe(100);
    expect(l.laneX(0)).toBe(RULER_WIDTH + 50);
    expect(l.laneX(1.5)).toBe(RULER_WIDTH + 200);
    expect(l.tickY(0)).toBe(HEADER_HEIGHT);
    expect(l.tickY(1000)).toBe(HEADER_HEIGHT + 500);
    expect(l.yToTick(l.tickY(321))).toBeCloseTo(321);
    expect(l.laneAt(RULER_WIDTH + 250)).toBe(2);
    expect(l.laneAt(5)).toBeNull();
  });

  it("zooms around a tick, keeps it in place, and fits back", () => {
    const l = layout();
    const y = l.tickY(400);
    l.zoom(4, 400);
    expect(l.endTick - l.startTick).toBe(250);
    expect(l.tickY(400)).toBeCloseTo(y);
    l.zoom(1000, 400);
    expect(l.endTick - l.startTick).toBe(20);
    l.fit();
    expect([l.startTick, l.endTick]).toEqual([0, 1000]);
    l.focus(990, 100);
    expect([l.startTick, l.endTick]).toEqual([900, 1000]);
    l.ensureVisible(100);
    expect(l.startTick).toBeLessThanOrEqual(100);
  });

  it("chooses readable ruler steps and measures distance to an arrow", () => {
    expect(rulerStepTicks(0.5)).toBe(100);
    expect(rulerStepTicks(10)).toBe(5);
    expect(distanceToSegment(5, 5, 0, 0, 10, 0)).toBe(5);
    expect(distanceToSegment(-3, 4, 0, 0, 10, 0)).toBe(5);
  });
});
