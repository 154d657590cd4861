// A room of parallel seats, as its players see it: before the start, the waiting room (the code
// to share, who is in, the creator's Start); during the games, a strip beside the player's own
// game with how far each player is, and the creator's pause, resume and end for every game.
// Renders the room's view as text only: no rule here.
import type { LevelSummary } from "../net/api-types.js";
import type { ParallelPlayer, ParallelView } from "../net/parallel-client.js";
import { announce, button, h } from "./dom.js";
import { levelCode } from "./home-panel.js";
import { timeLeft } from "./play-format.js";
import "./play.css";

export interface ParallelRoomHandlers {
  control(kind: "start" | "pause" | "resume" | "end"): Promise<{ ok: boolean; message: string }>;
  leave(): void;
}

/** One player's progress in words: waiting, time played and score, or their stars at the end. */
export function progressText(player: ParallelPlayer): string {
  const game = player.game;
  if (!game) return player.connected ? "waiting" : "left";
  if (game.result) return `${"★".repeat(game.result.stars)}${"☆".repeat(Math.max(0, 3 - game.result.stars))} · score ${game.result.score}`;
  if (game.phase === "lobby") return "joining their game…";
  const incidents = game.incidents > 0 ? ` · ${game.incidents} incident${game.incidents === 1 ? "" : "s"}` : "";
  return `${timeLeft(game.tick)} of ${timeLeft(game.durationTicks)} · score ${game.score}${incidents}`;
}

/** The waiting room of a room of parallel seats. */
export class ParallelWaitingRoom {
  readonly element: HTMLElement;
  private readonly rows: HTMLElement;
  private readonly note: HTMLElement;
  private readonly startButton: HTMLButtonElement;

  constructor(level: LevelSummary, joinCode: string, private readonly myNickname: string, facilitator: boolean, handlers: ParallelRoomHandlers) {
    this.rows = h("tbody");
    this.note = h("p", { class: "muted", role: "status" });
    this.startButton = button(
      "Start every game",
      () =>
        void handlers.control("start").then((reply) => {
          this.note.textContent = reply.message;
          announce(reply.message);
        }),
      { class: "btn btn-primary", "data-action": "start-game" },
    );
    this.startButton.hidden = !facilitator;
    const copy = button("Copy", () => void navigator.clipboard?.writeText(joinCode).then(() => announce("Code copied.")), { class: "btn btn-ghost btn-small", "data-action": "copy-code" });
    const seat = level.seats.nodes[0] ?? "";
    this.element = h(
      "div",
      { class: "screen screen-lobby", "data-screen": "waiting-room", "data-parallel": "true" },
      h(
        "section",
        { class: "panel lobby waiting", "aria-labelledby": "wait-title" },
        h("p", { class: "kicker" }, `${levelCode(level.id)} · ${level.title}`),
        h("h2", { id: "wait-title", class: "lobby-title", tabindex: -1 }, "Waiting room"),
        h("div", { class: "join-code-box" }, h("span", { class: "join-code-label" }, "Join code"), h("strong", { class: "join-code", "data-join-code": joinCode, "aria-label": `Join code ${joinCode.split("").join(" ")}` }, joinCode), copy),
        h(
          "p",
          { class: "muted" },
          `Each player here plays node ${seat} in a game of their own: the same level and the same faults, started together, each on the same leaderboard. Share the code: up to ${level.seats.parallel ?? 1} players.`,
        ),
        h("table", { class: "seats" }, h("caption", { class: "sr-only" }, "Players"), h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Player"), h("th", { scope: "col" }, "Status"))), this.rows),
        this.note,
        h("div", { class: "lobby-buttons" }, button("Leave", () => handlers.leave(), { class: "btn btn-ghost", "data-action": "leave" }), this.startButton),
      ),
    );
    if (!facilitator) this.note.textContent = "The player who created the room starts every game.";
  }

  update(view: ParallelView): void {
    this.rows.replaceChildren(...view.players.map((p) => playerRow(p, p.nickname === this.myNickname)));
    // The creator left for good: the room handed the start to this player (the view says so).
    if (this.startButton.hidden && isFacilitator(view, this.myNickname)) {
      this.startButton.hidden = false;
      this.note.textContent = "The player who created the room left: you start the games now.";
      announce(this.note.textContent);
    }
    if (view.phase === "starting") this.note.textContent = "Starting: each player's game is being made…";
  }
}

/** How far each player of the room is, beside the player's own game. */
export class ParallelStrip {
  readonly element: HTMLElement;
  private readonly rows: HTMLElement;
  private readonly pauseButton: HTMLButtonElement;
  private paused = false;

  constructor(private readonly myNickname: string, private facilitator: boolean, handlers: ParallelRoomHandlers) {
    this.rows = h("tbody");
    this.pauseButton = button("Pause every game", () => void handlers.control(this.paused ? "resume" : "pause").then((reply) => announce(reply.message)), { class: "btn btn-ghost btn-small", "data-action": "pause-room" });
    this.pauseButton.hidden = true;
    this.element = h(
      "section",
      { class: "panel parallel-strip", "aria-labelledby": "room-title", "data-parallel-strip": "true" },
      h("h2", { id: "room-title", class: "panel-title" }, "Your room"),
      h("table", { class: "seats" }, h("caption", { class: "sr-only" }, "How far each player is"), h("tbody", {}), this.rows),
      this.pauseButton,
    );
  }

  update(view: ParallelView): void {
    this.rows.replaceChildren(...view.players.map((p) => playerRow(p, p.nickname === this.myNickname)));
    this.paused = view.paused;
    // The role moves to another player when its holder leaves for good: the view says who has it.
    if (!this.facilitator && isFacilitator(view, this.myNickname)) {
      this.facilitator = true;
      announce("The player who created the room left: you pause and resume the games now.");
    }
    this.pauseButton.textContent = view.paused ? "Resume every game" : "Pause every game";
    this.pauseButton.hidden = !this.facilitator || view.phase !== "running";
  }
}

function isFacilitator(view: ParallelView, nickname: string): boolean {
  return view.players.some((p) => p.nickname === nickname && p.facilitator);
}

function playerRow(p: ParallelPlayer, mine: boolean): HTMLElement {
  return h(
    "tr",
    { class: mine ? "seat mine" : "seat", "data-player": p.nickname },
    h("th", { scope: "row" }, p.nickname, mine ? h("span", { class: "you-chip" }, "you") : null, p.facilitator ? h("span", { class: "muted" }, " · starts the games") : null),
    h("td", { "data-progress": "" }, progressText(p)),
  );
}
