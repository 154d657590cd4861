// Entry point: one Phaser game filling the window, the DOM overlay above it.
import Phaser from "phaser";
import "./ui/styles.css";
import { installDebriefRoute } from "./debrief/debrief-route.js";
import { Boot } from "./scenes/Boot.js";
import { Home } from "./scenes/Home.js";
import { installPlayRoutes } from "./scenes/play-routes.js";
import { Preload } from "./scenes/Preload.js";
import { installStressRoute } from "./stress-route.js";
import { BACKGROUND_CSS } from "./view/palette.js";

const game = new Phaser.Game({
  type: Phaser.AUTO,
  parent: "game",
  backgroundColor: BACKGROUND_CSS,
  banner: false,
  // RESIZE: the canvas always matches the window; scenes lay out from scale.width/height.
  scale: { mode: Phaser.Scale.RESIZE, width: window.innerWidth, height: window.innerHeight },
  // The menus need no sound; the game scene (phase 2) decides about audio.
  audio: { noAudio: true },
  // Multisampling costs more than everything else on machines that fall back to software GL
  // (measured: 500 sprites at 5 fps with it, 58 without); the map's lines look fine without.
  render: { antialiasGL: false },
  // Lobby, Play and Debrief load on demand (client/lazy-scenes.ts).
  scene: [Boot, Preload, Home],
});
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
installStressRoute(game);
