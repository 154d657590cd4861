/**
 * A class's teacher secret: made at creation, shown once (in the teacher's link), kept by the
 * store only as its SHA-256. Whoever presents it (Authorization: Bearer <secret>) reads the
 * class's results; students need only the class code, which lets them post games, not read them.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

/** 24 random bytes in base64url: 32 characters, 192 bits. */
export const TEACHER_SECRET_PATTERN = /^[A-Za-z0-9_-]{32}$/;

export function newTeacherSecret(): string {
  return randomBytes(24).toString("base64url");
}

export function hashTeacherSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Compares hashes in constant time, so the answer's timing says nothing about the secret. */
export function teacherSecretMatches(presented: string, storedHash: string): boolean {
  const presentedHash = Buffer.from(hashTeacherSecret(presented), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return stored.length === presentedHash.length && timingSafeEqual(presentedHash, stored);
}

/**
 * Letters and digits a child copies from a whiteboard without confusion: no I, O, 0 or 1.
 * Six of them: 32^6, about a billion codes, so a class code is not guessed by chance.
 */
const CLASS_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const CLASS_CODE_LENGTH = 6;

export function newClassCode(): string {
  let code = "";
  for (let i = 0; i < CLASS_CODE_LENGTH; i++) code += CLASS_CODE_ALPHABET[randomInt(CLASS_CODE_ALPHABET.length)];
  return code;
}
