// Lobby: the nickname form and, for team rooms, the waiting room. Solo games go straight on
// to Play once connected; team rooms wait here until the facilitator starts.
import Phaser from "phaser";
import type { LevelSummary } from "../net/api-types.js";
import { fetchLevels } from "../net/api.js";
import { GameConnection, JoinError, type JoinIntent, type SoloStart } from "../net/room-client.js";
import { ParallelConnection, rememberParallelRoom } from "../net/parallel-client.js";
import { ParallelWaitingRoom } from "../ui/parallel-room.js";
import { nicknameProblem, readProfile } from "../net/session-store.js";
import { announce, h } from "../ui/dom.js";
import type { LobbyIntent } from "../ui/lobby-event.js";
import { renderLobbyForm, WaitingRoom, type LobbyChoice } from "../ui/lobby-panel.js";
import { uiRoot } from "../ui/overlay.js";
import type { PlayMode } from "../net/api-types.js";
import { NetworkBackdrop } from "../view/network-backdrop.js";

export interface LobbyData {
  intent: LobbyIntent;
  levelId?: string;
  mode?: PlayMode;
  /** Resuming after a reload: skip the form. */
  connection?: GameConnection;
  /** A solo game that starts otherwise (watch it first, play on from here). */
  start?: SoloStart;
  /** Resuming a game of a room of parallel seats: the room, back beside it. */
  room?: PlayData["room"];
}

export interface PlayData {
  connection: GameConnection;
  level: LevelSummary;
  /** A game of a room of parallel seats: the room, for how far everyone else is. */
  room?: { connection: ParallelConnection; nickname: string };
}

export class Lobby extends Phaser.Scene {
  private backdrop: NetworkBackdrop | null = null;
  private connection: GameConnection | null = null;
  /** A room of parallel seats this page is in (see parallelRoom). */
  private room: ParallelConnection | null = null;
  private levels: LevelSummary[] = [];
  private cleanups: (() => void)[] = [];
  private handedOver = false;
  private start: SoloStart | null = null;

  constructor() {
    super("Lobby");
  }

