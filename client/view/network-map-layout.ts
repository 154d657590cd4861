// Where the nodes sit on the play map: a ring, with the player's own node at the bottom
// centre (closest to their panels and always in the same place). Pure: no Phaser.

/** Height of one more line of a node's label, in pixels. */
const LABEL_LINE_PX = 22;

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The box a full-size map needs (nodes, labels, links): smaller boxes draw it smaller. */
const FULL_SIZE_PX = { width: 520, height: 340 };
const SMALLEST_SCALE = 0.55;
/** Up to this many nodes a ring has room for full-size labels. */
const CROWD_FROM_NODES = 6;

/**
 * How large to draw nodes and labels in `rect`: 1 on a laptop, down to 0.55 on a phone, so
 * the labels of a five-node ring do not pile on top of each other in a small box; smaller again
 * on a ring of more than six nodes.
 */
export function mapScale(rect: Rect, nodeCount = 0): number {
  const fit = Math.min(1, Math.max(SMALLEST_SCALE, Math.min(rect.width / FULL_SIZE_PX.width, rect.height / FULL_SIZE_PX.height)));
  // A crowded ring (l02 has 11 nodes) draws smaller still: neighbours sit closer than the labels
  // are tall, and the lower half's labels ran into each other at full size.
  const crowd = nodeCount > CROWD_FROM_NODES ? Math.sqrt(CROWD_FROM_NODES / nodeCount) : 1;
  return Math.max(SMALLEST_SCALE, fit * crowd);
}

/**
 * Node ids in level order -> positions on a ring inside `rect`. `self` (if any) is rotated to
 * the bottom; the others follow clockwise in level order, so every player of a team game sees
 * the same neighbours on the same side.
 */
export function ringLayout(nodeIds: readonly string[], self: string | null, rect: Rect, labelLines = 1, scale = 1): Map<string, Point> {
  const out = new Map<string, Point>();
  const n = nodeIds.length;
  if (n === 0) return out;
  const cx = rect.x + rect.width / 2;
  // Your node's labels hang below it: shift the ring up a little to make room.
  const cy = rect.y + rect.height / 2 - 10 * scale;
  // An ellipse that fills the box, leaving room for the labels around each node.
  const rx = Math.max(40 * scale, Math.min(rect.width / 2 - 100 * scale, rect.height * 0.75));
  // Labels of more than one line (a node's role under its id) need more room above and below.
  const ry = Math.max(40 * scale, rect.height / 2 - (80 + (labelLines - 1) * LABEL_LINE_PX) * scale);
  const start = Math.max(0, self === null ? 0 : nodeIds.indexOf(self));
  for (let i = 0; i < n; i++) {
    const id = nodeIds[(start + i) % n]!;
    if (n === 1) {
      out.set(id, { x: cx, y: cy });
      continue;
    }
    // Bottom (pi/2) first, then clockwise on screen (increasing angle goes clockwise with y down).
    const angle = Math.PI / 2 + (i * 2 * Math.PI) / n;
    // A two-node level reads better side by side than top and bottom.
    const a = n === 2 ? Math.PI + i * Math.PI : angle;
    out.set(id, { x: cx + rx * Math.cos(a), y: cy + (n === 2 ? 0 : ry * Math.sin(a)) });
  }
  return out;
}

/** A point `d` of the way from a to b. */
export function along(a: Point, b: Point, d: number): Point {
  return { x: a.x + (b.x - a.x) * d, y: a.y + (b.y - a.y) * d };
}
