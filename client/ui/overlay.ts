// The DOM layer above the canvas, declared in index.html as <main id="ui">.

export function uiRoot(): HTMLElement {
  const root = document.getElementById("ui");
  if (!root) throw new Error("index.html must contain <main id=\"ui\">");
  return root;
}
