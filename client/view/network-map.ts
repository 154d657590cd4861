// The play map (Phaser): the level's nodes in a ring, their links, the player's own node
// highlighted, and ONLY the traffic the player can know about: packets they sent leave along
// the link and fade into the fog; packets delivered to them come out of the fog and land on
// their node at the delivery tick. Spectators (and everyone after the end) see the god's view
// instead: every packet in flight at its true position. A crashed own node greys the map out.
import Phaser from "phaser";
import type { GameSnapshot, ObserverPacket } from "../net/snapshot.js";
import { along, mapScale, ringLayout, type Point, type Rect } from "./network-map-layout.js";
import { DISPLAY_LAG_TICKS, FOG_END, FOG_START, TickClock, observedProgress, receivedMotion, sentMotion } from "./packet-motion.js";
import { INK } from "./palette.js";
import { faultyLinks, type FaultyLink } from "./link-faults.js";
import { messageStyle } from "./message-styles.js";
import { NODE_DOWN_TEXTURE, NODE_HALO_TEXTURE, NODE_SELF_HALO_TEXTURE, NODE_TEXTURE } from "./textures.js";

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
const SELF_COLOR = INK.self;
/** Packets remembered per direction: older ones are long gone into the fog or landed. */
const PACKETS_MAX = 80;
/** The god's view of faulty links: red for lost (cut, one-way), amber for flaky, violet for slow. */
const FAULT_COLOR = { lost: 0xff5c5c, flaky: 0xffc04d, slow: 0xb68cff } as const;

interface NodeSprite {
  id: string;
  halo: Phaser.GameObjects.Image;
  body: Phaser.GameObjects.Image;
  ring: Phaser.GameObjects.Graphics;
  name: Phaser.GameObjects.Text;
  detail: Phaser.GameObjects.Text;
  /** Where the labels hang: below or above the node, this far from its centre. */
  anchor: { x: number; y: number; below: boolean; offset: number };
}

interface Flight {
  key: string;
  peer: string;
  type: string;
  /** Your uptime when sent (outgoing) or delivered (incoming). */
  atTicks: number;
  outgoing: boolean;
  image: Phaser.GameObjects.Image;
}

let linksTextures = 0;
/** Room around the nodes' centres in the links texture: the fog's soft band is 16 px wide. */
const LINKS_MARGIN = 20;

export class NetworkMap {
  private readonly links: Phaser.GameObjects.Graphics;
  /** The links, drawn once per layout into a texture of their own (see bakeLinks). */
  private readonly linksKey = `network-links-${linksTextures++}`;
  private linksImage: Phaser.GameObjects.Image | null = null;
  private readonly shade: Phaser.GameObjects.Rectangle;
  private readonly shadeText: Phaser.GameObjects.Text;
  private readonly nodes = new Map<string, NodeSprite>();
  private readonly flights = new Map<string, Flight>();
  private readonly observed = new Map<string, Phaser.GameObjects.Image>();
  private positions = new Map<string, Point>();
  /** Drawing size of nodes and labels for the current box (network-map-layout.ts, mapScale). */
  private scale = 1;
  private readonly uptime = new TickClock(10);
  private readonly worldTick = new TickClock(10);
  private snapshot: GameSnapshot | null = null;
  private lastUptime = -1;
  private down = false;
  /** The faulty links drawn now (god's view only), and their key to redraw only on a change. */
  private readonly faultLayer: Phaser.GameObjects.Graphics;
  private faulty: FaultyLink[] = [];
  private faultyKey = "";

  constructor(
    private readonly scene: Phaser.Scene,
    private readonly nodeIds: readonly string[],
    private readonly self: string | null,
    private readonly labels: Readonly<Record<string, string>>,
  ) {
    this.links = scene.add.graphics().setDepth(0);
    this.faultLayer = scene.add.graphics().setDepth(0.5);
    for (const id of nodeIds) this.nodes.set(id, this.makeNode(id));
    this.shade = scene.add.rectangle(0, 0, 10, 10, 0x1b1f2a, 0.72).setOrigin(0, 0).setDepth(20).setVisible(false);
    this.shadeText = scene.add
      .text(0, 0, "", { fontFamily: FONT, fontSize: "30px", fontStyle: "800", color: "#e8eefc", align: "center" })
      .setOrigin(0.5)
      .setDepth(21)
      .setVisible(false);
  }

