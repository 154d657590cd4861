// Ways into the lobby from the menus: create a team room or join one by code (Home and
// Briefing), alongside the Briefing's "Play solo" (play-event.ts).
import type { PlayMode } from "../net/api-types.js";

export const LOBBY_EVENT = "split-brain:lobby";

export type LobbyIntent = "solo" | "team" | "join";

export interface LobbyRequest {
  intent: LobbyIntent;
  levelId?: string;
  mode?: PlayMode;
}

export function emitLobby(request: LobbyRequest): void {
  window.dispatchEvent(new CustomEvent<LobbyRequest>(LOBBY_EVENT, { detail: request }));
}

export function onLobby(listener: (request: LobbyRequest) => void): () => void {
  const handler = (event: Event): void => listener((event as CustomEvent<LobbyRequest>).detail);
  window.addEventListener(LOBBY_EVENT, handler);
  return () => window.removeEventListener(LOBBY_EVENT, handler);
}
