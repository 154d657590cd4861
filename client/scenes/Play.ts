// Play: thin. It wires the live connection to the map (canvas) and the panels (DOM), and at
// the end hands over to the debrief with `split-brain:debrief` { resultId }.
import Phaser from "phaser";
import { fetchGoals } from "../net/level-details.js";
import type { DebriefMessage } from "../net/room-client.js";
import type { GameSnapshot } from "../net/snapshot.js";
import { CATALOG } from "../../shared/protocols/catalog.js";
import { catalogProtocol } from "../../shared/sim/catalog.js";
import { announce } from "../ui/dom.js";
import { uiRoot } from "../ui/overlay.js";
import { PlayScreen } from "../ui/play-screen.js";
import { ParallelStrip } from "../ui/parallel-room.js";
import { recordStars } from "../ui/stars-store.js";
import { NetworkMap } from "../view/network-map.js";
import { assignMessageStyles } from "../view/message-styles.js";
import { emitDebrief } from "../debrief/debrief-route.js";
import type { PlayData } from "./Lobby.js";

/** Long enough to read "Time!" and the score before the debrief takes over. */
const END_PAUSE_MS = 1800;

export class Play extends Phaser.Scene {
  private map: NetworkMap | null = null;
  private screen: PlayScreen | null = null;
  private packetsShown = -1;

  constructor() {
    super("Play");
  }

  create(data: PlayData): void {
    const { connection, level } = data;
    const welcome = connection.welcome;
    const node = welcome && !welcome.spectator ? welcome.node : null;
    const protocol = catalogProtocol(CATALOG, level.protocol);
    assignMessageStyles(Object.keys(protocol?.messageTypes ?? {}));
    const labels: Record<string, string> = {};
    for (const n of level.nodes) if (n.label) labels[n.id] = n.label;
    const map = new NetworkMap(this, level.nodes.map((n) => n.id), node, labels);
    this.map = map;
    let ended = false;
    const goHome = (): void => {
      void connection.leave();
      this.scene.start("Preload");
    };
    const screen = new PlayScreen({
      level,
      goals: [],
      protocol,
      node,
      joinCode: welcome?.joinCode ?? "",
      solo: welcome?.mode === "solo",
      projectorCode: welcome?.projectorCode ?? null,
      send: (action, params) => connection.act(action, params),
      autopilot: (chore, on) => connection.control("autopilot", { chore, on }),
      knob: (knob, value) => connection.control("knob", { knob, value }),
      facilitator: (kind) => connection.control(kind),
      injectFault: (fault) => connection.control("fault", { fault }),
      isFacilitator: () => connection.isFacilitator,
      nemesis: welcome?.nemesis ?? null,
      leave: goHome,
      ...(welcome?.mode === "solo" ? { watch: { speed: (speed: number) => connection.control("speed", { speed }), takeSeat: () => connection.control("take-seat") } } : {}),
    });
    uiRoot().replaceChildren(screen.element);
    this.screen = screen;
    if (welcome?.nemesis) screen.setNemesisBudget(welcome.nemesis.spent);
    // A room of parallel seats: how far everyone else is, beside this player's own game.
    const room = data.room;
    const strip = room ? new ParallelStrip(room.nickname, room.connection.isFacilitator, { control: (kind) => room.connection.control(kind), leave: goHome }) : null;
    if (room && strip) {
      // After the player's own inbox and requests: their game comes first, on a phone too.
      screen.element.querySelector(".play-right")?.append(strip.element);
      if (room.connection.view) strip.update(room.connection.view);
    }
    const offRoom = room && strip ? room.connection.views.on((view) => strip.update(view)) : null;
    void fetchGoals(level.id).then((goals) => screen.setGoals(goals));

    // The top strip of the box stays free for the INCIDENT and connection banners.
    const layout = (): void => {
      const r = screen.mapRect();
      map.layout({ x: r.x, y: r.y + 30, width: r.width, height: Math.max(120, r.height - 30) });
    };
    const onResize = (): void => layout();
    this.scale.on("resize", onResize);
    // The DOM decides the map's box (panels, goals, fonts): follow it whenever it changes.
    const slot = screen.element.querySelector(".play-map-slot");
    const observer = new ResizeObserver(() => layout());
    if (slot) observer.observe(slot);
    // The DOM lays out first; measure on the next frame.
    requestAnimationFrame(layout);

    const onSnapshot = (snapshot: GameSnapshot): void => {
      screen.update(snapshot);
      map.show(snapshot, performance.now());
      // Exposed for the browser tests, as data-packets is: how many faulty links the map draws.
      screen.element.dataset.faultLinks = String(map.faultyLinkCount());
      screen.setFacilitator(connection.isFacilitator);
    };
    const onDebrief = (debrief: DebriefMessage): void => {
      if (ended) return;
      ended = true;
      // Stars are the player's own: only a seat's result earns them (not watching the game).
      // Nor watching the bot play it first, nor playing on from a moment of an earlier game.
      if (debrief.resultId && debrief.stars !== null && !debrief.practice) recordStars(debrief.levelId || level.id, debrief.stars);
      // Without a seat (facilitator, projector): the room's debrief, from a seat's stored result.
      const id = debrief.resultId ?? debrief.roomResultId;
      const open = id ? () => this.openDebrief(id, node === null) : null;
      screen.showEnd(debrief.score, debrief.stars, open, debrief.saveError);
      void connection.leave();
      if (open) setTimeout(open, END_PAUSE_MS);
    };
    const offs = [
      connection.snapshots.on(onSnapshot),
      connection.debriefs.on(onDebrief),
      connection.nemesisBudgets.on((budget) => screen.setNemesisBudget(budget.spent)),
      connection.status.on((status) => {
        if (status.kind === "reconnecting") screen.setConnection("Connection lost — reconnecting…");
        else if (status.kind === "connected") {
          screen.setConnection(null);
          announce("Reconnected.");
        } else if (status.kind === "lost") screen.setConnection(status.message, "bad");
      }),
    ];
    if (connection.snapshot) onSnapshot(connection.snapshot);
    if (connection.debrief) onDebrief(connection.debrief);
    announce(node ? `Game on. You are node ${node}.` : welcome?.nemesis ? "Game on. You are the nemesis: throw faults from the menu at the top." : "Watching the game.");

    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      for (const off of offs) off();
      offRoom?.();
      void room?.connection.leave();
      this.scale.off("resize", onResize);
      observer.disconnect();
      screen.destroy();
      map.destroy();
      this.map = null;
      this.screen = null;
      if (!ended) void connection.leave();
    });
  }

  override update(): void {
    const shown = this.map?.update(performance.now()) ?? 0;
    // Exposed for the browser tests ("are packets on screen?"); changes rarely, costs nothing.
    const bucket = Math.min(shown, 9);
    if (bucket !== this.packetsShown && this.screen) {
      this.packetsShown = bucket;
      this.screen.element.dataset.packets = String(bucket);
    }
  }

  private openDebrief(resultId: string, watching: boolean): void {
    if (!this.scene.isActive()) return;
    emitDebrief({ resultId, watching });
  }
}
