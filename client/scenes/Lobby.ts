// Lobby: the nickname form and, for team rooms, the waiting room. Solo games go straight on
// to Play once connected; team rooms wait here until the facilitator starts.
import Phaser from "phaser";
import type { LevelSummary } from "../net/api-types.js";
import { fetchLevels } from "../net/api.js";
import { GameConnection, JoinError, type JoinIntent, type SoloStart } from "../net/room-client.js";
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
}

export interface PlayData {
  connection: GameConnection;
  level: LevelSummary;
}

export class Lobby extends Phaser.Scene {
  private backdrop: NetworkBackdrop | null = null;
  private connection: GameConnection | null = null;
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
    this.backdrop = new NetworkBackdrop(this);
    const onResize = (size: Phaser.Structs.Size): void => this.backdrop?.layout(size.width, size.height);
    this.scale.on("resize", onResize);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      this.scale.off("resize", onResize);
      for (const cleanup of this.cleanups) cleanup();
      this.cleanups = [];
      // Leaving the lobby any way but into the game: leave the room too.
      if (!this.handedOver) void this.connection?.leave();
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
      this.connected(data.connection);
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
      const connection = await GameConnection.open(intent);
      if (!this.scene.isActive()) {
        void connection.leave();
        return null;
      }
      this.connected(connection);
      return null;
    } catch (error) {
      return error instanceof JoinError ? error.userMessage : "Something went wrong while joining. Try again.";
    }
  }

  private connected(connection: GameConnection): void {
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
      this.toPlay(connection, level);
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

  private toPlay(connection: GameConnection, level: LevelSummary): void {
    if (this.handedOver) return;
    this.handedOver = true;
    this.scene.start("Play", { connection, level } satisfies PlayData);
  }
}
