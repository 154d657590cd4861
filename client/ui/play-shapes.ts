// The same shape + colour per message type as the packets on the map, as small inline SVG
// for the DOM panels (built with createElementNS: never markup from strings).
import { messageStyle } from "../view/message-styles.js";
import type { PacketShape } from "../view/packet-styles.js";

const SVG = "http://www.w3.org/2000/svg";

function points(shape: PacketShape): string | null {
  const poly = (sides: number, r: number, rot: number): string =>
    Array.from({ length: sides }, (_, i) => {
      const a = rot + (i * 2 * Math.PI) / sides;
      return `${(12 + r * Math.cos(a)).toFixed(2)},${(12 + r * Math.sin(a)).toFixed(2)}`;
    }).join(" ");
  switch (shape) {
    case "circle":
      return null;
    case "square":
      return poly(4, 10.5, Math.PI / 4);
    case "triangle":
      return poly(3, 11, -Math.PI / 2);
    case "diamond":
      return poly(4, 11, 0);
    case "hexagon":
      return poly(6, 10, 0);
    case "star":
      return Array.from({ length: 10 }, (_, i) => {
        const r = i % 2 === 0 ? 11.5 : 5;
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        return `${(12 + r * Math.cos(a)).toFixed(2)},${(12 + r * Math.sin(a)).toFixed(2)}`;
      }).join(" ");
  }
}

/** A decorative shape icon (aria-hidden: the type's name is always written next to it). */
export function shapeIcon(messageType: string, className = "shape-icon"): SVGSVGElement {
  const style = messageStyle(messageType);
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", className);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const fill = `#${style.color.toString(16).padStart(6, "0")}`;
  const pts = points(style.shape);
  const el = pts === null ? document.createElementNS(SVG, "circle") : document.createElementNS(SVG, "polygon");
  if (pts === null) {
    el.setAttribute("cx", "12");
    el.setAttribute("cy", "12");
    el.setAttribute("r", "9.5");
  } else {
    el.setAttribute("points", pts);
  }
  el.setAttribute("fill", fill);
  el.setAttribute("stroke", "#0b1224");
  el.setAttribute("stroke-width", "1.5");
  svg.appendChild(el);
  return svg;
}
