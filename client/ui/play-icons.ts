// Small inline SVG icons for the panels (no emoji: not every machine has an emoji font, and a
// missing glyph prints as an empty box). Built with createElementNS, never from markup strings.
const SVG = "http://www.w3.org/2000/svg";

type Shape = [tag: string, attrs: Record<string, string>];

const ICONS: Record<string, Shape[]> = {
  // A floppy disk: "on disk, survives a crash".
  disk: [
    ["path", { d: "M4 3h13l3 3v15H4z", fill: "#56b4e9", stroke: "#0b1224", "stroke-width": "1.2" }],
    ["rect", { x: "7", y: "3.5", width: "9", height: "5", fill: "#0b1224" }],
    ["rect", { x: "13", y: "4.3", width: "2", height: "3.4", fill: "#cfe6ff" }],
    ["rect", { x: "7", y: "12.5", width: "10", height: "7", rx: "1", fill: "#e8eefc" }],
  ],
  clock: [
    ["circle", { cx: "12", cy: "12", r: "9", fill: "none", stroke: "#cc79a7", "stroke-width": "2.4" }],
    ["path", { d: "M12 7v5.5l3.5 2", fill: "none", stroke: "#f1b5d6", "stroke-width": "2.2", "stroke-linecap": "round" }],
  ],
  person: [
    ["circle", { cx: "12", cy: "8", r: "4.2", fill: "#f0c43a" }],
    ["path", { d: "M4 21c0-4.4 3.6-7.5 8-7.5s8 3.1 8 7.5z", fill: "#f0c43a" }],
  ],
};

export function icon(name: keyof typeof ICONS & string, className = "icon"): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", className);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  for (const [tag, attrs] of ICONS[name] ?? []) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    svg.appendChild(el);
  }
  return svg;
}
