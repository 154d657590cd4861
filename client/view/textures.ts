// Procedural textures: no image files to download, crisp at any size we draw them.
// Each texture is one task so the Preload bar can count them.
import Phaser from "phaser";
import { BACKGROUND, INK } from "./palette.js";
import { PACKET_STYLES, type PacketShape, type PacketStyle } from "./packet-styles.js";

export const NODE_TEXTURE = "node";
export const NODE_DOWN_TEXTURE = "node-down";
export const NODE_HALO_TEXTURE = "node-halo";
export const NODE_SELF_HALO_TEXTURE = "node-halo-self";

const NODE_SIZE = 64;
const HALO_SIZE = 160;
const PACKET_SIZE = 28;

export interface TextureTask {
  label: string;
  run(scene: Phaser.Scene): void;
}

function bake(scene: Phaser.Scene, key: string, size: number, draw: (g: Phaser.GameObjects.Graphics) => void): void {
  if (scene.textures.exists(key)) return;
  const g = scene.make.graphics({}, false);
  draw(g);
  g.generateTexture(key, size, size);
  g.destroy();
}

// Variants (crashed node, your own glow) are textures of their own rather than tints: the
// Canvas renderer, which the game uses on software GL, cannot tint.
function drawNode(body: number, rim: number, core: number): (g: Phaser.GameObjects.Graphics) => void {
  return (g) => {
    const c = NODE_SIZE / 2;
    g.fillStyle(body, 1).fillCircle(c, c, c - 3);
    g.lineStyle(4, rim, 1).strokeCircle(c, c, c - 4);
    g.fillStyle(core, 0.9).fillCircle(c, c, 7);
  };
}

function drawHalo(color: number, alpha: number): (g: Phaser.GameObjects.Graphics) => void {
  // Concentric low-alpha discs approximate a radial glow without a shader.
  return (g) => {
    const c = HALO_SIZE / 2;
    for (let r = c; r > 0; r -= 4) g.fillStyle(color, alpha).fillCircle(c, c, r);
  };
}

function polygon(sides: number, radius: number, c: number, rotation: number): Phaser.Math.Vector2[] {
  const points: Phaser.Math.Vector2[] = [];
  for (let i = 0; i < sides; i++) {
    const angle = rotation + (i * 2 * Math.PI) / sides;
    points.push(new Phaser.Math.Vector2(c + radius * Math.cos(angle), c + radius * Math.sin(angle)));
  }
  return points;
}

function starPoints(c: number, outer: number, inner: number): Phaser.Math.Vector2[] {
  const points: Phaser.Math.Vector2[] = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? outer : inner;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    points.push(new Phaser.Math.Vector2(c + radius * Math.cos(angle), c + radius * Math.sin(angle)));
  }
  return points;
}

function shapePoints(shape: PacketShape, c: number, r: number): Phaser.Math.Vector2[] | null {
  switch (shape) {
    case "circle":
      return null;
    case "square":
      return polygon(4, r * 1.2, c, Math.PI / 4);
    case "triangle":
      return polygon(3, r * 1.25, c, -Math.PI / 2);
    case "diamond":
      return polygon(4, r * 1.25, c, 0);
    case "hexagon":
      return polygon(6, r * 1.1, c, 0);
    case "star":
      return starPoints(c, r * 1.3, r * 0.6);
  }
}

function drawPacket(style: PacketStyle): (g: Phaser.GameObjects.Graphics) => void {
  return (g) => {
    const c = PACKET_SIZE / 2;
    const r = 9;
    const points = shapePoints(style.shape, c, r);
    // A dark outline keeps the packet readable where it crosses a link or a node.
    g.fillStyle(style.color, 1).lineStyle(2.5, BACKGROUND, 1);
    if (points) g.fillPoints(points, true).strokePoints(points, true, true);
    else g.fillCircle(c, c, r).strokeCircle(c, c, r);
  };
}

export const TEXTURE_TASKS: readonly TextureTask[] = [
  { label: "nodes", run: (scene) => bake(scene, NODE_TEXTURE, NODE_SIZE, drawNode(INK.node, INK.nodeRim, INK.nodeCore)) },
  { label: "crashed nodes", run: (scene) => bake(scene, NODE_DOWN_TEXTURE, NODE_SIZE, drawNode(INK.nodeDown, INK.nodeDownRim, INK.nodeDownCore)) },
  { label: "node glow", run: (scene) => bake(scene, NODE_HALO_TEXTURE, HALO_SIZE, drawHalo(INK.nodeRim, 0.018)) },
  { label: "your glow", run: (scene) => bake(scene, NODE_SELF_HALO_TEXTURE, HALO_SIZE, drawHalo(INK.self, 0.02)) },
  ...PACKET_STYLES.map((style) => ({
    label: `${style.shape} packets`,
    run: (scene: Phaser.Scene) => bake(scene, style.textureKey, PACKET_SIZE, drawPacket(style)),
  })),
];
