// Each message type gets a SHAPE and a colour, so that players who cannot tell the
// colours apart still tell the messages apart (and so does a grey-scale projector).
import { OKABE_ITO } from "./palette.js";

export type PacketShape = "circle" | "square" | "triangle" | "diamond" | "hexagon" | "star" | "pentagon" | "triangle-down" | "cross" | "ring";

export interface PacketStyle {
  shape: PacketShape;
  color: number;
  textureKey: string;
}

// One colour per shape: the pairing is fixed, so a shape always means the same colour. Ten, so
// that the busiest protocol (majority-kv, ten message types) never has to show two types alike;
// the first six are the Okabe-Ito colours, the last four light tints that read on the dark map.
export const PACKET_STYLES: readonly PacketStyle[] = [
  { shape: "circle", color: OKABE_ITO.skyBlue },
  { shape: "square", color: OKABE_ITO.orange },
  { shape: "triangle", color: OKABE_ITO.bluishGreen },
  { shape: "diamond", color: OKABE_ITO.yellow },
  { shape: "hexagon", color: OKABE_ITO.reddishPurple },
  { shape: "star", color: OKABE_ITO.vermillion },
  { shape: "pentagon", color: 0xe8eefc },
  { shape: "triangle-down", color: 0x9be7c4 },
  { shape: "cross", color: 0xff9e9e },
  { shape: "ring", color: 0xc3a6ff },
].map((style) => ({ ...style, textureKey: `packet-${style.shape}` }) as PacketStyle);

// Families of message types that read naturally as one shape across protocols.
const FAMILY: Record<string, PacketShape> = {
  request: "circle",
  response: "square",
  heartbeat: "circle",
  ack: "square",
  reply: "square",
  vote: "triangle",
  requestvote: "triangle",
  append: "diamond",
  appendentries: "diamond",
  replicate: "diamond",
  rumor: "hexagon",
  reaction: "star",
  charge: "star",
};

function styleOfShape(shape: PacketShape): PacketStyle {
  const style = PACKET_STYLES.find((item) => item.shape === shape);
  if (!style) throw new Error(`no packet style for ${shape}`);
  return style;
}

/** Deterministic: the same message type always gets the same style, in every browser. */
export function packetStyle(messageType: string): PacketStyle {
  const key = messageType.toLowerCase().replace(/[^a-z]/g, "");
  const known = FAMILY[key];
  if (known) return styleOfShape(known);
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) >>> 0;
  return PACKET_STYLES[hash % PACKET_STYLES.length] ?? styleOfShape("circle");
}
