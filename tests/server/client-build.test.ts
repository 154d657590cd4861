/** The client build swaps in whole: a reader finds the old build or the new one, never half of one. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { replaceDirectory } from "../../server/client-build.js";

function folder(root: string, name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

describe("replaceDirectory", () => {
  it("replaces the old build with the new one and leaves nothing aside", () => {
    const root = mkdtempSync(join(tmpdir(), "dist-swap-"));
    const target = folder(root, "dist", { "index.html": "old", "old-chunk.js": "x" });
    const fresh = folder(root, ".dist-build-1", { "index.html": "new", "new-chunk.js": "y" });
    replaceDirectory(fresh, target);
    expect(readdirSync(target).sort()).toEqual(["index.html", "new-chunk.js"]);
    expect(readFileSync(join(target, "index.html"), "utf8")).toBe("new");
    expect(readdirSync(root)).toEqual(["dist"]);
  });

  it("puts a first build in place", () => {
    const root = mkdtempSync(join(tmpdir(), "dist-swap-"));
    replaceDirectory(folder(root, ".dist-build-2", { "index.html": "first" }), join(root, "dist"));
    expect(readFileSync(join(root, "dist", "index.html"), "utf8")).toBe("first");
  });

  it("keeps the old build when the new one is missing", () => {
    const root = mkdtempSync(join(tmpdir(), "dist-swap-"));
    const target = folder(root, "dist", { "index.html": "old" });
    expect(() => replaceDirectory(join(root, "nothing-here"), target)).toThrow();
    expect(existsSync(join(target, "index.html"))).toBe(true);
  });
});
