// Colours shared by the canvas and (mirrored as CSS variables) the DOM panels.
// Message colours are the Okabe-Ito set, distinguishable with the common colour-vision
// deficiencies; shape carries the same information again (see packet-styles.ts).

export const BACKGROUND = 0x0b1224;
export const BACKGROUND_CSS = "#0b1224";

export const INK = {
  link: 0x2a3c66,
  linkBright: 0x3f5a94,
  node: 0x17264a,
  nodeRim: 0x56b4e9,
  nodeCore: 0xcfe6ff,
  /** Your own node's ring and glow. */
  self: 0xf0c43a,
  /** A crashed node: drawn in its own texture, since Canvas cannot tint. */
  nodeDown: 0x141a28,
  nodeDownRim: 0x5b6478,
  nodeDownCore: 0x7d8598,
  progressTrack: 0x1a2747,
  progressFill: 0x56b4e9,
  text: "#e8eefc",
  textMuted: "#9fb0d0",
} as const;

export const OKABE_ITO = {
  orange: 0xe69f00,
  skyBlue: 0x56b4e9,
  bluishGreen: 0x009e73,
  yellow: 0xf0e442,
  blue: 0x0072b2,
  vermillion: 0xd55e00,
  reddishPurple: 0xcc79a7,
} as const;
