// The workshop's doors: a student joins by code with a nickname (or one generated for them),
// a facilitator runs a workshop for a level with a team size. Plain forms, keyboard first.
import type { LevelSummary, PlayMode } from "../net/api-types.js";
import { NICKNAME_MAX, nicknameProblem, readProfile, saveProfile } from "../net/session-store.js";
import { announce, button, h } from "./dom.js";
import { levelCode } from "./home-panel.js";
import { generatedNickname } from "./workshop-nickname.js";
import "./workshop.css";

export interface WorkshopFormHandlers {
  join(code: string, nickname: string): Promise<string | null>;
  /** `then`: a playlist's further levels, in order (empty: the one level). */
  run(levelId: string, teamSize: number, playMode: PlayMode, then: string[]): Promise<string | null>;
  back(): void;
}

function field(id: string, label: string, input: HTMLElement, hint?: string): HTMLElement {
  return h("div", { class: "field" }, h("label", { for: id }, label, hint ? h("span", { class: "optional" }, ` ${hint}`) : null), input);
}

function errorBox(): HTMLElement {
  return h("div", { class: "error-box", role: "alert", hidden: true });
}

function showError(box: HTMLElement, message: string): void {
  box.hidden = false;
  box.replaceChildren(h("p", {}, message));
  announce(message);
}

export function renderWorkshopForms(levels: readonly LevelSummary[], initialCode: string, handlers: WorkshopFormHandlers): HTMLElement {
  // ---- join ----
  const code = h("input", { id: "ws-code", type: "text", maxlength: 12, autocomplete: "off", spellcheck: "false", placeholder: "ABC234", class: "code-input", required: true });
  code.value = initialCode;
  const nickname = h("input", { id: "ws-nickname", type: "text", maxlength: NICKNAME_MAX * 2, autocomplete: "nickname", spellcheck: "false", required: true });
  nickname.value = readProfile().nickname;
  const suggest = button("Suggest a name", () => {
    nickname.value = generatedNickname();
    nickname.focus();
    announce(`Suggested nickname: ${nickname.value}.`);
  }, { class: "btn btn-ghost btn-small", "data-action": "suggest-nickname" });
  const joinError = errorBox();
  const joinButton = h("button", { type: "submit", class: "btn btn-primary", "data-action": "workshop-join" }, "Join the workshop");
  const joinForm = h(
    "form",
    { class: "panel workshop-form", "aria-labelledby": "ws-join-title", novalidate: true },
    h("h2", { id: "ws-join-title" }, "Join a workshop"),
    h("p", { class: "muted" }, "Type the code on the big screen. No account: just a nickname the class will see."),
    field("ws-code", "Workshop code", code),
    field("ws-nickname", "Nickname", nickname, "(1–24 characters)"),
    h("div", { class: "workshop-row" }, suggest),
    joinError,
    h("div", { class: "lobby-buttons" }, joinButton),
  );
  joinForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const problem = !code.value.trim() ? "Type the workshop code from the big screen." : nicknameProblem(nickname.value);
    if (problem) {
      showError(joinError, problem);
      (!code.value.trim() ? code : nickname).focus();
      return;
    }
    saveProfile({ nickname: nickname.value.trim(), classCode: readProfile().classCode });
    joinButton.disabled = true;
    joinButton.textContent = "Joining…";
    void handlers.join(code.value, nickname.value).then((failure) => {
      joinButton.disabled = false;
      joinButton.textContent = "Join the workshop";
      if (failure) showError(joinError, failure);
    });
  });

  // ---- run ----
  const teamLevels = levels.filter((l) => l.seats.max > 1);
  const level = h("select", { id: "ws-level" });
  for (const l of teamLevels) level.append(h("option", { value: l.id }, `${levelCode(l.id)} · ${l.title} (up to ${l.seats.max} per team)`));
  const teamSize = h("input", { id: "ws-team-size", type: "number", min: 1, max: 16, step: 1, inputmode: "numeric" });
  // A playlist: further levels the same teams play after the first, in the order listed here.
  const thenBoxes = teamLevels.map((l) => h("input", { type: "checkbox", value: l.id, id: `ws-then-${l.id}`, "data-then": l.id }) as HTMLInputElement);
  const thenList = h(
    "fieldset",
    { class: "workshop-then" },
    h("legend", {}, "Then play (optional, in this order)"),
    ...teamLevels.map((l, i) => h("label", { for: `ws-then-${l.id}`, class: "workshop-then-item" }, thenBoxes[i]!, ` ${levelCode(l.id)} · ${l.title}`)),
  );
  const chosenThen = (): string[] => thenBoxes.filter((b) => b.checked && b.value !== level.value).map((b) => b.value);
  const syncSize = (): void => {
    const ids = [level.value, ...chosenThen()];
    // Teams stay together through the playlist: its smallest level's seats bound them.
    const max = Math.min(...ids.map((id) => teamLevels.find((l) => l.id === id)?.seats.max ?? 2));
    thenBoxes.forEach((b) => (b.disabled = b.value === level.value));
    teamSize.max = String(max);
    if (!teamSize.value || Number(teamSize.value) > max) teamSize.value = String(Math.min(4, max));
  };
  level.addEventListener("change", syncSize);
  for (const b of thenBoxes) b.addEventListener("change", syncSize);
  syncSize();
  const mode = h("select", { id: "ws-mode" }, h("option", { value: "guided" }, "Guided: rules enforced"), h("option", { value: "free" }, "Free: anything goes"));
  const runError = errorBox();
  const runButton = h("button", { type: "submit", class: "btn btn-secondary", "data-action": "workshop-run" }, "Create the workshop");
  const runForm = h(
    "form",
    { class: "panel workshop-form", "aria-labelledby": "ws-run-title", novalidate: true },
    h("h2", { id: "ws-run-title" }, "Run a workshop"),
    h("p", { class: "muted" }, "You take no seat: students join by code, teams are made for you, bots fill empty seats. You get a console and a projector page."),
    field("ws-level", "Level", level),
    thenList,
    field("ws-team-size", "Students per team", teamSize),
    field("ws-mode", "Mode", mode),
    runError,
    h("div", { class: "lobby-buttons" }, runButton),
  );
  runForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const size = Number(teamSize.value);
    const max = Number(teamSize.max);
    if (!Number.isInteger(size) || size < 1 || size > max) {
      showError(runError, `Students per team must be a whole number from 1 to ${max} for ${chosenThen().length > 0 ? "these levels" : "this level"}.`);
      teamSize.focus();
      return;
    }
    runButton.disabled = true;
    runButton.textContent = "Creating…";
    void handlers.run(level.value, size, mode.value === "free" ? "free" : "guided", chosenThen()).then((failure) => {
      runButton.disabled = false;
      runButton.textContent = "Create the workshop";
      if (failure) showError(runError, failure);
    });
  });

  const screen = h(
    "div",
    { class: "screen workshop-screen", "data-screen": "workshop-doors" },
    h("header", { class: "workshop-head" }, h("h1", { id: "ws-title", tabindex: -1 }, "Workshop"), button("Back", handlers.back, { class: "btn btn-ghost", "data-action": "back" })),
    h("div", { class: "workshop-doors" }, joinForm, runForm),
  );
  screen.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      handlers.back();
    }
  });
  return screen;
}

