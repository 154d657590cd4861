// Entry point: one Phaser game filling the window, the DOM overlay above it.
import Phaser from "phaser";
import "./ui/styles.css";
import { installDebriefRoute } from "./debrief/debrief-route.js";
import { Boot } from "./scenes/Boot.js";
import { Home } from "./scenes/Home.js";
import { installPlayRoutes } from "./scenes/play-routes.js";
import { Preload } from "./scenes/Preload.js";
import { installStressRoute } from "./stress-route.js";
import { installWorkshopEntry } from "./workshop/workshop-entry.js";
import { gameConfig } from "./game-config.js";
import { chooseRenderer } from "./renderer-choice.js";

// Lobby, Play and Debrief load on demand (client/lazy-scenes.ts).
// WebGL on a GPU, Canvas on software GL (client/renderer-choice.ts says why).
const game = new Phaser.Game(gameConfig(chooseRenderer(), [Boot, Preload, Home]));
// The Briefing's "Play solo", "Create team room" and "Join by code" open the Lobby; a reload
// mid-game takes the held seat back.
installPlayRoutes(game);

// Handy in the browser console and for the end-to-end tests; not an API.
declare global {
  interface Window {
    splitBrainGame?: Phaser.Game;
  }
}
window.splitBrainGame = game;
// The debrief opens from `#debrief=<resultId>` and from the `split-brain:debrief` event.
installDebriefRoute(game);
// Workshops: #workshop, #workshop-join=, #workshop-console=, #workshop-projector= (loaded on demand).
installWorkshopEntry(game);
installStressRoute(game);
