// The fields a binding needs filled in (a stamp, a rumor to react to, a peer), and grouped
// action buttons. The fields persist across snapshot patches, so what the player typed survives;
// only their hints and choice lists are refreshed. Enter in a field runs the form's first action.
// Text goes in through textContent only.
import type { Binding, BindingInput } from "./play-bindings.js";
import { withInputs } from "./play-bindings.js";
import { h } from "./dom.js";

interface Field {
  element: HTMLElement;
  control: HTMLInputElement | HTMLSelectElement;
  hint: HTMLElement;
  options: string;
}

export class InputFields {
  readonly element: HTMLElement;
  private readonly fields = new Map<string, Field>();

  /** onEnter: Enter pressed in a field (run the first action that uses the fields). */
  constructor(private readonly onEnter: (anchor: HTMLElement) => void) {
    this.element = h("div", { class: "card-inputs" });
  }

  /** Shows the union of the bindings' inputs (by name, first one wins), keeping typed values. */
  update(bindings: readonly Binding[]): void {
    const inputs = new Map<string, BindingInput>();
    for (const b of bindings) for (const input of b.inputs ?? []) if (!inputs.has(input.name)) inputs.set(input.name, input);
    for (const [name, field] of this.fields) {
      if (!inputs.has(name)) {
        field.element.remove();
        this.fields.delete(name);
      }
    }
    for (const [name, input] of inputs) {
      let field = this.fields.get(name);
      if (!field) {
        field = this.make(input);
        this.fields.set(name, field);
        this.element.append(field.element);
      }
      if (field.hint.textContent !== (input.hint ?? "")) field.hint.textContent = input.hint ?? "";
      if (field.control instanceof HTMLSelectElement) this.setOptions(field, input.options ?? []);
    }
  }

  values(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, field] of this.fields) out[name] = field.control.value;
    return out;
  }

  /** The binding with the typed values in its params. */
  resolve(binding: Binding): Binding {
    return withInputs(binding, this.values());
  }

  private make(input: BindingInput): Field {
    const control =
      input.kind === "number"
        ? h("input", { type: "text", inputmode: "numeric", autocomplete: "off", class: `field-input field-${input.name}`, "data-input": input.name, size: 5 })
        : h("select", { class: `field-select field-${input.name}`, "data-input": input.name });
    control.addEventListener("keydown", (event) => {
      if ((event as KeyboardEvent).key !== "Enter") return;
      event.preventDefault();
      this.onEnter(control);
    });
    const hint = h("span", { class: "field-hint" });
    const element = h("label", { class: `input-field input-field-${input.kind}` }, h("span", { class: "field-label" }, input.label), control, hint);
    return { element, control, hint, options: "" };
  }

  private setOptions(field: Field, options: readonly { value: string; label: string }[]): void {
    const key = JSON.stringify(options);
    if (field.options === key) return;
    field.options = key;
    const select = field.control as HTMLSelectElement;
    const chosen = select.value;
    select.replaceChildren(...options.map((o) => h("option", { value: o.value }, o.label)));
    if (options.some((o) => o.value === chosen)) select.value = chosen;
  }
}

/**
 * Action buttons, grouped: bindings of one group (a quiz question, the facts of a reservation)
 * sit under its title and lines; the rest follow. `button` makes each button.
 */
export function groupedButtons(bindings: readonly Binding[], button: (b: Binding) => HTMLElement): HTMLElement[] {
  const out: HTMLElement[] = [];
  const groups = new Map<string, HTMLElement>();
  for (const b of bindings) {
    if (!b.group) {
      out.push(button(b));
      continue;
    }
    let row = groups.get(b.group.id);
    if (!row) {
      row = h("div", { class: "group-buttons" });
      groups.set(b.group.id, row);
      out.push(
        h(
          "div",
          { class: "action-group", "data-group": b.group.id },
          b.group.title ? h("p", { class: "group-title" }, b.group.title) : null,
          ...b.group.lines.map((line) => h("p", { class: "group-line" }, line)),
          row,
        ),
      );
    }
    row.append(button(b));
  }
  return out;
}