/** A student's waiting screen: who is in, which team they are in, until their team's game opens. */
export function renderStudentWait(nickname: string): { element: HTMLElement; update(view: Record<string, any>): void; message(text: string): void } {
  const status = h("p", { class: "workshop-status", role: "status" }, "You are in. Wait for the facilitator to start.");
  const teams = h("div", { class: "workshop-teams" });
  const element = h(
    "div",
    { class: "screen workshop-screen", "data-screen": "workshop-wait" },
    h("section", { class: "panel workshop-form", "aria-labelledby": "ws-wait-title" }, h("h1", { id: "ws-wait-title", tabindex: -1 }, `Hello, ${nickname}`), status, h("h2", {}, "Teams so far"), teams),
  );
  let key = "";
  return {
    element,
    update(view) {
      const names: string[][] = Array.isArray(view.teams) ? view.teams : [];
      const nemeses: { team: number; against: number }[] = Array.isArray(view.nemeses) ? view.nemeses : [];
      const next = JSON.stringify([names, view.team, view.phase, nemeses]);
      if (next === key) return;
      key = next;
      // A nemesis team plays another team's network: said beside its name, and to its students.
      const nemesisOf = (i: number): number | undefined => nemeses.find((n) => n.team === i)?.against;
      teams.replaceChildren(
        ...names.map((members, i) =>
          h("div", { class: i === view.team ? "workshop-team mine" : "workshop-team", ...(nemesisOf(i) !== undefined ? { "data-nemesis-of": String(nemesisOf(i)) } : {}) },
            h("h3", {}, `Team ${i + 1}`, i === view.team ? " (yours)" : "", nemesisOf(i) !== undefined ? ` · nemesis of team ${nemesisOf(i)! + 1}` : ""),
            h("ul", {}, ...members.map((n) => h("li", {}, String(n))))),
        ),
      );
      const mine = typeof view.team === "number" ? nemesisOf(view.team) : undefined;
      if (view.phase === "lobby") status.textContent = mine !== undefined ? `Your team is the nemesis of team ${mine + 1}: you will throw faults at their network, within a budget.` : "You are in. Wait for the facilitator to start.";
      if (view.phase !== "lobby") status.textContent = "The workshop has started: opening your team's game…";
    },
    message(text) {
      status.textContent = text;
      announce(text);
    },
  };
}
