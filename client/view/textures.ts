// Procedural textures: no image files to download, crisp at any size we draw them.
// Each texture is one task so the Preload bar can count them.
import Phaser from "phaser";
import { BACKGROUND, INK } from "./palette.js";
import { packetOutline } from "./packet-geometry.js";
import { PACKET_STYLES, type PacketStyle } from "./packet-styles.js";

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

function drawPacket(style: PacketStyle): (g: Phaser.GameObjects.Graphics) => void {
  return (g) => {
    const c = PACKET_SIZE / 2;
    const r = 9;
    const { points, hollow } = packetOutline(style.shape, c, c, r);
    if (hollow) {
      // A ring: the dark rim either side keeps it readable over links and nodes.
      g.lineStyle(7, BACKGROUND, 1).strokeCircle(c, c, r - 1);
      g.lineStyle(4, style.color, 1).strokeCircle(c, c, r - 1);
      return;
    }
    // A dark outline keeps the packet readable where it crosses a link or a node.
    g.fillStyle(style.color, 1).lineStyle(2.5, BACKGROUND, 1);
    if (points) {
      const corners = points.map((p) => new Phaser.Math.Vector2(p.x, p.y));
      g.fillPoints(corners, true).strokePoints(corners, true, true);
    } else {
      g.fillCircle(c, c, r).strokeCircle(c, c, r);
    }
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
