// The Phaser settings every game of ours shares (the menus' game and the stress scene's).
import Phaser from "phaser";
import type { RendererChoice } from "./renderer-choice.js";
import { BACKGROUND_CSS } from "./view/palette.js";

const RENDERER_TYPES: Record<RendererChoice, number> = { auto: Phaser.AUTO, webgl: Phaser.WEBGL, canvas: Phaser.CANVAS };

export function gameConfig(renderer: RendererChoice, scene: Phaser.Types.Core.GameConfig["scene"]): Phaser.Types.Core.GameConfig {
  return {
    type: RENDERER_TYPES[renderer],
    parent: "game",
    backgroundColor: BACKGROUND_CSS,
    banner: false,
    // RESIZE: the canvas always matches the window; scenes lay out from scale.width/height.
    scale: { mode: Phaser.Scale.RESIZE, width: window.innerWidth, height: window.innerHeight },
    // No scene plays sound.
    audio: { noAudio: true },
    // Multisampling costs more than everything else on machines that fall back to software GL
    // (measured: 500 sprites at 5 fps with it, 58 without); the map's lines look fine without.
    render: { antialiasGL: false },
    scene,
  };
}
