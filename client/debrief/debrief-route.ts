// How the debrief opens: from the address (`/#debrief=<resultId>`, shareable, survives a reload)
// and from the `split-brain:debrief` window event the game scene sends when a game ends.
import type Phaser from "phaser";
import { startScene } from "../lazy-scenes.js";

export const DEBRIEF_EVENT = "split-brain:debrief";
export const DEBRIEF_SCENE = "Debrief";
const HASH_PREFIX = "#debrief=";

export interface DebriefRequest {
  resultId: string;
  /** Opened by a screen without a seat (facilitator, projector): no lane is "you". */
  watching?: boolean;
}

export function emitDebrief(request: DebriefRequest): void {
  window.dispatchEvent(new CustomEvent<DebriefRequest>(DEBRIEF_EVENT, { detail: request }));
}

/** The result id in a location hash, or null. */
export function resultIdFromHash(hash: string): string | null {
  if (!hash.startsWith(HASH_PREFIX)) return null;
  const id = decodeURIComponent(hash.slice(HASH_PREFIX.length)).trim();
  return id.length > 0 ? id : null;
}

export function debriefHash(resultId: string): string {
  return `${HASH_PREFIX}${encodeURIComponent(resultId)}`;
}

/** Forget the debrief address (going home) without adding a history entry. */
export function clearDebriefHash(): void {
  if (resultIdFromHash(location.hash) !== null) history.replaceState(null, "", location.pathname + location.search);
}

/**
 * Installs the routes. A debrief in the address at start-up opens once the menus are up
 * (the textures and the level list are loaded by then), replacing the Home screen.
 */
export function installDebriefRoute(game: Phaser.Game): void {
  let current: string | null = null;
  const open = (resultId: string, watching = false): void => {
    current = resultId;
    if (location.hash !== debriefHash(resultId)) history.replaceState(null, "", debriefHash(resultId));
    for (const scene of game.scene.getScenes(true)) {
      if (scene.scene.key !== DEBRIEF_SCENE) game.scene.stop(scene.scene.key);
    }
    if (game.scene.isActive(DEBRIEF_SCENE)) game.scene.stop(DEBRIEF_SCENE);
    void startScene(game, DEBRIEF_SCENE, { resultId, watching } satisfies DebriefRequest);
  };
  window.addEventListener(DEBRIEF_EVENT, (event) => {
    const detail = (event as CustomEvent<Partial<DebriefRequest>>).detail;
    if (typeof detail?.resultId === "string") open(detail.resultId, detail.watching === true);
  });
  window.addEventListener("hashchange", () => {
    const id = resultIdFromHash(location.hash);
    if (id && (id !== current || !game.scene.isActive(DEBRIEF_SCENE))) open(id);
  });
  const initial = resultIdFromHash(location.hash);
  if (initial) {
    // Wait for the first screen after loading (Home, or the load-error screen that Home shows).
    // Scenes are only instantiated as the game boots, so watch the game loop for Home.
    const waitForHome = (): void => {
      if (!game.scene.isActive("Home")) return;
      game.events.off("poststep", waitForHome);
      open(initial);
    };
    game.events.on("poststep", waitForHome);
  }
}
