// Stress: the REAL play map (NetworkMap in the god's view, as a spectator sees it) fed with
// synthetic patches, so the frame rate of the game's own drawing code can be measured with many
// nodes and packets (tests/bench/client.bench.ts). Opened by `/#stress=<nodes>x<packets>`
// (client/stress-route.ts); never reachable from the menus.
//
// Traffic: 10 patches a game-second, like the server. Every patch retires the packets about to
// land and sends as many new ones, so exactly `packets` are always in flight, on random links.
import Phaser from "phaser";
import type { GameSnapshot, ObserverNode, ObserverPacket } from "../net/snapshot.js";
import { assignMessageStyles } from "../view/message-styles.js";
import { NetworkMap } from "../view/network-map.js";
import { TEXTURE_TASKS } from "../view/textures.js";

export interface StressOptions {
  nodes: number;
  packets: number;
}

/** What the bench reads from the page (window.splitBrainStress). */
export interface StressStats {
  nodes: number;
  packets: number;
  renderer: "WEBGL" | "CANVAS" | "HEADLESS";
  /** True from the first drawn frame with all packets in flight. */
  ready: boolean;
  /** Packets drawn in the last frame, and the fewest / most since `resetWindow()`. */
  visible: number;
  minVisible: number;
  maxVisible: number;
  resetWindow(): void;
}

declare global {
  interface Window {
    splitBrainStress?: StressStats;
  }
}

const TICKS_PER_SECOND = 10;
const TICK_MS = 1000 / TICKS_PER_SECOND;
/** Message types of a Raft-like protocol: six types, so all six packet shapes are on screen. */
const TYPES = ["RequestVote", "Vote", "AppendEntries", "Ack", "Rumor", "Reaction"];
/** Flight time in ticks: 0.4 to 2 game-seconds, like the levels' delays. */
const FLIGHT_MIN = 4;
const FLIGHT_SPREAD = 16;

/** Small deterministic PRNG (mulberry32): the same traffic on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Stress extends Phaser.Scene {
  private map: NetworkMap | null = null;
  private readonly random = prng(0x5b1175);
  private ids: string[] = [];
  private observerNodes: ObserverNode[] = [];
  private packets: ObserverPacket[] = [];
  private nextMsgId = 1;
  private startMs = 0;
  private tick = -1;
  private stats: StressStats | null = null;

  constructor(private readonly options: StressOptions) {
    super("Stress");
  }

  create(): void {
    for (const task of TEXTURE_TASKS) task.run(this);
    assignMessageStyles(TYPES);
    this.ids = Array.from({ length: this.options.nodes }, (_, i) => `N${i + 1}`);
    this.observerNodes = this.ids.map((id) => ({ id, role: "follower", status: "up", state: {} }));
    const map = new NetworkMap(this, this.ids, null, {});
    this.map = map;
    const layout = (): void => map.layout({ x: 0, y: 0, width: this.scale.width, height: this.scale.height });
    layout();
    this.scale.on("resize", layout);
    const renderer = this.game.renderer?.type;
    const stats: StressStats = {
      nodes: this.options.nodes,
      packets: this.options.packets,
      renderer: renderer === Phaser.WEBGL ? "WEBGL" : renderer === Phaser.CANVAS ? "CANVAS" : "HEADLESS",
      ready: false,
      visible: 0,
      minVisible: Infinity,
      maxVisible: 0,
      resetWindow: () => {
        stats.minVisible = Infinity;
        stats.maxVisible = 0;
      },
    };
    this.stats = stats;
    window.splitBrainStress = stats;
    this.startMs = performance.now();
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      this.scale.off("resize", layout);
      map.destroy();
      this.map = null;
    });
  }

  override update(): void {
    const map = this.map;
    const stats = this.stats;
    if (!map || !stats) return;
    const now = performance.now();
    // From 1: the map's tick clock starts at a reading of 0 and would not take it as new.
    const tick = 1 + Math.floor((now - this.startMs) / TICK_MS);
    if (tick !== this.tick) {
      this.tick = tick;
      this.advance(tick);
      map.show(this.snapshot(tick), now);
    }
    const visible = map.update(now);
    stats.visible = visible;
    stats.minVisible = Math.min(stats.minVisible, visible);
    stats.maxVisible = Math.max(stats.maxVisible, visible);
    if (visible >= this.options.packets) stats.ready = true;
  }

  /** Retires packets landing before the next patch and sends as many new ones from `tick`. */
  private advance(tick: number): void {
    // A packet stays drawn until its deliver tick; the map's clock runs at most one tick past
    // this patch before the next one, so keeping deliverTick > tick + 1 keeps all of them drawn.
    const kept = this.packets.filter((p) => p.deliverTick > tick + 1);
    const n = this.ids.length;
    while (kept.length < this.options.packets && n >= 2) {
      const from = Math.floor(this.random() * n);
      const to = (from + 1 + Math.floor(this.random() * (n - 1))) % n;
      kept.push({
        msgId: this.nextMsgId++,
        from: this.ids[from]!,
        to: this.ids[to]!,
        type: TYPES[Math.floor(this.random() * TYPES.length)]!,
        copy: 0,
        sentTick: tick,
        deliverTick: tick + FLIGHT_MIN + Math.floor(this.random() * FLIGHT_SPREAD),
      });
    }
    this.packets = kept;
  }

  /** A spectator's patch, as client/net/snapshot.ts decodes it. */
  private snapshot(tick: number): GameSnapshot {
    return {
      levelId: "stress",
      levelVersion: 1,
      mode: "solo",
      playMode: "free",
      phase: "running",
      paused: false,
      tick,
      durationTicks: Number.MAX_SAFE_INTEGER,
      ticksPerSecond: TICKS_PER_SECOND,
      pace: 1,
      score: 0,
      incident: false,
      seats: [],
      spectators: 1,
      facilitator: "",
      me: null,
      observer: { tick, nodes: this.observerNodes, packets: this.packets, activeFaults: [] },
    };
  }
}
