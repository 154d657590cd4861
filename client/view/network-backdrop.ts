// The calm animated network behind the menus: a few nodes, their links, and packets
// drifting along them. Now and then a packet fades out mid-link: the network is unreliable
// even on the title screen.
import Phaser from "phaser";
import { INK } from "./palette.js";
import { PACKET_STYLES } from "./packet-styles.js";
import { NODE_HALO_TEXTURE, NODE_TEXTURE } from "./textures.js";

// Node positions as fractions of the screen, so the layout survives any window size.
// The left-middle band is kept clear: the Home title and tagline sit there. On screens where a
// node still lands on the menus' text, `layout` moves it aside (see keepClear).
const NODE_LAYOUT: readonly [number, number][] = [
  [0.05, 0.1], [0.27, 0.06], [0.07, 0.92], [0.3, 0.95], [0.5, 0.18],
  [0.6, 0.58], [0.52, 0.9], [0.75, 0.86], [0.88, 0.1], [0.95, 0.52],
];
const LINKS: readonly [number, number][] = [
  [0, 1], [1, 4], [2, 3], [3, 6], [4, 5], [5, 6], [6, 7], [5, 7],
  [4, 8], [8, 9], [9, 7], [5, 9], [1, 5], [3, 5],
];
const PACKET_COUNT = 9;
const DROP_CHANCE = 0.12;

interface Packet {
  image: Phaser.GameObjects.Image;
  link: number;
  forward: boolean;
  progress: number;
  speedPerMs: number;
  dropAt: number | null;
}

export class NetworkBackdrop {
  private readonly links: Phaser.GameObjects.Graphics;
  private readonly nodes: Phaser.GameObjects.Image[] = [];
  private readonly halos: Phaser.GameObjects.Image[] = [];
  private readonly packets: Packet[] = [];
  private positions: Phaser.Math.Vector2[] = [];

  constructor(private readonly scene: Phaser.Scene) {
    this.links = scene.add.graphics();
    for (let i = 0; i < NODE_LAYOUT.length; i++) {
      const halo = scene.add.image(0, 0, NODE_HALO_TEXTURE).setAlpha(0.7);
      const node = scene.add.image(0, 0, NODE_TEXTURE).setScale(0.55).setAlpha(0.85);
      this.halos.push(halo);
      this.nodes.push(node);
      // Each node breathes on its own phase, so the picture never pulses in lockstep.
      scene.tweens.add({
        targets: halo,
        alpha: { from: 0.35, to: 0.8 },
        duration: 2600 + i * 310,
        yoyo: true,
        repeat: -1,
        ease: "Sine.easeInOut",
      });
    }
    for (let i = 0; i < PACKET_COUNT; i++) this.packets.push(this.spawn(i));
    this.layout(scene.scale.width, scene.scale.height);
    for (const packet of this.packets) packet.progress = Math.random();
  }

  /**
   * Places the nodes for a screen of this size. A node that would sit on one of `keepClear`
   * (the rectangles of text on top of the canvas, in canvas pixels) moves out of it the
   * shortest way that stays on screen, so no node or halo sits on a word.
   */
  layout(width: number, height: number, keepClear: readonly ClearRect[] = []): void {
    this.positions = NODE_LAYOUT.map(([nx, ny]) => aside(new Phaser.Math.Vector2(nx * width, ny * height), keepClear, width, height));
    this.positions.forEach((position, i) => {
      this.nodes[i]?.setPosition(position.x, position.y);
      this.halos[i]?.setPosition(position.x, position.y);
    });
    this.links.clear().lineStyle(2, INK.link, 0.9);
    for (const [a, b] of LINKS) {
      const from = this.positions[a];
      const to = this.positions[b];
      if (from && to) this.links.lineBetween(from.x, from.y, to.x, to.y);
    }
  }

  update(deltaMs: number): void {
    for (let i = 0; i < this.packets.length; i++) {
      const packet = this.packets[i];
      if (!packet) continue;
      packet.progress += packet.speedPerMs * deltaMs;
      if (packet.progress >= 1) {
        packet.image.destroy();
        this.packets[i] = this.spawn(i);
        continue;
      }
      this.place(packet);
    }
  }

  private spawn(seed: number): Packet {
    const style = PACKET_STYLES[seed % PACKET_STYLES.length] ?? PACKET_STYLES[0]!;
    const image = this.scene.add.image(0, 0, style.textureKey).setScale(0.8);
    const packet: Packet = {
      image,
      link: Math.floor(Math.random() * LINKS.length),
      forward: Math.random() < 0.5,
      progress: 0,
      // 4 to 9 seconds per link: slow enough to read as "calm".
      speedPerMs: 1 / (4000 + Math.random() * 5000),
      dropAt: Math.random() < DROP_CHANCE ? 0.35 + Math.random() * 0.3 : null,
    };
    this.place(packet);
    return packet;
  }

  private place(packet: Packet): void {
    const link = LINKS[packet.link];
    const a = link && this.positions[link[0]];
    const b = link && this.positions[link[1]];
    if (!a || !b) return;
    const [from, to] = packet.forward ? [a, b] : [b, a];
    const t = packet.progress;
    packet.image.setPosition(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t);
    // Fade in at the sender, out at the receiver; a dropped packet fades out early.
    const fadeIn = Math.min(1, t * 8);
    const fadeOut = packet.dropAt === null ? Math.min(1, (1 - t) * 8) : Math.max(0, 1 - (t - packet.dropAt) * 6);
    packet.image.setAlpha(0.9 * Math.min(fadeIn, fadeOut));
  }
}

/** A rectangle of the screen to keep free of nodes, in canvas pixels. */
export interface ClearRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Room around text for a node and its halo. */
const CLEAR_MARGIN_PX = 30;

function aside(point: Phaser.Math.Vector2, keepClear: readonly ClearRect[], width: number, height: number): Phaser.Math.Vector2 {
  for (let pass = 0; pass <= keepClear.length; pass++) {
    const hit = keepClear.find((r) => point.x > r.left - CLEAR_MARGIN_PX && point.x < r.right + CLEAR_MARGIN_PX && point.y > r.top - CLEAR_MARGIN_PX && point.y < r.bottom + CLEAR_MARGIN_PX);
    if (!hit) break;
    // The shortest way out of the rectangle that stays on screen: a wide line of text is left
    // up or down, a tall column sideways.
    const ways = [
      { x: hit.left - CLEAR_MARGIN_PX, y: point.y },
      { x: hit.right + CLEAR_MARGIN_PX, y: point.y },
      { x: point.x, y: hit.top - CLEAR_MARGIN_PX },
      { x: point.x, y: hit.bottom + CLEAR_MARGIN_PX },
    ].filter((p) => p.x >= 0 && p.x <= width && p.y >= 0 && p.y <= height);
    if (ways.length === 0) break;
    const nearest = ways.reduce((best, p) => (Math.hypot(p.x - point.x, p.y - point.y) < Math.hypot(best.x - point.x, best.y - point.y) ? p : best));
    point.set(nearest.x, nearest.y);
  }
  return point;
}
