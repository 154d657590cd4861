/**
 * shared/ is the deterministic core: it must not read clocks, draw Math.random, use
 * engine-dependent Math functions, or import anything outside shared/ (a replay must give the
 * same hash in Node and in every browser). This test fails the moment that changes.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SHARED = join(import.meta.dirname, "../../shared");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** Code without comments and string contents, so prose may mention Date.now. */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "")
    .replace(/`(?:\\.|[^`\\])*`/g, "``")
    .replace(/"(?:\\.|[^"\\])*"/g, '""');
}

const FORBIDDEN: [RegExp, string][] = [
  [/\bMath\.random\b/, "Math.random (use the world's counter-based PRNG)"],
  [/\bDate\b/, "Date (use ticks)"],
  [/\bperformance\b/, "performance (use ticks)"],
  [/\b(setTimeout|setInterval|setImmediate|queueMicrotask|requestAnimationFrame)\b/, "real timers (use node timers in ticks)"],
  [/\bMath\.(exp|expm1|log|log1p|log2|log10|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|cbrt|hypot)\b/, "engine-dependent Math (integer arithmetic only)"],
  [/\*\*/, "the ** operator (engine-dependent for non-integers)"],
  [/\b(process|window|document|navigator|localStorage)\s*\.|\bglobalThis\b|\brequire\s*\(/, "host globals"],
];

/**
 * Packages shared/ may use: deterministic and browser-safe, vetted one by one. TypeBox builds and
 * checks the level file's JSON Schema (pure functions of their input, no host API).
 */
const ALLOWED_PACKAGES: readonly string[] = ["@sinclair/typebox", "@sinclair/typebox/value"];

describe("shared/ purity", () => {
  const all = files(SHARED);

  it("finds the shared sources", () => {
    expect(all.length).toBeGreaterThan(10);
  });

  it.each(all.map((f) => [relative(SHARED, f), f]))("%s uses no clock, randomness or host API", (_name, path) => {
    const text = code(readFileSync(path, "utf8"));
    for (const [pattern, what] of FORBIDDEN) {
      expect(pattern.test(text), `${relative(SHARED, path)} uses ${what}`).toBe(false);
    }
  });

  it.each(all.map((f) => [relative(SHARED, f), f]))("%s imports only shared/", (_name, path) => {
    const text = readFileSync(path, "utf8");
    const imports = [...text.matchAll(/(?:import|export)[^'"]*from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2]!);
    for (const spec of imports) {
      if (ALLOWED_PACKAGES.includes(spec)) continue;
      expect(spec.startsWith("."), `${relative(SHARED, path)} imports package ${spec}`).toBe(true);
      const target = relative(SHARED, join(path, "..", spec));
      expect(target.startsWith(".."), `${relative(SHARED, path)} imports ${spec}, outside shared/`).toBe(false);
    }
  });

  it("the scanner itself catches a violation", () => {
    const sample = code("const t = Date.now(); // fine in a comment: Math.random\nconst x = Math.pow(2, 0.5);");
    expect(FORBIDDEN.filter(([p]) => p.test(sample)).map(([, w]) => w)).toEqual(["Date (use ticks)", "engine-dependent Math (integer arithmetic only)"]);
  });
});
