// The play map draws smaller in a small box (a phone) and on a crowded ring, so a ring's labels
// do not pile up.
import { describe, expect, it } from "vitest";
import { mapScale, ringLayout } from "../../../client/view/network-map-layout.js";

describe("mapScale", () => {
  it("is full size on a laptop's map box and smaller on a phone's, never below 0.55", () => {
    expect(mapScale({ x: 0, y: 0, width: 600, height: 420 })).toBe(1);
    const phone = mapScale({ x: 0, y: 0, width: 380, height: 220 });
    expect(phone).toBeLessThan(1);
    expect(phone).toBeGreaterThanOrEqual(0.55);
    expect(mapScale({ x: 0, y: 0, width: 100, height: 80 })).toBe(0.55);
  });

  it("draws a ring of more than six nodes smaller (l02's eleven), and leaves six or fewer alone", () => {
    const laptop = { x: 0, y: 0, width: 600, height: 420 };
    expect(mapScale(laptop, 5)).toBe(1);
    expect(mapScale(laptop, 6)).toBe(1);
    expect(mapScale(laptop, 11)).toBeCloseTo(Math.sqrt(6 / 11), 5);
    expect(mapScale({ x: 0, y: 0, width: 100, height: 80 }, 11)).toBe(0.55);
  });

  it("keeps a five-node ring inside a phone-sized box", () => {
    const rect = { x: 10, y: 20, width: 380, height: 220 };
    const at = ringLayout(["N1", "N2", "N3", "N4", "N5"], "N1", rect, 2, mapScale(rect));
    for (const p of at.values()) {
      expect(p.x).toBeGreaterThan(rect.x);
      expect(p.x).toBeLessThan(rect.x + rect.width);
      expect(p.y).toBeGreaterThan(rect.y);
      expect(p.y).toBeLessThan(rect.y + rect.height);
    }
  });
});
