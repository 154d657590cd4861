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
