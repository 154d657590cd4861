// The lobby: who you are (nickname, optional class code, remembered), how you play (solo, a new
// team room, a room joined by code, or watching), and for team rooms the waiting room: the code
// to share, the seats and who holds them, ready flags, and the facilitator's Start button.
import type { LevelSummary, PlayMode } from "../net/api-types.js";
import type { GameSnapshot } from "../net/snapshot.js";
import { NICKNAME_MAX, classCodeProblem, nicknameProblem, readProfile, saveProfile } from "../net/session-store.js";
import { announce, button, h } from "./dom.js";
import { levelCode } from "./home-panel.js";
import type { LobbyIntent } from "./lobby-event.js";
import "./play.css";

export interface LobbyChoice {
  intent: LobbyIntent | "spectate" | "facilitate";
  levelId: string;
  playMode: PlayMode;
  nickname: string;
  classCode: string;
  code: string;
}

export interface LobbyFormHandlers {
  submit(choice: LobbyChoice): Promise<string | null>;
  back(): void;
}

const INTENTS: readonly { intent: LobbyChoice["intent"]; name: string; hint: string }[] = [
  { intent: "solo", name: "Play solo", hint: "Bots play every other node." },
  { intent: "team", name: "Create team room", hint: "Get a code; classmates join as the other nodes." },
  { intent: "facilitate", name: "Run a team room (no seat)", hint: "You facilitate: start, pause, throw faults; bots play the seats nobody takes." },
  { intent: "join", name: "Join by code", hint: "Take a seat in a room someone created." },
  { intent: "spectate", name: "Watch by code", hint: "The god's view, for a projector: type the projector code from the facilitator's waiting room." },
];

function field(id: string, label: string, input: HTMLInputElement | HTMLSelectElement, hint?: string): HTMLElement {
  return h("div", { class: "field" }, h("label", { for: id }, label, hint ? h("span", { class: "optional" }, ` ${hint}`) : null), input);
}

