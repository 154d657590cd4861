// A tiny element builder. Text only ever goes in through textContent (never innerHTML),
// so level text from the server or a nickname from a classmate cannot inject markup.

type Attrs = Record<string, string | number | boolean | undefined>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === "class") element.className = String(value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

/** A <button type="button"> whose click handler is attached here, not via an attribute. */
export function button(label: string, onClick: () => void, attrs: Attrs = {}): HTMLButtonElement {
  const element = h("button", { type: "button", ...attrs }, label);
  element.addEventListener("click", onClick);
  return element;
}

/** Writes a message to the screen-reader status region declared in index.html. */
export function announce(message: string): void {
  const status = document.getElementById("status");
  if (status) status.textContent = message;
}
