// `/#stress=<nodes>x<packets>`: the performance stress scene (client/scenes/Stress.ts) instead of
// the menus, for tests/bench/client.bench.ts. It draws with the game's own renderer choice
// (client/renderer-choice.ts, `?renderer=` forces one). Harmless in production: it only draws
// synthetic traffic, and only when asked for in the address.
import Phaser from "phaser";
import type { StressOptions } from "./scenes/Stress.js";
import { gameConfig } from "./game-config.js";
import { chooseRenderer } from "./renderer-choice.js";

const NODES_MAX = 256;
const PACKETS_MAX = 20000;

/** `#stress=32x500` -> { nodes: 32, packets: 500 }; null for any other address. */
export function stressFromHash(hash: string): StressOptions | null {
  const match = /^#stress=(\d{1,6})x(\d{1,6})$/.exec(hash);
  if (!match) return null;
  const nodes = Math.min(NODES_MAX, Math.max(2, Number(match[1])));
  const packets = Math.min(PACKETS_MAX, Math.max(0, Number(match[2])));
  return { nodes, packets };
}

/**
 * When the address asks for the stress scene, the menus' game is dropped before its first frame
 * and a game with only the Stress scene takes its place (the renderer is fixed at creation,
 * hence a new game rather than a scene switch).
 */
export function installStressRoute(game: Phaser.Game): void {
  const options = stressFromHash(location.hash);
  if (!options) return;
  game.destroy(true);
  void import("./scenes/Stress.js").then(({ Stress }) => startStress(new Stress(options)));
}

function startStress(scene: Phaser.Scene): void {
  const stress = new Phaser.Game(gameConfig(chooseRenderer(), [scene]));
  window.splitBrainGame = stress;
}
