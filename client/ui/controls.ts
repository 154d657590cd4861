// The controls shown in every briefing and in the play screen's help ("?"). Keyboard first:
// the game must be playable without a mouse and readable from the back of a classroom.
import { h } from "./dom.js";

export interface Control {
  keys: string[];
  does: string;
}

export const CONTROLS: readonly Control[] = [
  { keys: ["A–Z"], does: "Answer an inbox card: each card shows its letter keys (the newest card that has the letter)" },
  { keys: ["1–9"], does: "An action of the action bar, under the map" },
  { keys: ["Shift+1–9"], does: "Switch an autopilot chore on or off" },
  { keys: ["J", "K"], does: "Select the next / previous inbox card" },
  { keys: ["?"], does: "Help: these keys, the briefing and the goals" },
  { keys: ["T"], does: "Watching the bot play your node: take the seat (− and + change the speed)" },
  { keys: ["Tab", "Shift+Tab"], does: "Move between your node's panels and actions" },
  { keys: ["Enter", "Space"], does: "Do the focused action" },
  { keys: ["Esc"], does: "Go back or close a panel" },
];

/** The controls as a definition list: keys, then what they do. */
export function controlsList(): HTMLElement {
  return h(
    "dl",
    { class: "controls" },
    ...CONTROLS.flatMap((control) => [
      h("dt", {}, ...control.keys.flatMap((key, i) => [i > 0 ? " / " : null, h("kbd", {}, key)])),
      h("dd", {}, control.does),
    ]),
  );
}
