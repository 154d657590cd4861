// One chunk for the two scenes of a live game (both need the network client).
export { Lobby } from "./Lobby.js";
export { Play } from "./Play.js";
