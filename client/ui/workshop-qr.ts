// A QR code for the workshop's join link, drawn here in the browser with uqr (maintained by
// unjs, no dependencies, ~10 KB): the link never goes to a third-party QR service, and the
// projector works on a school network with no Internet. Built as SVG elements, not markup.
import { encode } from "uqr";

const SVG_NS = "http://www.w3.org/2000/svg";
/** Blank modules around the code, as the QR standard asks (readers need the quiet zone). */
const QUIET_MODULES = 2;

export function qrCode(text: string, label: string): SVGSVGElement {
  const { data, size } = encode(text, { ecc: "M", border: 0 });
  const full = size + QUIET_MODULES * 2;
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", `0 0 ${full} ${full}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  svg.setAttribute("class", "qr-code");
  svg.setAttribute("shape-rendering", "crispEdges");
  const background = document.createElementNS(SVG_NS, "rect");
  background.setAttribute("width", String(full));
  background.setAttribute("height", String(full));
  background.setAttribute("fill", "#ffffff");
  svg.append(background);
  // One path for every dark module: a few hundred small squares in a single element.
  let d = "";
  data.forEach((row, y) => row.forEach((dark, x) => {
    if (dark) d += `M${x + QUIET_MODULES} ${y + QUIET_MODULES}h1v1h-1z`;
  }));
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", d);
  path.setAttribute("fill", "#000000");
  svg.append(path);
  return svg;
}
