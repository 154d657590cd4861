// "Teach a class": a teacher names a class and gets its code (for students) and a teacher link
// (the only key to the class's results, kept in this browser too). No accounts.
import type { NewClass } from "../net/api-types.js";
import { userMessageOf } from "../net/api.js";
import { readTeacherClasses, type TeacherClass } from "../net/session-store.js";
import { classLink } from "./class-route.js";
import { announce, button, h } from "./dom.js";

export interface TeachDeps {
  create(name: string): Promise<NewClass>;
  /** Remembers a new class in this browser. */
  remember(entry: TeacherClass): void;
  openClass(entry: TeacherClass): void;
  back(): void;
}

export const CLASS_NAME_MAX = 60;

export function renderTeach(deps: TeachDeps): HTMLElement {
  const nameInput = h("input", { id: "teach-name", name: "name", type: "text", maxlength: CLASS_NAME_MAX, autocomplete: "off", placeholder: "e.g. 3B physics, spring term" });
  const outcome = h("div", { class: "teach-outcome", "aria-live": "polite" });
  const list = h("div", { class: "teach-classes" });
  const submit = h("button", { type: "submit", class: "btn btn-primary" }, "Create class");

  const showList = (): void => {
    const classes = readTeacherClasses();
    list.replaceChildren(
      ...(classes.length === 0
        ? []
        : [
            h("h3", {}, "Your classes on this browser"),
            h(
              "ul",
              { class: "teach-class-list" },
              ...classes.map((entry) => h("li", {}, button(`${entry.name} · ${entry.code}`, () => deps.openClass(entry), { class: "btn btn-ghost", "data-class-code": entry.code }))),
            ),
          ]),
    );
  };

  const form = h(
    "form",
    { class: "lb-form", "aria-label": "Create a class" },
    h("div", { class: "field" }, h("label", { for: "teach-name" }, "Class name"), nameInput),
    submit,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = nameInput.value.trim();
    if (!name) {
      outcome.replaceChildren(h("p", { class: "form-error", role: "alert" }, "Give the class a name your students will recognise."));
      nameInput.focus();
      return;
    }
    submit.disabled = true;
    outcome.replaceChildren(h("p", { class: "loading-line" }, "Creating the class…"));
    deps
      .create(name)
      .then((made) => {
        const entry: TeacherClass = { code: made.code, name: made.name, teacherSecret: made.teacherSecret };
        deps.remember(entry);
        outcome.replaceChildren(madeClass(entry, deps));
        showList();
        announce(`Class ${made.name} created. Its code is ${made.code.split("").join(" ")}.`);
        outcome.querySelector<HTMLElement>(".class-code-big")?.focus();
      })
      .catch((error: unknown) => {
        outcome.replaceChildren(h("p", { class: "form-error", role: "alert" }, userMessageOf(error)));
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  showList();

  return h(
    "div",
    { class: "screen screen-leaderboards", "data-screen": "teach" },
    h(
      "section",
      { class: "panel leaderboards", "aria-labelledby": "teach-title" },
      h(
        "header",
        { class: "panel-header" },
        h("h2", { id: "teach-title", tabindex: -1 }, "Teach a class"),
        button("Back", deps.back, { class: "btn btn-ghost", "data-action": "back", "aria-keyshortcuts": "Escape" }),
      ),
      h(
        "p",
        { class: "teach-intro" },
        "Students type the class code when they play (no accounts). Each level has one seed for the whole class, so everyone meets the same faults and scores compare. Your class page shows every student's stars and debriefs, and which mistakes the class made.",
      ),
      form,
      outcome,
      list,
    ),
  );
}

function madeClass(entry: TeacherClass, deps: TeachDeps): HTMLElement {
  const link = classLink({ code: entry.code, teacherSecret: entry.teacherSecret });
  const linkInput = h("input", { id: "teach-link", type: "text", readonly: true, value: link, "aria-label": "Your teacher link" });
  const copied = h("span", { class: "teach-copied", "aria-live": "polite" });
  return h(
    "div",
    { class: "teach-made", "data-state": "created" },
    h("p", {}, "Write this code on the board:"),
    h("p", { class: "class-code-big", tabindex: -1, "data-class-code": entry.code }, entry.code),
    h(
      "div",
      { class: "field" },
      h("label", { for: "teach-link" }, "Your teacher link"),
      h("div", { class: "teach-link-row" }, linkInput, button("Copy link", () => void copy(link, copied, linkInput), { class: "btn btn-secondary" })),
      copied,
    ),
    h("p", { class: "teach-warning" }, "Keep this link: it is the only key to your class's results. This browser remembers it too."),
    button("Open the class page", () => deps.openClass(entry), { class: "btn btn-primary", "data-action": "open-class" }),
  );
}

async function copy(text: string, status: HTMLElement, fallback: HTMLInputElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = "Copied.";
  } catch {
    // No clipboard permission (or not a secure context): select it for Ctrl+C instead.
    fallback.select();
    status.textContent = "Selected: press Ctrl+C (or ⌘C) to copy.";
  }
}
