// The debrief of a game a workshop's nemesis played in: both teams' scores side by side (the
// nodes by the level's goals, the nemesis by what they caused within budget), and each move as
// a button that moves the time cursor there: the keyboard's and the screen reader's way to the
// shaded spans the diagram draws (shared/checks/nemesis-score.ts nemesisMarks).
import { moveWords, type NemesisScore } from "../../shared/checks/nemesis-score.js";
import { clockTime } from "../../shared/sim/screen-text.js";
import { faultNodes, isNetworkFault } from "../../shared/level/faults.js";
import { card } from "./debrief-cards.js";
import { button, h } from "./dom.js";

export function nemesisCard(score: NemesisScore, nodesScore: number, show: (tick: number, node?: string) => void): HTMLElement {
  const scores = h(
    "dl",
    { class: "nemesis-scores" },
    h("div", { "data-team-score": "nodes" }, h("dt", {}, "Nodes (the level's score)"), h("dd", {}, `${nodesScore.toLocaleString("en")} pts`)),
    h("div", { "data-team-score": "nemesis" }, h("dt", {}, "Nemesis (what they caused)"), h("dd", {}, `${score.points.toLocaleString("en")} pts`)),
  );
  const caused = [
    ...score.violations.map((v) => `${clockTime(v.tick)} ${v.check}: ${v.message}`),
    ...score.missedGoals.map((g) => `goal missed: ${g.title}`),
  ];
  const moves =
    score.moves.length === 0
      ? h("p", { class: "muted small" }, "The nemesis threw no fault.")
      : h(
          "ol",
          { class: "nemesis-moves", "aria-label": "The nemesis' moves, on the diagram" },
          ...score.moves.map((m, k) => {
            const lane = isNetworkFault(m.fault) ? undefined : faultNodes(m.fault)[0];
            const did = score.violations.filter((v) => v.move === k).length;
            const words = `${clockTime(m.tick)} · ${m.by || "nemesis"}: ${moveWords(m)} · ${m.cost} pt${m.cost === 1 ? "" : "s"}${did > 0 ? ` · caused ${did} violation${did === 1 ? "" : "s"}` : ""}`;
            return h("li", { class: did > 0 ? "tone-bad" : "tone-warn" }, button(words, () => show(m.tick, lane), { class: "btn btn-ghost btn-small nemesis-move", "data-nemesis-move": String(k) }));
          }),
        );
  return card(
    "nemesis",
    "Nodes against the nemesis",
    scores,
    h("p", { class: "small" }, `Budget: ${score.spent} of ${score.budget} points spent on ${score.moves.length} fault${score.moves.length === 1 ? "" : "s"}.`),
    moves,
    caused.length > 0 ? h("ul", { class: "nemesis-caused", "aria-label": "What the nemesis caused" }, ...caused.map((line) => h("li", {}, line))) : h("p", { class: "muted small" }, "No violation while their faults acted, and no goal missed."),
  );
}
