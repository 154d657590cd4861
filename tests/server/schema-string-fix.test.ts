/**
 * @colyseus/schema 3.0.76 wrote a string of exactly 255 UTF-8 bytes with the length byte 0, and
 * the decoder then read the text as the operations that follow (issue 11 item 2a). The server's
 * fix (server/schema/schema-string-fix.ts) is installed with the level state: every length
 * around the msgpack boundaries (31/32, 255/256, 65535/65536), ASCII and multi-byte, written into
 * a real Schema as a field and as a map key, must decode to itself, with a field after it intact.
 */
import { describe, expect, it } from "vitest";
import { Decoder, Encoder, MapSchema, Schema, type } from "@colyseus/schema";
import "../../server/schema/level-state.js";

class Probe extends Schema {
  @type("string") text = "";
  @type({ map: "string" }) byKey = new MapSchema<string>();
  @type("uint32") after = 0;
}

Encoder.BUFFER_SIZE = 256 * 1024;
const lengths = [0, 1, 31, 32, 33, 254, 255, 256, 257, 510, 65535, 65536];

function textOf(bytes: number, multiByte: boolean): string {
  // "é" is 2 bytes in UTF-8: an odd length ends with one ASCII byte.
  return multiByte ? "é".repeat(Math.floor(bytes / 2)) + "x".repeat(bytes % 2) : "x".repeat(bytes);
}

describe("strings of every length reach the client intact", () => {
  for (const multiByte of [false, true]) {
    it(`${multiByte ? "multi-byte" : "ASCII"} text, as a field and as a map key, patch after patch`, () => {
      const state = new Probe();
      const encoder = new Encoder(state);
      const decoded = new Probe();
      const decoder = new Decoder(decoded);
      decoder.decode(encoder.encodeAll());
      encoder.discardChanges();
      for (const length of lengths) {
        const text = textOf(length, multiByte);
        expect(Buffer.byteLength(text)).toBe(length);
        state.text = text;
        state.byKey.set(text || "empty", text);
        state.after = length + 1;
        decoder.decode(encoder.encode());
        encoder.discardChanges();
        expect(decoded.text.length, `length ${length}`).toBe(text.length);
        expect(decoded.text === text, `length ${length}`).toBe(true);
        expect(decoded.byKey.get(text || "empty") === text, `key of length ${length}`).toBe(true);
        expect(decoded.after).toBe(length + 1);
      }
    });
  }
});
