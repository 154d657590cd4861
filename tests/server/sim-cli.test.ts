/** `npm run sim`: a real child process, as a person would run it. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";


const sim = (args: string[]) => runCli("server/cli/sim.ts", args);

describe("npm run sim", () => {
  it("prints one JSON object with the level, seed, hash, verdict and stats", async () => {
    const { code, stdout } = await sim(["--level", "l00-hello-network", "--seed", "3", "--seat", "N2=no-dedupe", "--json"]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ level: "l00-hello-network", seed: 3, verdict: { passed: false, stars: 0 } });
    expect(out.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(out.verdict.violations[0]).toMatchObject({ check: "hello/processed-once", tick: 649 });
    expect(out.verdict.violations[0].evidence.length).toBe(2);
    expect(out.stats).toMatchObject({ sent: expect.any(Number), delivered: expect.any(Number), dropped: expect.any(Number), duplicated: expect.any(Number) });
  });

  it("replays a human's input log from a file to the hash the same run gives in-process", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-cli-"));
    const inputs = join(dir, "inputs.json");
    writeFileSync(inputs, JSON.stringify([{ tick: 0, node: "N1", action: "$control", params: { controller: "human", autopilot: ["auto-retry"] } }]));
    const a = JSON.parse((await sim(["--level", "l00-hello-network", "--seed", "5", "--inputs", inputs, "--json"])).stdout);
    const b = JSON.parse((await sim(["--level", "l00-hello-network", "--seed", "5", "--inputs", inputs, "--json"])).stdout);
    expect(a.hash).toBe(b.hash);
    // A human who never confirms anything serves nobody.
    expect(a.verdict.metrics.served).toBe(0);
  });

  it("explains bad arguments and a broken inputs file, with a non-zero exit", async () => {
    const noLevel = await sim(["--seed", "1"]);
    expect(noLevel.code).toBe(2);
    expect(noLevel.stderr).toMatch(/--level is required/);
    const unknown = await sim(["--level", "l77-nope"]);
    expect(unknown.stderr).toMatch(/no level l77-nope; levels: l00-hello-network/);
    const badSeat = await sim(["--level", "l00-hello-network", "--seat", "N2=sleepy"]);
    expect(badSeat.code).toBe(2);
    expect(badSeat.stderr).toMatch(/--seat refused: bad params: there is no bot policy sleepy|There is no bot policy sleepy/);
    const dir = mkdtempSync(join(tmpdir(), "sim-cli-"));
    writeFileSync(join(dir, "bad.json"), "[{ \"tick\": -1 }]");
    const badInputs = await sim(["--level", "l00-hello-network", "--inputs", join(dir, "bad.json")]);
    expect(badInputs.code).toBe(2);
    expect(badInputs.stderr).toMatch(/input 0 needs a whole-number tick, a node and an action/);
  });
});