  layout(rect: Rect): void {
    const labelLines = Object.values(this.labels).some(Boolean) ? 2 : 1;
    const k = mapScale(rect, this.nodeIds.length);
    this.scale = k;
    this.positions = ringLayout(this.nodeIds, this.self, rect, labelLines, k);
    for (const sprite of this.nodes.values()) {
      const p = this.positions.get(sprite.id);
      if (!p) continue;
      const mine = sprite.id === this.self;
      sprite.halo.setPosition(p.x, p.y).setScale((mine ? 1.15 : 0.8) * k);
      sprite.body.setPosition(p.x, p.y).setScale((mine ? 1.0 : 0.78) * k);
      sprite.name.setScale(k);
      sprite.detail.setScale(k);
      this.drawRing(sprite, p);
      sprite.anchor = { x: p.x, y: p.y, below: p.y >= rect.y + rect.height / 2 - 4, offset: (mine ? 44 : 36) * k };
      this.placeLabels(sprite);
    }
    this.shade.setPosition(0, 0).setSize(this.scene.scale.width, this.scene.scale.height);
    this.shadeText.setPosition(rect.x + rect.width / 2, rect.y + rect.height / 2);
    this.bakeLinks();
    this.drawFaults();
  }

  /**
   * The links change only with the layout, but the Canvas renderer replays every stroke of a
   * Graphics on every frame (a 32-node mesh: ~500 strokes, most of a frame on a slow CPU: the
   * stress scene went from 28-33 to 52-53 fps here). So under Canvas they are drawn once into a
   * texture just large enough for them, shown as one image. Not under WebGL: there the strokes
   * are cheap triangles, and a large blended texture cost more on a software rasterizer
   * (10-12 -> 6-7 fps).
   */
  private bakeLinks(): void {
    const points = [...this.positions.values()];
    if (this.scene.game.renderer.type !== Phaser.CANVAS || points.length === 0) {
      this.drawLinks({ x: 0, y: 0 });
      return;
    }
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    const origin = { x: Math.floor(Math.min(...xs) - LINKS_MARGIN), y: Math.floor(Math.min(...ys) - LINKS_MARGIN) };
    const width = Math.ceil(Math.max(...xs) + LINKS_MARGIN - origin.x);
    const height = Math.ceil(Math.max(...ys) + LINKS_MARGIN - origin.y);
    this.drawLinks(origin);
    const textures = this.scene.textures;
    this.linksImage?.destroy();
    if (textures.exists(this.linksKey)) textures.remove(this.linksKey);
    this.links.generateTexture(this.linksKey, width, height).setVisible(false);
    this.linksImage = this.scene.add.image(origin.x, origin.y, this.linksKey).setOrigin(0, 0).setDepth(0);
  }

  /** A new patch: learn new packets, update labels. Motion happens in update(). */
  show(snapshot: GameSnapshot, nowMs: number): void {
    this.snapshot = snapshot;
    const running = snapshot.phase === "running" && !snapshot.paused;
    this.worldTick.observe(snapshot.tick, nowMs, running, snapshot.ticksPerSecond);
    const me = snapshot.me;
    if (me) {
      // A restarted node's uptime starts again: forget flights timed on the old one.
      if (me.uptimeTicks < this.lastUptime) this.clearFlights();
      this.lastUptime = me.uptimeTicks;
      this.uptime.observe(me.uptimeTicks, nowMs, running && me.status === "up", snapshot.ticksPerSecond);
      for (const a of me.awaiting) this.addFlight(`s${a.msgId}:${a.to}`, a.to, a.type, a.sentAtUptimeTicks, true);
      for (const card of me.inbox) {
        const e = card.event;
        if (e.kind === "message") this.addFlight(`r${card.seq}`, e.from, e.type, card.uptimeTicks, false);
      }
      this.setDown(me.status === "down" ? "down" : me.status === "paused" ? "paused" : null);
    }
    this.updateLabels(snapshot);
    // Only the god's view knows which links are broken: a player's node can only notice silence.
    const faulty = snapshot.observer ? faultyLinks(snapshot.observer.activeFaults, this.nodeIds) : [];
    const key = JSON.stringify(faulty);
    if (key !== this.faultyKey) {
      this.faultyKey = key;
      this.faulty = faulty;
      this.drawFaults();
    }
  }

  /** How many faulty links the map draws now (for the browser tests). */
  faultyLinkCount(): number {
    return this.faulty.length;
  }

