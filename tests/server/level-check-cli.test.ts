/** `npm run level:check FILE`: a real child process, as a teacher writing a level would run it. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

const ROOT = join(import.meta.dirname, "../..");

const check = (args: string[]) => runCli("server/cli/level-check.ts", args);

describe("npm run level:check", () => {
  it("validates a level and plays it with its bots, printing each seed's verdict", async () => {
    const { code, stdout } = await check(["levels/l00-hello-network.json", "--seeds", "3"]);
    expect(code).toBe(0);
    expect(stdout).toContain("a valid level (l00-hello-network v2, protocol hello, 2 nodes, 90 s)");
    expect(stdout.match(/^ {2}seed +\d+: \d stars?, score -?\d+/gm)).toHaveLength(3);
    expect(stdout).toContain("No safety rule broken by the bots.");
  });

  it("names a misspelt option and exits 1 without playing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "level-check-"));
    const file = join(dir, "l12-mine.json");
    writeFileSync(file, readFileSync(join(ROOT, "levels/l12-survive-a-partition.json"), "utf8").replace('"leaseTicks"', '"leaseTiks"'));
    const { code, stdout, stderr } = await check([file]);
    expect(code).toBe(1);
    expect(stderr).toBe(`${file}: protocolOptions.leaseTiks: leaseTiks is not a field here; did you mean leaseTicks?\n`);
    expect(stdout).toBe("");
  });
});
