// Low-level drawing helpers for the space-time diagram: shapes per message type, dashes,
// hatching, crosses. Phaser Graphics only (WebGL-safe in Phaser 4: no masks, no canvas APIs).
import Phaser from "phaser";
import { packetOutline } from "./packet-geometry.js";
import type { PacketShape } from "./packet-styles.js";

type G = Phaser.GameObjects.Graphics;

/** A packet glyph with a dark rim, so it reads on top of lines (a ring is stroked in its colour). */
export function drawShape(g: G, shape: PacketShape, x: number, y: number, r: number, color: number, alpha: number, rim: number): void {
  const { points, hollow } = packetOutline(shape, x, y, r);
  if (hollow) {
    g.lineStyle(Math.max(3, r * 0.9), rim, alpha).strokeCircle(x, y, r * 0.85);
    g.lineStyle(Math.max(2, r * 0.5), color, alpha).strokeCircle(x, y, r * 0.85);
    return;
  }
  g.fillStyle(color, alpha).lineStyle(Math.max(1.5, r / 3), rim, alpha);
  if (points) {
    const corners = points.map((p) => new Phaser.Math.Vector2(p.x, p.y));
    g.fillPoints(corners, true).strokePoints(corners, true, true);
  } else {
    g.fillCircle(x, y, r).strokeCircle(x, y, r);
  }
}

export function dashedLine(g: G, x0: number, y0: number, x1: number, y1: number, dash: number, gap: number): void {
  const len = Math.hypot(x1 - x0, y1 - y0);
  if (len === 0) return;
  const ux = (x1 - x0) / len;
  const uy = (y1 - y0) / len;
  for (let d = 0; d < len; d += dash + gap) {
    const e = Math.min(len, d + dash);
    g.lineBetween(x0 + ux * d, y0 + uy * d, x0 + ux * e, y0 + uy * e);
  }
}

/** Diagonal hatching inside a rectangle (pauses: the node is frozen). */
export function hatch(g: G, x: number, y: number, w: number, h: number, spacing: number): void {
  if (w <= 0 || h <= 0) return;
  // Lines of slope -1: x + y = c, for c from (x + y) to (x + w + y + h).
  for (let c = x + y + spacing; c < x + w + y + h; c += spacing) {
    const xa = Math.max(x, c - (y + h));
    const xb = Math.min(x + w, c - y);
    if (xb <= xa) continue;
    g.lineBetween(xa, c - xa, xb, c - xb);
  }
}

export function cross(g: G, x: number, y: number, r: number): void {
  g.lineBetween(x - r, y - r, x + r, y + r);
  g.lineBetween(x - r, y + r, x + r, y - r);
}

export function arrowHead(g: G, x0: number, y0: number, x1: number, y1: number, size: number): void {
  const a = Math.atan2(y1 - y0, x1 - x0);
  const spread = 0.45;
  g.fillTriangle(
    x1,
    y1,
    x1 - size * Math.cos(a - spread),
    y1 - size * Math.sin(a - spread),
    x1 - size * Math.cos(a + spread),
    y1 - size * Math.sin(a + spread),
  );
}

/**
 * Clip the segment (x0,t0)-(x1,t1) to the visible ticks [start, end]; null when it is all
 * outside. Returns the clipped ends in the same (x, tick) space.
 */
export function clipToWindow(x0: number, t0: number, x1: number, t1: number, start: number, end: number): [number, number, number, number] | null {
  if ((t0 < start && t1 < start) || (t0 > end && t1 > end)) return null;
  const lerp = (t: number): number => (t1 === t0 ? x0 : x0 + ((x1 - x0) * (t - t0)) / (t1 - t0));
  const ta = Math.max(start, Math.min(t0, t1));
  const tb = Math.min(end, Math.max(t0, t1));
  if (t0 <= t1) return [lerp(ta), ta, lerp(tb), tb];
  return [lerp(tb), tb, lerp(ta), ta];
}