  /** Moves the packets; returns how many are on screen (the tests wait for some). */
  update(nowMs: number): number {
    let visible = 0;
    // Motion keeps a human pace at test speeds (more than 10 ticks a second): time is measured
    // in "map ticks" of 100 ms of real time each.
    const scale = Math.max(1, (this.snapshot?.ticksPerSecond ?? 10) / 10);
    const now = this.uptime.now(nowMs) / scale - DISPLAY_LAG_TICKS;
    const me = this.self === null ? undefined : this.positions.get(this.self);
    for (const flight of this.flights.values()) {
      const peer = this.positions.get(flight.peer);
      const motion = flight.outgoing ? sentMotion(flight.atTicks / scale, now) : receivedMotion(flight.atTicks / scale, now);
      if (!me || !peer || !motion) {
        flight.image.setVisible(false);
        continue;
      }
      const p = along(me, peer, motion.d);
      flight.image.setVisible(true).setPosition(p.x, p.y).setAlpha(motion.alpha);
      visible++;
    }
    return visible + this.updateObserved(nowMs);
  }

  destroy(): void {
    this.clearFlights();
    for (const image of this.observed.values()) image.destroy();
    this.observed.clear();
    this.linksImage?.destroy();
    this.linksImage = null;
    if (this.scene.textures.exists(this.linksKey)) this.scene.textures.remove(this.linksKey);
  }

  // ---- drawing -------------------------------------------------------------------------------

  private makeNode(id: string): NodeSprite {
    const mine = id === this.self;
    const halo = this.scene.add.image(0, 0, mine ? NODE_SELF_HALO_TEXTURE : NODE_HALO_TEXTURE).setDepth(1).setAlpha(mine ? 0.95 : 0.5);
    // Packets (depth 2.5) slide out from under the node and land beneath it.
    const body = this.scene.add.image(0, 0, NODE_TEXTURE).setDepth(3);
    const ring = this.scene.add.graphics().setDepth(3.5);
    const name = this.scene.add
      .text(0, 0, "", { fontFamily: FONT, fontSize: mine ? "22px" : "19px", fontStyle: "700", color: mine ? "#ffe08a" : INK.text, stroke: "#0b1224", strokeThickness: 5, align: "center", lineSpacing: -2 })
      .setDepth(6);
    const detail = this.scene.add
      .text(0, 0, "", { fontFamily: FONT, fontSize: "16px", color: INK.textMuted, stroke: "#0b1224", strokeThickness: 4 })
      .setDepth(6);
    if (mine) {
      this.scene.tweens.add({ targets: halo, alpha: { from: 0.65, to: 1 }, duration: 1400, yoyo: true, repeat: -1, ease: "Sine.easeInOut" });
    }
    return { id, halo, body, ring, name, detail, anchor: { x: 0, y: 0, below: true, offset: 36 } };
  }

  /** Name then detail, outward from the node (below it in the lower half, above it in the upper). */
  private placeLabels(sprite: NodeSprite): void {
    const { x, y, below, offset } = sprite.anchor;
    const nameY = below ? y + offset : y - offset;
    const gap = sprite.name.displayHeight + 2;
    sprite.name.setPosition(x, nameY).setOrigin(0.5, below ? 0 : 1);
    sprite.detail.setPosition(x, below ? nameY + gap : nameY - gap).setOrigin(0.5, below ? 0 : 1);
  }

  private drawRing(sprite: NodeSprite, p: Point): void {
    sprite.ring.clear();
    // Only your node has a ring; an empty Graphics still costs a draw-batch switch per frame.
    sprite.ring.setVisible(sprite.id === this.self);
    if (sprite.id !== this.self) return;
    sprite.ring.lineStyle(4, SELF_COLOR, 1).strokeCircle(p.x, p.y, 40 * this.scale);
    sprite.ring.lineStyle(2, SELF_COLOR, 0.4).strokeCircle(p.x, p.y, 48 * this.scale);
  }

