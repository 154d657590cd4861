// The same shape + colour per message type as the packets on the map, as small inline SVG
// for the DOM panels (built with createElementNS: never markup from strings).
import { messageStyle } from "../view/message-styles.js";
import { packetOutline } from "../view/packet-geometry.js";

const SVG = "http://www.w3.org/2000/svg";

/** A decorative shape icon (aria-hidden: the type's name is always written next to it). */
export function shapeIcon(messageType: string, className = "shape-icon"): SVGSVGElement {
  const style = messageStyle(messageType);
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", className);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const color = `#${style.color.toString(16).padStart(6, "0")}`;
  const { points, hollow } = packetOutline(style.shape, 12, 12, 9.5);
  const el = points === null ? document.createElementNS(SVG, "circle") : document.createElementNS(SVG, "polygon");
  if (points === null) {
    el.setAttribute("cx", "12");
    el.setAttribute("cy", "12");
    el.setAttribute("r", hollow ? "7.5" : "9.5");
  } else {
    el.setAttribute("points", points.map((p) => `${p.x.toFixed(2)},${p.y.toFixed(2)}`).join(" "));
  }
  // A ring is drawn by its stroke alone; every other shape is filled with a dark rim.
  el.setAttribute("fill", hollow ? "none" : color);
  el.setAttribute("stroke", hollow ? color : "#0b1224");
  el.setAttribute("stroke-width", hollow ? "4" : "1.5");
  svg.appendChild(el);
  return svg;
}