  create(data: LobbyData): void {
    this.handedOver = false;
    this.connection = null;
    this.room = null;
    this.backdrop = new NetworkBackdrop(this);
    const onResize = (size: Phaser.Structs.Size): void => this.backdrop?.layout(size.width, size.height);
    this.scale.on("resize", onResize);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      this.scale.off("resize", onResize);
      for (const cleanup of this.cleanups) cleanup();
      this.cleanups = [];
      // Leaving the lobby any way but into the game: leave the room too.
      if (!this.handedOver) void this.connection?.leave();
      if (!this.handedOver) void this.room?.leave();
      this.backdrop = null;
    });
    void this.open(data);
  }

  override update(_time: number, deltaMs: number): void {
    this.backdrop?.update(deltaMs);
  }

  private async open(data: LobbyData): Promise<void> {
    try {
      this.levels = await fetchLevels();
    } catch {
      this.levels = [];
    }
    if (data.connection) {
      this.room = data.room?.connection ?? null;
      this.connected(data.connection, data.room);
      return;
    }
    this.start = data.start ?? null;
    // Watching first or playing on, with a nickname remembered: no form to fill in again.
    const profile = readProfile();
    let problem: string | null = null;
    if (data.start && data.levelId && nicknameProblem(profile.nickname) === null) {
      const words = "watchFirst" in data.start ? "Starting: the bot plays your seat while you watch…" : "Rebuilding the game up to that moment…";
      uiRoot().replaceChildren(h("div", { class: "screen screen-lobby", "data-screen": "lobby" }, h("p", { class: "loading-line", role: "status" }, words)));
      announce(words);
      problem = await this.join({ intent: "solo", levelId: data.levelId, playMode: data.mode ?? "guided", nickname: profile.nickname, classCode: profile.classCode, code: "" });
      if (problem === null || !this.scene.isActive()) return;
    }
    const element = renderLobbyForm(this.levels, { intent: data.intent, ...(data.levelId ? { levelId: data.levelId } : {}), ...(data.mode ? { mode: data.mode } : {}), ...(problem ? { error: problem } : {}) }, {
      submit: (choice) => this.join(choice),
      back: () => this.scene.start("Preload"),
    });
    uiRoot().replaceChildren(element);
    // Nickname remembered: the Start button is one Enter away. Otherwise type the nickname first.
    const nick = element.querySelector<HTMLInputElement>("#lobby-nickname");
    const focus = nick && nick.value.trim() && data.intent !== "join" ? element.querySelector<HTMLElement>("[data-action=lobby-go]") : data.intent === "join" && nick?.value.trim() ? element.querySelector<HTMLElement>("#lobby-code") : nick;
    focus?.focus();
    announce("Lobby: choose a nickname and how to play.");
  }

  private async join(choice: LobbyChoice): Promise<string | null> {
    const intent: JoinIntent =
      choice.intent === "facilitate"
        ? { kind: "facilitate", levelId: choice.levelId, playMode: choice.playMode }
        : choice.intent === "solo" || choice.intent === "team"
        ? { kind: choice.intent, levelId: choice.levelId, playMode: choice.playMode, nickname: choice.nickname, classCode: choice.classCode, ...(choice.intent === "solo" && this.start ? { start: this.start } : {}) }
        : choice.intent === "join"
          ? { kind: "join", code: choice.code, nickname: choice.nickname, classCode: choice.classCode }
          : { kind: "spectate", code: choice.code };
    try {
      // A level of parallel seats: its team room gives each player a game of their own.
      const level = this.levels.find((l) => l.id === (choice as { levelId?: string }).levelId);
      if (intent.kind === "team" && level?.seats.parallel !== undefined) {
        const room = await ParallelConnection.create(intent.levelId, intent.playMode, intent.nickname, intent.classCode);
        if (!this.scene.isActive()) {
          void room.leave();
          return null;
        }
        this.parallelRoom(room, level, intent.nickname.trim(), intent.classCode);
        return null;
      }
      const connection = await GameConnection.open(intent);
      if (!this.scene.isActive()) {
        void connection.leave();
        return null;
      }
      if (connection.welcome?.parallel && intent.kind === "join") {
        const room = ParallelConnection.adopt(connection.handOver());
        const joined = this.levels.find((l) => l.id === room.welcome.levelId);
        if (!joined) {
          void room.leave();
          return "This room's level is not on this server.";
        }
        this.parallelRoom(room, joined, intent.nickname.trim(), intent.classCode);
        return null;
      }
      this.connected(connection);
      return null;
    } catch (error) {
      return error instanceof JoinError ? error.userMessage : "Something went wrong while joining. Try again.";
    }
  }

  private connected(connection: GameConnection, parallelRoom?: PlayData["room"]): void {
    this.connection = connection;
    const welcome = connection.welcome;
    const level = this.levels.find((l) => l.id === (welcome?.levelId ?? connection.snapshot?.levelId));
    if (!level) {
      void connection.leave();
      uiRoot().replaceChildren();
      this.scene.start("Preload");
      return;
    }
    const phase = connection.snapshot?.phase ?? "lobby";
    if (welcome?.mode === "solo" || phase !== "lobby") {
      this.toPlay(connection, level, parallelRoom);
      return;
    }
    const room = new WaitingRoom(level, welcome?.joinCode ?? "", welcome?.node ?? null, {
      start: () =>
        void connection.control("start").then((reply) => {
          if (!reply.ok) announce(reply.message);
          if (!reply.ok) room.element.querySelector("[role=status]")!.textContent = reply.message;
        }),
      ready: (ready) => void connection.control("ready", { ready }),
      leave: () => {
        void connection.leave();
        this.scene.start("Preload");
      },
    }, welcome?.projectorCode ?? null);
    uiRoot().replaceChildren(room.element);
    room.element.querySelector<HTMLElement>("#wait-title")?.focus();
    announce(`Waiting room. Join code ${welcome?.joinCode ?? ""}.`);
    const onSnapshot = (snapshot: NonNullable<GameConnection["snapshot"]>): void => {
      room.update(snapshot, connection.isFacilitator);
      if (snapshot.phase !== "lobby") this.toPlay(connection, level);
    };
    if (connection.snapshot) onSnapshot(connection.snapshot);
    this.cleanups.push(connection.snapshots.on(onSnapshot));
    this.cleanups.push(
      connection.status.on((status) => {
        if (status.kind === "lost") {
          announce(status.message);
          this.scene.start("Preload");
        }
      }),
    );
  }

  /**
   * A room of parallel seats: its waiting room until the start, then this player's own game,
   * joined with the seat pass the room sent; Play opens once that game runs (every player's
   * starts together), with the room beside it.
   */
  private parallelRoom(room: ParallelConnection, level: LevelSummary, nickname: string, classCode: string): void {
    this.room = room;
    const waiting = new ParallelWaitingRoom(level, room.welcome.joinCode, nickname, room.isFacilitator, {
      control: (kind) => room.control(kind),
      leave: () => {
        void room.leave();
        this.scene.start("Preload");
      },
    });
    uiRoot().replaceChildren(waiting.element);
    waiting.element.querySelector<HTMLElement>("#wait-title")?.focus();
    announce(`Waiting room. Join code ${room.welcome.joinCode}.`);
    if (room.view) waiting.update(room.view);
    this.cleanups.push(room.views.on((view) => waiting.update(view)));
    let joining = false;
    const join = async (game: { code: string; pass: string }): Promise<void> => {
      if (joining) return;
      joining = true;
      rememberParallelRoom({ code: room.welcome.joinCode, nickname, gameCode: game.code, pass: game.pass });
      try {
        const connection = await GameConnection.open({ kind: "join", code: game.code, nickname, classCode, pass: game.pass });
        if (!this.scene.isActive()) {
          void connection.leave();
          return;
        }
        this.connection = connection;
        const onSnapshot = (snapshot: NonNullable<GameConnection["snapshot"]>): void => {
          if (snapshot.phase !== "lobby") this.toPlay(connection, level, { connection: room, nickname });
        };
        if (connection.snapshot) onSnapshot(connection.snapshot);
        this.cleanups.push(connection.snapshots.on(onSnapshot));
      } catch (error) {
        joining = false;
        const message = error instanceof JoinError ? error.userMessage : "Your game could not be opened: reload the page.";
        waiting.element.querySelector("[role=status]")!.textContent = message;
        announce(message);
      }
    };
    if (room.game) void join(room.game);
    else this.cleanups.push(room.games.on((game) => void join(game)));
  }

  private toPlay(connection: GameConnection, level: LevelSummary, room?: PlayData["room"]): void {
    if (this.handedOver) return;
    this.handedOver = true;
    this.scene.start("Play", { connection, level, ...(room ? { room } : {}) } satisfies PlayData);
  }
}
