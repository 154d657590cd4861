/**
 * What a nickname may be on a shared screen and a leaderboard (issue 11 item 7): one name must
 * not pass for another. So a nickname is taken in Unicode NFKC form (full-width "ａｌｉｃｅ" is
 * "alice"), and refused when it holds characters that show as nothing (`alice` + U+200B would
 * sit beside `alice` on the board) or letters of scripts that do not go together (Latin `alice`
 * with a Cyrillic `а`): one script, or Latin with the scripts written alongside it in Japanese,
 * Chinese or Korean (the "highly restrictive" profile of Unicode TS #39). Emoji stay welcome,
 * with the joiner and presentation selector their sequences are made of.
 */
import { err, ok, type Result } from "../../shared/base/result.js";
import { NICKNAME_LENGTH_MAX } from "../store/store.js";

/** C0/C1 control characters and the bidi overrides that can make a name read backwards. */
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
/**
 * Characters that show as nothing, or as a blank: format characters (zero-width space, joiners,
 * marks), Hangul fillers, the blank Braille pattern, the combining grapheme joiner, variation
 * selectors. The emoji joiner and VS16 are taken out first where an emoji sequence uses them.
 */
const INVISIBLE_CHARS = /[\p{Cf}\u115f\u1160\u3164\uffa0\u2800\u034f\u180b-\u180f\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/u;
const EMOJI_GLUE = /(?<=\p{Extended_Pictographic}\p{Emoji_Modifier}?)\ufe0f|(?<=\p{Extended_Pictographic}[\ufe0f\p{Emoji_Modifier}]?)\u200d(?=\p{Extended_Pictographic})/gu;
const VISIBLE_CHAR = /[^\s\p{Cf}]/u;

const SCRIPTS = ["Latin", "Cyrillic", "Greek", "Armenian", "Georgian", "Hebrew", "Arabic", "Devanagari", "Bengali", "Tamil", "Thai", "Ethiopic", "Cherokee", "Hangul", "Hiragana", "Katakana", "Han", "Bopomofo"] as const;
const SCRIPT_PATTERNS = SCRIPTS.map((name) => [name, new RegExp(`\\p{Script=${name}}`, "u")] as const);
/** Script sets that may mix (besides one script alone). */
const MIXES_ALLOWED: readonly ReadonlySet<string>[] = [new Set(["Latin", "Han", "Hiragana", "Katakana"]), new Set(["Latin", "Han", "Bopomofo"]), new Set(["Latin", "Han", "Hangul"])];

export type NicknameResult = Result<string, string>;

/** The nickname as kept (NFKC, trimmed), or why it is refused (a sentence for the player). */
export function normalizeNickname(raw: unknown): NicknameResult {
  if (typeof raw !== "string") return err(`nickname is missing: send 1-${NICKNAME_LENGTH_MAX} visible characters.`);
  const nickname = raw.normalize("NFKC").trim();
  if (CONTROL_CHARS.test(nickname)) return err("nickname contains control characters: use letters, digits, spaces or emoji.");
  if (!VISIBLE_CHAR.test(nickname)) return err(`nickname is empty: send 1-${NICKNAME_LENGTH_MAX} visible characters.`);
  if (INVISIBLE_CHARS.test(nickname.replace(EMOJI_GLUE, ""))) return err("nickname contains invisible characters: use letters, digits, spaces or emoji.");
  // In UTF-16 units, as the store counts.
  if (nickname.length > NICKNAME_LENGTH_MAX) return err(`nickname is too long: at most ${NICKNAME_LENGTH_MAX} characters.`);
  const scripts = scriptsOf(nickname);
  if (scripts.size > 1 && !MIXES_ALLOWED.some((allowed) => [...scripts].every((s) => allowed.has(s)))) {
    return err(`nickname mixes alphabets (${[...scripts].join(" and ")}): write it in one, so it cannot pass for someone else's.`);
  }
  return ok(nickname);
}

/** The scripts of the letters in `text` ("Other" for a letter of a script not listed). */
function scriptsOf(text: string): Set<string> {
  const found = new Set<string>();
  for (const char of text) {
    if (!/\p{L}/u.test(char)) continue;
    found.add(SCRIPT_PATTERNS.find(([, pattern]) => pattern.test(char))?.[0] ?? "Other");
  }
  return found;
}
