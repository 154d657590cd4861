// The level's knobs (shared/sim/knobs.ts) on the play screen: one labelled number field per knob
// the player's role may set, in the player's units (seconds for ticks), with the level's limits
// as the field's min, max and step. A change is sent as it is committed (Enter or leaving the
// field); the server's limits are the truth, and its refusal shows under the field.
import type { KnobSpec } from "../../shared/level/level.js";
import { knobText } from "../../shared/sim/knobs.js";
import type { Reply } from "../net/room-client.js";
import { announce, h } from "./dom.js";

export class KnobsPanel {
  readonly element: HTMLElement;
  private readonly fields = new Map<string, { input: HTMLInputElement; note: HTMLElement }>();
  private readonly sending = new Set<string>();

  constructor(
    private readonly knobs: readonly KnobSpec[],
    private readonly set: (knob: string, value: number) => Promise<Reply>,
  ) {
    this.element = h("div", { class: "knobs", role: "group", "aria-label": "Your settings" });
    if (knobs.length === 0) {
      this.element.hidden = true;
      return;
    }
    this.element.append(h("span", { class: "autopilot-label" }, "Settings"));
    for (const knob of knobs) {
      const scale = knob.unit === "ticks" ? 10 : 1;
      const id = `knob-${knob.id}`;
      const input = h("input", {
        id,
        type: "number",
        class: "knob-input",
        min: String(knob.min / scale),
        max: String(knob.max / scale),
        step: String(knob.step / scale),
        value: String(knob.default / scale),
        "aria-describedby": `${id}-note`,
        "data-knob": knob.id,
      }) as HTMLInputElement;
      const note = h("span", { id: `${id}-note`, class: "knob-note", title: knob.text }, `${knob.text} Default ${knobText(knob, knob.default)}.`);
      input.addEventListener("change", () => this.send(knob, Math.round(Number(input.value) * scale)));
      input.addEventListener("keydown", (e) => e.stopPropagation()); // digits here are not the bar's keys
      this.fields.set(knob.id, { input, note });
      this.element.append(h("label", { class: "knob", for: id, title: knob.text }, h("span", { class: "knob-label" }, knob.label, knob.unit === "ticks" ? " (s)" : ""), input), note);
    }
  }

  /** Shows the node's current values (the server's), except in a field being edited. */
  render(values: Readonly<Record<string, number>> | null, role: string | null, botRuns: boolean): void {
    for (const knob of this.knobs) {
      const field = this.fields.get(knob.id);
      if (!field) continue;
      const mine = role !== null && knob.roles.includes(role);
      field.input.disabled = !mine || botRuns;
      const value = values?.[knob.id];
      if (value === undefined || document.activeElement === field.input || this.sending.has(knob.id)) continue;
      const shown = String(value / (knob.unit === "ticks" ? 10 : 1));
      if (field.input.value !== shown) field.input.value = shown;
    }
  }

  private send(knob: KnobSpec, value: number): void {
    const field = this.fields.get(knob.id);
    if (!field) return;
    this.sending.add(knob.id);
    void this.set(knob.id, value).then((reply) => {
      this.sending.delete(knob.id);
      if (reply.ok) {
        field.note.textContent = `${knob.text} Now ${knobText(knob, value)}.`;
        field.note.classList.remove("knob-refused");
        announce(`${knob.label}: ${knobText(knob, value)}.`);
      } else {
        field.note.textContent = reply.message;
        field.note.classList.add("knob-refused");
      }
    });
  }
}
