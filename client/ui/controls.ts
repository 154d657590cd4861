// The controls shown in every briefing. Keyboard first: the game must be playable
// without a mouse and readable from the back of a classroom.

export interface Control {
  keys: string[];
  does: string;
}

export const CONTROLS: readonly Control[] = [
  { keys: ["Tab", "Shift+Tab"], does: "Move between your node's panels and actions" },
  { keys: ["Enter", "Space"], does: "Do the focused action" },
  { keys: ["Click"], does: "Pick a message in your inbox or a node on the map" },
  { keys: ["Esc"], does: "Go back or close a panel" },
];
