/**
 * A fix for a defect of @colyseus/schema 3.0.76 (the last 3.0.x), installed once at import.
 *
 * Its string encoder writes a msgpack "str 8" header for UTF-8 lengths 32 to 255 as
 * `0xd9, length % 255` (build/esm/index.mjs, `string$1`): a string of exactly 255 bytes gets
 * the length byte 0, the decoder reads an empty string, then takes the 255 bytes of text for the
 * operations that follow, and the rest of that client's patch is garbage (issue 11 item 2a: a
 * JSON view of a busy node is 255 bytes often enough to break a game's patches every few
 * seconds). The decoder is right (it reads the byte as the length), so only the server needs
 * this: every string Schema writes (fields, map keys, the reflection handshake) goes through the
 * exported `encode.string`, looked up at each call, and this replaces it with the encoder as it
 * should be. tests/server/schema-string-fix.test.ts checks every length around the boundaries
 * through a real Encoder and Decoder. Remove it with an upgrade that writes `length` there.
 */
import { encode } from "@colyseus/schema";

type Bytes = Parameters<typeof encode.string>[0];
type Iterator = Parameters<typeof encode.string>[2];

function stringFixed(bytes: Bytes, value: string, it: Iterator): number {
  // As upstream: `null` strings travel as empty.
  if (!value) value = "";
  const length = encode.utf8Length(value, "utf8");
  let size: number;
  if (length < 0x20) {
    (bytes as number[])[it.offset++] = length | 0xa0;
    size = 1;
  } else if (length < 0x100) {
    (bytes as number[])[it.offset++] = 0xd9;
    (bytes as number[])[it.offset++] = length; // upstream: length % 255
    size = 2;
  } else if (length < 0x10000) {
    (bytes as number[])[it.offset++] = 0xda;
    encode.uint16(bytes, length, it);
    size = 3;
  } else if (length < 0x100000000) {
    (bytes as number[])[it.offset++] = 0xdb;
    encode.uint32(bytes, length, it);
    size = 5;
  } else {
    throw new Error("String too long");
  }
  encode.utf8Write(bytes, value, it);
  return size + length;
}

encode.string = stringFixed;
