// The hand-off from the menus to the game. Phase 1 has no game scene yet: the Briefing
// dispatches this event on window, and phase 2's Play scene will listen for it.
import type { PlayMode } from "../net/api-types.js";
import type { SoloStart } from "../net/room-client.js";

export const PLAY_EVENT = "split-brain:play";

export interface PlayRequest {
  levelId: string;
  mode: PlayMode;
  /** Watch the bot play it first, or play on from a moment of a stored game. */
  start?: SoloStart;
}

export function emitPlay(request: PlayRequest): void {
  window.dispatchEvent(new CustomEvent<PlayRequest>(PLAY_EVENT, { detail: request }));
}

/** Subscribes to play requests; returns the unsubscribe function. */
export function onPlay(listener: (request: PlayRequest) => void): () => void {
  const handler = (event: Event): void => listener((event as CustomEvent<PlayRequest>).detail);
  window.addEventListener(PLAY_EVENT, handler);
  return () => window.removeEventListener(PLAY_EVENT, handler);
}
