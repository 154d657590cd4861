// How the game starts from the menus: the Briefing's "Play solo" (split-brain:play), and
// "Create team room" / "Join by code" (split-brain:lobby) open the Lobby. After a reload in the
// middle of a game, or a closed tab reopened, the held seat is taken back at once (the token is
// in session and local storage, client/net/session-store.ts).
import type Phaser from "phaser";
import { startScene } from "../lazy-scenes.js";
import { HELD_ROOM_MAX_AGE_MS, readHeldRoom } from "../net/session-store.js";
import { announce } from "../ui/dom.js";
import { onLobby } from "../ui/lobby-event.js";
import { onPlay } from "../ui/play-event.js";
import type { LobbyData } from "./Lobby.js";

export function openLobby(game: Phaser.Game, data: LobbyData): void {
  for (const scene of game.scene.getScenes(true)) {
    if (scene.scene.key !== "Lobby") game.scene.stop(scene.scene.key);
  }
  if (game.scene.isActive("Lobby")) game.scene.stop("Lobby");
  void startScene(game, "Lobby", data).catch(() => announce("The game could not be loaded: check your connection and reload the page."));
}

export function installPlayRoutes(game: Phaser.Game): void {
  onPlay((request) => openLobby(game, { intent: "solo", levelId: request.levelId, mode: request.mode, ...(request.start ? { start: request.start } : {}) }));
  onLobby((request) => openLobby(game, { intent: request.intent, ...(request.levelId ? { levelId: request.levelId } : {}), ...(request.mode ? { mode: request.mode } : {}) }));
  const held = readHeldRoom(HELD_ROOM_MAX_AGE_MS);
  if (!held) return;
  const resume = (): void => {
    announce("Reconnecting to your game…");
    import("../net/room-client.js")
      .then(({ GameConnection }) => GameConnection.resume(held))
      .then(async (connection) => ({ connection, room: await parallelRoomOf(held.roomId) }))
      .then(
        ({ connection, room }) => {
          // The player chose something else from Home meanwhile: that choice stands.
          if (game.scene.isActive("Home")) openLobby(game, { intent: "solo", connection, ...(room ? { room } : {}) });
          else {
            void connection.leave();
            void room?.connection.leave();
          }
        },
        () => announce("Your previous game could not be resumed."),
      );
  };
  // After the menus are up (textures baked, levels listed). The scenes exist only once the
  // game is ready (Phaser adds them on its READY event, after isBooted is already true).
  const afterHome = (): void => {
    game.scene.getScene("Home")?.events.once("create", resume);
  };
  if (game.scene.isBooted) afterHome();
  else game.events.once("ready", afterHome);
}

/** A game of a room of parallel seats: back into the room too, beside it (null: none, or gone). */
async function parallelRoomOf(gameCode: string | undefined): Promise<LobbyData["room"] | null> {
  if (!gameCode) return null;
  const { ParallelConnection, rememberedParallelRoom } = await import("../net/parallel-client.js");
  const remembered = rememberedParallelRoom(gameCode);
  if (!remembered) return null;
  const connection = await ParallelConnection.rejoin(remembered).catch(() => null);
  return connection ? { connection, nickname: remembered.nickname } : null;
}
