// The outline of each packet shape, once for every renderer: the map's textures, the
// space-time diagram, and the DOM panels' SVG icons all draw from these points. Pure: no Phaser.
import type { PacketShape } from "./packet-styles.js";

export interface Outline {
  /** Polygon corners around (cx, cy); null draws a circle of radius r. */
  points: { x: number; y: number }[] | null;
  /** A ring: the outline is stroked in the packet's colour, not filled. */
  hollow: boolean;
}

function polygon(sides: number, radius: number, cx: number, cy: number, rotation: number): { x: number; y: number }[] {
  return Array.from({ length: sides }, (_, i) => {
    const angle = rotation + (i * 2 * Math.PI) / sides;
    return { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) };
  });
}

function star(cx: number, cy: number, outer: number, inner: number): { x: number; y: number }[] {
  return Array.from({ length: 10 }, (_, i) => {
    const radius = i % 2 === 0 ? outer : inner;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    return { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) };
  });
}

/** A plus sign with arms `t` thick (as a fraction of r). */
function cross(cx: number, cy: number, r: number, t: number): { x: number; y: number }[] {
  const a = r;
  const b = r * t;
  const corners: [number, number][] = [
    [-b, -a], [b, -a], [b, -b], [a, -b], [a, b], [b, b],
    [b, a], [-b, a], [-b, b], [-a, b], [-a, -b], [-b, -b],
  ];
  return corners.map(([x, y]) => ({ x: cx + x, y: cy + y }));
}

/** The outline of `shape` centred on (cx, cy), sized so every shape looks as big as a circle of r. */
export function packetOutline(shape: PacketShape, cx: number, cy: number, r: number): Outline {
  const filled = (points: { x: number; y: number }[] | null): Outline => ({ points, hollow: false });
  switch (shape) {
    case "circle":
      return filled(null);
    case "ring":
      return { points: null, hollow: true };
    case "square":
      return filled(polygon(4, r * 1.2, cx, cy, Math.PI / 4));
    case "triangle":
      return filled(polygon(3, r * 1.3, cx, cy, -Math.PI / 2));
    case "triangle-down":
      return filled(polygon(3, r * 1.3, cx, cy, Math.PI / 2));
    case "diamond":
      return filled(polygon(4, r * 1.3, cx, cy, 0));
    case "pentagon":
      return filled(polygon(5, r * 1.15, cx, cy, -Math.PI / 2));
    case "hexagon":
      return filled(polygon(6, r * 1.12, cx, cy, 0));
    case "star":
      return filled(star(cx, cy, r * 1.4, r * 0.62));
    case "cross":
      return filled(cross(cx, cy, r * 1.2, 0.38));
  }
}