  /** Draws the links with every point moved by -origin (the corner of the baked texture). */
  private drawLinks(origin: Point): void {
    const g = this.links.clear();
    const ids = this.nodeIds;
    const self = this.self;
    const positions = new Map([...this.positions].map(([id, p]) => [id, { x: p.x - origin.x, y: p.y - origin.y }]));
    // Links between other nodes: there, but you never see their traffic.
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        if (ids[i] === self || ids[j] === self) continue;
        const a = positions.get(ids[i]!);
        const b = positions.get(ids[j]!);
        if (a && b) g.lineStyle(2, INK.link, 0.55).lineBetween(a.x, a.y, b.x, b.y);
      }
    }
    if (self === null) {
      return;
    }
    const me = positions.get(self);
    if (!me) return;
    // Your links: bright near you, fading into the fog where your knowledge ends.
    const steps = 24;
    for (const id of ids) {
      if (id === self) continue;
      const peer = positions.get(id);
      if (!peer) continue;
      for (let s = 0; s < steps; s++) {
        const d0 = s / steps;
        const d1 = (s + 1) / steps;
        const mid = (d0 + d1) / 2;
        const fog = mid < FOG_START ? 0 : mid > FOG_END ? 1 : (mid - FOG_START) / (FOG_END - FOG_START);
        const a = along(me, peer, d0);
        const b = along(me, peer, d1);
        g.lineStyle(4 - fog * 1.5, INK.linkBright, 0.95 - fog * 0.6).lineBetween(a.x, a.y, b.x, b.y);
      }
      // The fog itself: a soft band across the link.
      const f = along(me, peer, (FOG_START + FOG_END) / 2);
      g.fillStyle(0x9fb0d0, 0.05).fillCircle(f.x, f.y, 16);
      g.fillStyle(0x9fb0d0, 0.04).fillCircle(f.x, f.y, 9);
    }
  }

  /**
   * Cut: a red dashed line with a cross in the middle. One-way: red dashes from the node whose
   * messages are lost to a cross at the middle; the working half stays as it was. Flaky and
   * slow: short amber or violet dashes over the whole link.
   */
  private drawFaults(): void {
    const g = this.faultLayer.clear();
    const k = this.scale;
    for (const link of this.faulty) {
      const a = this.positions.get(link.a);
      const b = this.positions.get(link.b);
      if (!a || !b) continue;
      if (link.look === "cut") {
        dashed(g, a, b, 4 * k, FAULT_COLOR.lost, 12 * k, 8 * k);
        cross(g, along(a, b, 0.5), 9 * k, FAULT_COLOR.lost);
      } else if (link.look === "one-way") {
        const from = link.blockedFrom === link.b ? b : a;
        const to = from === a ? b : a;
        const mid = along(from, to, 0.5);
        dashed(g, from, mid, 4 * k, FAULT_COLOR.lost, 12 * k, 8 * k);
        cross(g, mid, 9 * k, FAULT_COLOR.lost);
      } else {
        dashed(g, a, b, 3 * k, link.look === "flaky" ? FAULT_COLOR.flaky : FAULT_COLOR.slow, 5 * k, 7 * k);
      }
    }
  }

  private updateLabels(snapshot: GameSnapshot): void {
    const me = snapshot.me;
    const tps = 10; // a game-second is 10 ticks whatever the speed
    for (const sprite of this.nodes.values()) {
      const seat = snapshot.seats.find((s) => s.node === sprite.id);
      const label = this.labels[sprite.id];
      const mine = sprite.id === this.self;
      // Id (and who holds it) on the first line, the level's label for the node on the second:
      // one long line per node collided with its neighbours' on a crowded ring.
      let first = sprite.id;
      if (mine) first = `${first} · YOU`;
      else if (seat && seat.status !== "open" && seat.nickname) first = `${first} · ${seat.nickname}`;
      sprite.name.setText(label ? `${first}\n${label}` : first);
      let detail = "";
      if (mine && me) {
        const role = typeof me.state.role === "string" ? me.state.role : "";
        const term = typeof me.state.currentTerm === "number" ? `term ${me.state.currentTerm}` : "";
        detail = [role, term].filter(Boolean).join(" · ");
      } else if (me) {
        const heard = me.lastHeard[sprite.id];
        detail = heard === null || heard === undefined ? "silent so far" : `heard ${formatAgo(me.uptimeTicks - heard, tps)} ago`;
      } else if (snapshot.observer) {
        const node = snapshot.observer.nodes.find((n) => n.id === sprite.id);
        if (node) {
          const role = typeof node.state.role === "string" ? node.state.role : node.role;
          const term = typeof node.state.currentTerm === "number" ? ` · term ${node.state.currentTerm}` : "";
          detail = `${node.status === "up" ? role : node.status}${term}`;
        }
      }
      sprite.detail.setText(detail);
      const observedDown = snapshot.observer?.nodes.find((n) => n.id === sprite.id)?.status === "down";
      const grey = (mine && me?.status === "down") || (this.self === null && observedDown);
      const bodyTexture = grey ? NODE_DOWN_TEXTURE : NODE_TEXTURE;
      if (sprite.body.texture.key !== bodyTexture) sprite.body.setTexture(bodyTexture);
      // setColor redraws the text's canvas even for the same colour: only on a change.
      const detailColor = mine && role(me?.state) === "leader" ? "#ffe08a" : INK.textMuted;
      if (sprite.detail.style.color !== detailColor) sprite.detail.setColor(detailColor);
      this.placeLabels(sprite);
    }
  }

  private addFlight(key: string, peer: string, type: string, atTicks: number, outgoing: boolean): void {
    if (this.flights.has(key) || !this.positions.has(peer)) return;
    const style = messageStyle(type);
    const image = this.scene.add.image(0, 0, style.textureKey).setDepth(2.5).setScale(1.05).setVisible(false);
    this.flights.set(key, { key, peer, type, atTicks, outgoing, image });
    if (this.flights.size > PACKETS_MAX * 2) {
      const oldest = this.flights.keys().next().value;
      if (oldest !== undefined) {
        this.flights.get(oldest)?.image.destroy();
        this.flights.delete(oldest);
      }
    }
  }

  private clearFlights(): void {
    for (const flight of this.flights.values()) flight.image.destroy();
    this.flights.clear();
  }

  private updateObserved(nowMs: number): number {
    const packets: readonly ObserverPacket[] = this.snapshot?.observer?.packets ?? [];
    const showAll = this.self === null && this.snapshot?.phase === "running";
    const now = this.worldTick.now(nowMs);
    const seen = new Set<string>();
    if (showAll) {
      for (const packet of packets) {
        const key = `${packet.msgId}:${packet.copy}`;
        const t = observedProgress(packet.sentTick, packet.deliverTick, now);
        const a = this.positions.get(packet.from);
        const b = this.positions.get(packet.to);
        if (t === null || !a || !b) continue;
        seen.add(key);
        let image = this.observed.get(key);
        if (!image) {
          image = this.scene.add.image(0, 0, messageStyle(packet.type).textureKey).setDepth(4).setScale(0.95);
          this.observed.set(key, image);
        }
        const p = along(a, b, t);
        image.setPosition(p.x, p.y).setAlpha(1);
      }
    }
    for (const [key, image] of this.observed) {
      if (seen.has(key)) continue;
      image.destroy();
      this.observed.delete(key);
    }
    return seen.size;
  }

  private setDown(kind: "down" | "paused" | null): void {
    const down = kind !== null;
    if (down === this.down && this.shadeText.text === shadeText(kind)) return;
    this.down = down;
    this.shade.setVisible(down).setFillStyle(kind === "paused" ? 0x16233f : 0x1b1f2a, kind === "paused" ? 0.55 : 0.72);
    this.shadeText.setVisible(down).setText(shadeText(kind));
    this.shadeText.setColor(kind === "paused" ? "#7cc8f2" : "#ff8a5c");
  }
}