export function renderLobbyForm(levels: readonly LevelSummary[], initial: { intent: LobbyIntent; levelId?: string; mode?: PlayMode; error?: string }, handlers: LobbyFormHandlers): HTMLElement {
  const profile = readProfile();
  const nickname = h("input", { id: "lobby-nickname", name: "nickname", type: "text", maxlength: NICKNAME_MAX * 2, autocomplete: "nickname", required: true, spellcheck: "false" });
  nickname.value = profile.nickname;
  const classCode = h("input", { id: "lobby-class", name: "classCode", type: "text", maxlength: 24, autocomplete: "off", spellcheck: "false", placeholder: "e.g. 3B-2026" });
  classCode.value = profile.classCode;
  const code = h("input", { id: "lobby-code", name: "code", type: "text", maxlength: 24, autocomplete: "off", spellcheck: "false", placeholder: "ABC234", class: "code-input" });
  const level = h("select", { id: "lobby-level", name: "level" });
  for (const l of levels) {
    const option = h("option", { value: l.id }, `${levelCode(l.id)} · ${l.title}`);
    if (l.id === initial.levelId) option.selected = true;
    level.append(option);
  }
  const mode = h("select", { id: "lobby-mode", name: "mode" }, h("option", { value: "guided" }, "Guided: rules enforced"), h("option", { value: "free" }, "Free: anything goes"));
  mode.value = initial.mode ?? "guided";

  const radios = INTENTS.map(({ intent, name, hint }) => {
    const input = h("input", { type: "radio", name: "intent", value: intent, id: `intent-${intent}` });
    input.checked = intent === initial.intent;
    return { intent, input, label: h("label", { class: "mode-option intent-option", for: `intent-${intent}` }, input, h("span", { class: "mode-name" }, name), h("span", { class: "mode-hint" }, hint)) };
  });
  const intentOf = (): LobbyChoice["intent"] => radios.find((r) => r.input.checked)?.intent ?? "solo";

  const levelField = field("lobby-level", "Level", level);
  const modeField = field("lobby-mode", "Mode", mode);
  // The briefing already asked for the mode: say what was chosen instead of asking twice.
  const modeChosen = initial.mode !== undefined;
  const modeNote = h(
    "p",
    { class: "lobby-mode-note", "data-mode": mode.value },
    `Mode: ${mode.value === "free" ? "Free (anything goes)" : "Guided (rules enforced)"}, as chosen on the briefing.`,
  );
  const codeField = field("lobby-code", "Room code", code);
  const nickField = field("lobby-nickname", "Nickname", nickname, "(1–24 characters, shown to others)");
  const classField = field("lobby-class", "Class code", classCode, "(optional)");
  const error = h("div", { class: "error-box lobby-error", role: "alert", hidden: true });
  // A start that failed before the form was shown (watch it first, play on from here) says why.
  if (initial.error) showError(error, initial.error);
  const submit = h("button", { type: "submit", class: "btn btn-primary", "data-action": "lobby-go" }, "Start");

  const sync = (): void => {
    const intent = intentOf();
    levelField.hidden = intent === "join" || intent === "spectate";
    modeField.hidden = modeChosen || intent === "join" || intent === "spectate";
    modeNote.hidden = !modeChosen || intent === "join" || intent === "spectate";
    codeField.hidden = !(intent === "join" || intent === "spectate");
    nickField.hidden = intent === "spectate" || intent === "facilitate";
    classField.hidden = intent === "spectate" || intent === "facilitate";
    submit.textContent = intent === "solo" ? "Play solo" : intent === "team" || intent === "facilitate" ? "Create room" : intent === "join" ? "Join" : "Watch";
  };
  for (const r of radios) r.input.addEventListener("change", sync);
  sync();

  const form = h(
    "form",
    { class: "panel lobby", "aria-labelledby": "lobby-title", novalidate: true },
    h("h2", { id: "lobby-title", class: "lobby-title", tabindex: -1 }, "Join the network"),
    h("fieldset", { class: "mode-choice intent-choice" }, h("legend", {}, "How do you want to play?"), ...radios.map((r) => r.label)),
    h("div", { class: "lobby-fields" }, nickField, classField, levelField, modeField, modeNote, codeField),
    error,
    h("div", { class: "lobby-buttons" }, button("Back", handlers.back, { class: "btn btn-ghost", "data-action": "back" }), submit),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const intent = intentOf();
    const problem =
      intent === "spectate"
        ? code.value.trim() ? null : "Type the room code you were given."
        : intent === "facilitate"
          ? null
          : nicknameProblem(nickname.value) ?? classCodeProblem(classCode.value) ?? (intent === "join" && !code.value.trim() ? "Type the room code you were given." : null);
    if (problem) {
      showError(error, problem);
      (intent === "join" || intent === "spectate") && !code.value.trim() ? code.focus() : nickname.focus();
      return;
    }
    if (intent !== "spectate" && intent !== "facilitate") saveProfile({ nickname: nickname.value.trim(), classCode: classCode.value.trim() });
    error.hidden = true;
    submit.disabled = true;
    submit.textContent = "Connecting…";
    announce("Connecting to the game server…");
    void handlers
      .submit({ intent, levelId: level.value, playMode: mode.value === "free" ? "free" : "guided", nickname: nickname.value, classCode: classCode.value, code: code.value })
      .then((failure) => {
        if (failure === null) return;
        submit.disabled = false;
        sync();
        showError(error, failure);
      });
  });
  // Escape goes back, as on every other screen.
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      handlers.back();
    }
  });
  return h("div", { class: "screen screen-lobby", "data-screen": "lobby" }, form);
}

function showError(box: HTMLElement, message: string): void {
  box.hidden = false;
  box.replaceChildren(h("p", {}, message));
  announce(message);
}

export interface WaitingRoomHandlers {
  start(): void;
  ready(ready: boolean): void;
  leave(): void;
}

/** The team waiting room, redrawn on each snapshot (cheap: a handful of seats). */
export class WaitingRoom {
  readonly element: HTMLElement;
  private readonly seats: HTMLElement;
  private readonly startButton: HTMLButtonElement;
  private readonly readyButton: HTMLButtonElement;
  private readonly note: HTMLElement;
  private key = "";

