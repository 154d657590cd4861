import { describe, expect, it } from "vitest";
import { PACKET_STYLES, packetStyle } from "../../../client/view/packet-styles.js";

describe("packet styles", () => {
  it("gives every style its own shape AND its own colour (colour-blind safe)", () => {
    expect(new Set(PACKET_STYLES.map((style) => style.shape)).size).toBe(PACKET_STYLES.length);
    expect(new Set(PACKET_STYLES.map((style) => style.color)).size).toBe(PACKET_STYLES.length);
  });

  it("tells the main message families apart by shape", () => {
    const shapes = ["request", "response", "RequestVote", "AppendEntries", "rumor", "reaction"].map((t) => packetStyle(t).shape);
    expect(new Set(shapes).size).toBe(6);
  });

  it("is deterministic for unknown types", () => {
    expect(packetStyle("someNewMessage")).toEqual(packetStyle("someNewMessage"));
    expect(PACKET_STYLES).toContainEqual(packetStyle("whatever"));
  });
});

describe("message styles of a level", () => {
  it("never draws two message types of one protocol alike, even the busiest one", async () => {
    const { CATALOG } = await import("../../../shared/protocols/catalog.js");
    const { assignMessageStyles, messageStyle } = await import("../../../client/view/message-styles.js");
    for (const id of ["hello", "raft", "lamport", "majority-kv"]) {
      const types = Object.keys(CATALOG.protocols[id]!.messageTypes);
      assignMessageStyles(types);
      const styles = types.map((t) => messageStyle(t));
      expect(new Set(styles.map((s) => s.shape)).size, id).toBe(types.length);
      expect(new Set(styles.map((s) => s.color)).size, id).toBe(types.length);
    }
  });
});
