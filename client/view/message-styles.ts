// One distinct shape (and its paired colour) per message type of a protocol, so that no two
// types a player meets in one level ever look alike, even in grey on a projector. Types keep
// their family shape (votes are triangles, appends diamonds...) when it is still free.
import { PACKET_STYLES, packetStyle, type PacketStyle } from "./packet-styles.js";

const assigned = new Map<string, PacketStyle>();

/** Fixes the styles for one protocol's message types (in the protocol's declared order). */
export function assignMessageStyles(types: readonly string[]): void {
  assigned.clear();
  const used = new Set<string>();
  for (const type of types) {
    const family = packetStyle(type);
    const style = used.has(family.shape) ? (PACKET_STYLES.find((s) => !used.has(s.shape)) ?? family) : family;
    used.add(style.shape);
    assigned.set(type, style);
  }
}

/** The style of a message type: the assigned one, else the family/hash default. */
export function messageStyle(type: string): PacketStyle {
  return assigned.get(type) ?? packetStyle(type);
}