function shadeText(kind: "down" | "paused" | null): string {
  if (kind === "down") return "YOUR NODE CRASHED\nRAM is gone · disk survived\nwaiting to restart…";
  if (kind === "paused") return "FROZEN\n(a long pause: nothing happens until you wake)";
  return "";
}

function role(state: Record<string, unknown> | undefined): string {
  return typeof state?.role === "string" ? state.role : "";
}

/** Ticks of uptime -> "2.4 s" in game-seconds. */
function dashed(g: Phaser.GameObjects.Graphics, a: Point, b: Point, width: number, color: number, dash: number, gap: number): void {
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  if (length === 0) return;
  g.lineStyle(width, color, 0.95);
  for (let d = 0; d < length; d += dash + gap) {
    const p = along(a, b, d / length);
    const q = along(a, b, Math.min(length, d + dash) / length);
    g.lineBetween(p.x, p.y, q.x, q.y);
  }
}

function cross(g: Phaser.GameObjects.Graphics, p: Point, r: number, color: number): void {
  g.fillStyle(0x0b1224, 0.9).fillCircle(p.x, p.y, r + 5);
  g.lineStyle(4, color, 1).lineBetween(p.x - r, p.y - r, p.x + r, p.y + r).lineBetween(p.x - r, p.y + r, p.x + r, p.y - r);
}

export function formatAgo(ticks: number, ticksPerGameSecond = 10): string {
  const seconds = Math.max(0, ticks) / ticksPerGameSecond;
  return seconds < 10 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds)} s`;
}
