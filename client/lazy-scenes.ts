// Scenes that are not needed for the first screen load on demand, in their own chunks: the
// menus appear sooner, and the initial download stays within budget (tests/bench/client.bench.ts).
// Lobby and Play travel together (both need the network client); the Debrief brings the
// simulation, the checks and the space-time diagram.
import type Phaser from "phaser";

type SceneClass = new () => Phaser.Scene;

const LOADERS: Record<string, () => Promise<Record<string, SceneClass>>> = {
  Lobby: () => import("./scenes/lobby-and-play.js").then((m) => ({ Lobby: m.Lobby, Play: m.Play })),
  Play: () => import("./scenes/lobby-and-play.js").then((m) => ({ Lobby: m.Lobby, Play: m.Play })),
  Debrief: () => import("./scenes/Debrief.js").then((m) => ({ Debrief: m.Debrief })),
};

/** Makes sure a lazily loaded scene (and its chunk's siblings) is registered with the game. */
export async function ensureScene(game: Phaser.Game, key: string): Promise<void> {
  if (game.scene.getScene(key)) return;
  const loader = LOADERS[key];
  if (!loader) throw new Error(`no scene called ${key}`);
  const scenes = await loader();
  for (const [name, scene] of Object.entries(scenes)) {
    if (!game.scene.getScene(name)) game.scene.add(name, scene, false);
  }
}

/** Starts a scene, loading its code first if needed. */
export async function startScene(game: Phaser.Game, key: string, data?: object): Promise<void> {
  await ensureScene(game, key);
  game.scene.start(key, data);
}
