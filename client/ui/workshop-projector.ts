// The projector's parts of a workshop: before the start, the big join screen (code, link, QR,
// how many are in); during the games, the live leaderboard in a corner above the team's map
// (the map itself is the Play scene watching that team's god's view).
import { h } from "./dom.js";
import { qrCode } from "./workshop-qr.js";
import "./workshop.css";

export function renderProjectorJoin(code: string, joinLink: string): { element: HTMLElement; update(view: Record<string, any>): void } {
  const count = h("p", { class: "workshop-count", role: "status" }, "Nobody yet.");
  const element = h(
    "div",
    { class: "screen workshop-screen workshop-projector-join", "data-screen": "workshop-projector" },
    h("h1", {}, "Join the workshop"),
    h("div", { class: "workshop-share-row big" },
      qrCode(joinLink, `QR code: ${joinLink}`),
      h("div", {},
        h("p", { class: "join-code-label" }, "Code"),
        h("strong", { class: "join-code huge", "data-workshop-code": code }, code),
        h("p", {}, joinLink),
        count,
      ),
    ),
  );
  return {
    element,
    update(view) {
      const n = typeof view.students === "number" ? view.students : 0;
      count.textContent = n === 0 ? "Nobody yet." : `${n} student${n === 1 ? "" : "s"} in.`;
    },
  };
}

/** The leaderboard in a corner of the projector, outside the scenes' DOM root (they replace it). */
export class ProjectorBoard {
  readonly element: HTMLElement;
  private readonly list = h("ol", { class: "workshop-board-list" });
  private readonly title = h("h2", {}, "Leaderboard");
  private key = "";

  constructor() {
    this.element = h("aside", { class: "workshop-board", "aria-labelledby": "ws-board-title", "data-workshop-board": "" }, this.title, this.list);
    this.title.id = "ws-board-title";
    document.body.append(this.element);
  }

  update(view: Record<string, any>): void {
    const rows: any[] = Array.isArray(view.leaderboard) ? view.leaderboard : [];
    const key = JSON.stringify([rows, view.projected?.team]);
    if (key === this.key) return;
    this.key = key;
    this.title.textContent = view.projected ? `Leaderboard · on screen: team ${view.projected.team + 1}` : "Leaderboard";
    this.list.replaceChildren(
      ...rows.map((r) =>
        h("li", { class: r.team === view.projected?.team ? "shown" : "" },
          h("strong", {}, `Team ${r.team + 1}`),
          ` ${r.score} pts`,
          r.stars !== null ? ` · ${"★".repeat(r.stars)}${"☆".repeat(Math.max(0, 3 - r.stars))}` : "",
          r.incidents > 0 ? ` · ${r.incidents} incident${r.incidents === 1 ? "" : "s"}` : "",
          r.phase === "ended" ? " · done" : "",
          h("span", { class: "muted small" }, ` ${(r.names as string[]).join(", ")}`),
        ),
      ),
    );
  }

  destroy(): void {
    this.element.remove();
  }
}