  constructor(
    level: LevelSummary | undefined,
    joinCode: string,
    private readonly myNode: string | null,
    handlers: WaitingRoomHandlers,
    /** The facilitator's only: opens the god's view on a projector. Null for everyone else. */
    projectorCode: string | null = null,
  ) {
    this.seats = h("tbody");
    this.startButton = button("Start the game", () => handlers.start(), { class: "btn btn-primary", "data-action": "start-game" });
    this.readyButton = button("I'm ready", () => handlers.ready(this.readyButton.getAttribute("aria-pressed") !== "true"), { class: "btn btn-secondary", "data-action": "ready", "aria-pressed": "false" });
    this.note = h("p", { class: "muted", role: "status" });
    const copy = button("Copy", () => void navigator.clipboard?.writeText(joinCode).then(() => announce("Code copied.")), { class: "btn btn-ghost btn-small", "data-action": "copy-code" });
    this.element = h(
      "div",
      { class: "screen screen-lobby", "data-screen": "waiting-room" },
      h(
        "section",
        { class: "panel lobby waiting", "aria-labelledby": "wait-title" },
        h("p", { class: "kicker" }, level ? `${levelCode(level.id)} · ${level.title}` : "Team room"),
        h("h2", { id: "wait-title", class: "lobby-title", tabindex: -1 }, "Waiting room"),
        h(
          "div",
          { class: "join-code-box" },
          h("span", { class: "join-code-label" }, "Join code"),
          h("strong", { class: "join-code", "data-join-code": joinCode, "aria-label": `Join code ${joinCode.split("").join(" ")}` }, joinCode),
          copy,
        ),
        projectorCode
          ? h(
              "details",
              { class: "projector-code", "data-projector-code": projectorCode },
              h("summary", {}, "Projector code (the god's view)"),
              h("p", { class: "muted" }, "On the projector, choose Watch by code and type this. Keep it off the shared screen: it shows every node's secrets."),
              h("strong", { class: "join-code" }, projectorCode),
            )
          : null,
        h(
          "p",
          { class: "muted" },
          myNode
            ? `You are node ${myNode}. Share the code: each classmate becomes a node; bots play the empty seats.`
            : projectorCode
              ? "You facilitate without a seat: share the join code; bots play the seats nobody takes. Open the projector code on the big screen."
              : "You are watching. Put this screen on the projector.",
        ),
        h("table", { class: "seats" }, h("caption", { class: "sr-only" }, "Seats"), h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Node"), h("th", { scope: "col" }, "Played by"), h("th", { scope: "col" }, "Ready"))), this.seats),
        this.note,
        h("div", { class: "lobby-buttons" }, button("Leave", () => handlers.leave(), { class: "btn btn-ghost", "data-action": "leave" }), myNode ? this.readyButton : null, this.startButton),
      ),
    );
  }

  update(snapshot: GameSnapshot, isFacilitator: boolean): void {
    const key = JSON.stringify([snapshot.seats, isFacilitator]);
    if (key === this.key) return;
    this.key = key;
    this.seats.replaceChildren(
      ...snapshot.seats.map((seat) => {
        const who = seat.status === "open" ? h("span", { class: "muted" }, "bot (open seat)") : h("span", { class: "seat-nick" }, seat.nickname, seat.status === "held" ? " (reconnecting…)" : "");
        const mine = seat.node === this.myNode;
        return h(
          "tr",
          { class: mine ? "seat mine" : "seat" },
          h("th", { scope: "row" }, seat.node, seat.label ? h("span", { class: "muted" }, ` · ${seat.label}`) : null, mine ? h("span", { class: "you-chip" }, "you") : null),
          h("td", {}, who),
          h("td", {}, seat.ready ? "✓ ready" : seat.status === "open" ? "" : "…"),
        );
      }),
    );
    const me = snapshot.seats.find((s) => s.node === this.myNode);
    this.readyButton.setAttribute("aria-pressed", String(me?.ready ?? false));
    this.readyButton.textContent = me?.ready ? "✓ Ready" : "I'm ready";
    this.startButton.hidden = !isFacilitator;
    const seated = snapshot.seats.filter((s) => s.status !== "open").length;
    this.note.textContent = isFacilitator
      ? `${seated} ${seated === 1 ? "player" : "players"} seated. Start when everyone is in.`
      : "The facilitator starts the game.";
  }
}
