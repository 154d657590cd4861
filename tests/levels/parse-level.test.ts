/** Every level file parses; malformed files fail with an error naming the field and the reason. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLevelFile, loadLevels, LEVELS_DIR } from "../../server/level-files.js";
import { parseLevel } from "../../shared/level/parse-level.js";
import { rawHeartbeatLevel } from "../support/test-levels.js";
import { readdirSync, readFileSync } from "node:fs";
import { TEST_CATALOG } from "../support/test-catalog.js";
import { CATALOG } from "../../shared/protocols/catalog.js";

describe("shipped levels", () => {
  const files = readdirSync(LEVELS_DIR).filter((f) => f.endsWith(".json") && f !== "level.schema.json");

  it("includes the tutorial", () => {
    expect(files).toContain("l00-hello-network.json");
  });

  it.each(files)("%s parses, and is named after its id", (file) => {
    const level = loadLevelFile(join(LEVELS_DIR, file));
    expect(`${level.id}.json`).toBe(file);
    expect(level.briefing.length).toBeGreaterThan(0);
    expect(level.safety.length + level.goals.length).toBeGreaterThan(0);
  });

  it("loads sorted by chapter", () => {
    const chapters = loadLevels().map((l) => l.chapter);
    expect(chapters).toEqual([...chapters].sort((a, b) => a - b));
  });
});

describe("malformed levels", () => {
  const base = () => structuredClone(rawHeartbeatLevel(3)) as Record<string, any>;
  const cases: [string, (raw: Record<string, any>) => void, string, RegExp][] = [
    ["missing format", (r) => delete r.format, "format", /whole number/],
    ["future format", (r) => (r.format = 99), "format", /newer than this game/],
    ["bad id", (r) => (r.id = "Level 8"), "id", /l08-reach-consensus/],
    ["unknown protocol", (r) => (r.protocol = "paxos-made-up"), "protocol", /no protocol called paxos-made-up/],
    ["duplicate node", (r) => r.nodes.push({ ...r.nodes[0] }), "nodes[3].id", /appears twice/],
    ["unknown bot", (r) => (r.nodes[1].bot = "sleepy"), "nodes[1].bot", /no bot policy sleepy/],
    ["drop rate above 1", (r) => (r.network.dropRate = 1.5), "network.dropRate", /between 0 and 1/],
    ["fractional delay", (r) => (r.network.delayTicksBase = 2.5), "network.delayTicksBase", /whole number/],
    ["fault on unknown node", (r) => (r.faults = [{ kind: "crash", atTick: 5, node: "N9" }]), "faults[0].node", /not in nodes/],
    ["unknown fault kind", (r) => (r.faults = [{ kind: "meteor", atTick: 5 }]), "faults[0].kind", /must be one of/],
    ["fault ends before it starts", (r) => (r.faults = [{ kind: "partition", atTick: 50, untilTick: 10, groups: [["N1"]] }]), "faults[0].untilTick", /after atTick/],
    ["fault after the end", (r) => (r.faults = [{ kind: "heal", atTick: 600 }]), "faults[0].atTick", /end of the level/],
    ["gray with one side", (r) => (r.faults = [{ kind: "gray", atTick: 1, between: [["N1"]], delayTicks: 5 }]), "faults[0].between", /two lists/],
    ["seat not a node", (r) => (r.seats.nodes = ["N7"]), "seats.nodes[0]", /not in nodes/],
    ["seat max below min", (r) => (r.seats = { nodes: ["N1", "N2"], min: 2, max: 1 }), "seats.max", /between 2 and 2/],
    ["parallel seats on a level of two seats", (r) => (r.seats = { nodes: ["N1", "N2"], min: 1, max: 2, parallel: 4 }), "seats.parallel", /one seat \(seats.max 1\)/],
    ["unknown safety check", (r) => (r.safety = [{ check: "no-bugs" }]), "safety[0].check", /no safety check called no-bugs/],
    ["star names unknown goal", (r) => (r.stars[0].goals = ["win"]), "stars[0].goals[0]", /not in goals/],
    ["two stars only", (r) => r.stars.pop(), "stars", /exactly three/],
    ["unknown action", (r) => (r.actions = ["teleport"]), "actions[0]", /no action teleport/],
    ["workload to unknown node", (r) => (r.workload = [{ id: "w", startTick: 0, endTick: 10, everyTicks: 1, to: ["X"], slaTicks: 5 }]), "workload[0].to[0]", /not in nodes/],
    ["huge duration", (r) => (r.durationTicks = 10 ** 9), "durationTicks", /between/],
    ["briefing not a list", (r) => (r.briefing = "hi"), "briefing", /must be a list/],
  ];

  it.each(cases)("%s -> %s", (_name, mutate, path, reason) => {
    const raw = base();
    mutate(raw);
    const parsed = parseLevel(raw, TEST_CATALOG);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.path).toBe(path);
    expect(parsed.error.reason).toMatch(reason);
  });

  it("the unmodified base parses (so each case above fails for its own reason)", () => {
    expect(parseLevel(base(), TEST_CATALOG).ok).toBe(true);
  });

  describe("what the schema and the protocol declare", () => {
    const shipped = (file: string) => JSON.parse(readFileSync(join(LEVELS_DIR, file), "utf8")) as Record<string, any>;
    const parse = (raw: unknown) => parseLevel(raw, CATALOG);
    it("refuses a misspelt protocol option, naming it and the likely field", () => {
      const raw = shipped("l08-reach-consensus.json");
      raw.protocolOptions.heartbeatTicsk = raw.protocolOptions.heartbeatTicks;
      delete raw.protocolOptions.heartbeatTicks;
      expect(parse(raw)).toEqual({ ok: false, error: { path: "protocolOptions.heartbeatTicsk", reason: "heartbeatTicsk is not a field here; did you mean heartbeatTicks?" } });
    });
    it("refuses a protocol option of the wrong kind", () => {
      const raw = shipped("l12-survive-a-partition.json");
      raw.protocolOptions.leaseTicks = "20";
      expect(parse(raw)).toMatchObject({ ok: false, error: { path: "protocolOptions.leaseTicks", reason: expect.stringMatching(/whole number between 1 and 6000 \(got "20"\)/) } });
    });
    it("refuses an l12 without its LEDGER, naming the role the protocol needs", () => {
      const raw = shipped("l12-survive-a-partition.json");
      raw.nodes = raw.nodes.filter((n: { id: string }) => n.id !== "LEDGER");
      raw.seats.nodes = raw.seats.nodes.filter((n: string) => n !== "LEDGER");
      raw.seats.max = raw.seats.nodes.length;
      raw.quorumNodes = raw.quorumNodes.filter((n: string) => n !== "LEDGER");
      expect(parse(raw)).toEqual({ ok: false, error: { path: "nodes", reason: "protocol majority-kv needs 1 node of role ledger; this level has 0" } });
    });
    it("refuses an unknown field anywhere, with a suggestion", () => {
      const raw = shipped("l00-hello-network.json");
      raw.durationTick = raw.durationTicks;
      expect(parse(raw)).toMatchObject({ ok: false, error: { path: "durationTick" } });
      const nested = shipped("l00-hello-network.json");
      nested.network.dropRat = 0.1;
      expect(parse(nested)).toEqual({ ok: false, error: { path: "network.dropRat", reason: "dropRat is not a field here; did you mean dropRate?" } });
    });
    it("refuses a misspelt check parameter, naming it and the likely one", () => {
      const raw = shipped("l08-reach-consensus.json");
      const i = raw.goals.findIndex((g: { check: string }) => g.check === "raft/answered-within");
      raw.goals[i].params = { withinTicsk: 50 };
      expect(parse(raw)).toEqual({ ok: false, error: { path: `goals[${i}].params.withinTicsk`, reason: "withinTicsk is not a field here; did you mean withinTicks?" } });
    });
    it("refuses a check parameter of the wrong kind, and a parameter to a check that takes none", () => {
      const raw = shipped("l12-survive-a-partition.json");
      const i = raw.safety.findIndex((c: { check: string }) => c.check === "majority-kv/no-oversell");
      raw.safety[i].params = { seats: "40" };
      expect(parse(raw)).toMatchObject({ ok: false, error: { path: `safety[${i}].params.seats`, reason: expect.stringMatching(/whole number/) } });
      const none = shipped("l12-survive-a-partition.json");
      const j = none.safety.findIndex((c: { check: string }) => c.check !== "majority-kv/no-oversell");
      none.safety[j].params = { strict: true };
      expect(parse(none)).toMatchObject({ ok: false, error: { path: `safety[${j}].params.strict`, reason: expect.stringMatching(/not a field here/) } });
    });
    it("requires a message budget of messages-at-most", () => {
      const raw = shipped("l00-hello-network.json");
      const i = raw.goals.findIndex((g: { check: string }) => g.check === "messages-at-most");
      delete raw.goals[i].params.max;
      expect(parse(raw)).toMatchObject({ ok: false, error: { path: `goals[${i}].params.max` } });
    });
    it("names a fault kind's own field", () => {
      const raw = shipped("l08-reach-consensus.json");
      raw.faults = [{ kind: "crash", atTick: 10, node: "N1", recoverAt: 40 }];
      expect(parse(raw)).toEqual({ ok: false, error: { path: "faults[0].recoverAt", reason: "recoverAt is not a field here; did you mean recoverAtTick?" } });
    });
  });

  it("refuses non-objects without throwing", () => {
    for (const raw of [null, 3, "level", [], undefined]) expect(parseLevel(raw, TEST_CATALOG).ok).toBe(false);
  });

  it("names the file when a level file is broken", () => {
    const dir = mkdtempSync(join(tmpdir(), "levels-"));
    writeFileSync(join(dir, "l42-broken.json"), "{ not json");
    expect(() => loadLevelFile(join(dir, "l42-broken.json"), TEST_CATALOG)).toThrow(/l42-broken\.json: not valid JSON/);
    expect(() => loadLevels(dir, TEST_CATALOG)).toThrow(/l42-broken\.json: not valid JSON/);
    const raw = base();
    raw.network.dropRate = -1;
    writeFileSync(join(dir, "l99-engine-test.json"), JSON.stringify(raw));
    expect(() => loadLevelFile(join(dir, "l99-engine-test.json"), TEST_CATALOG)).toThrow(/l99-engine-test\.json: network\.dropRate: must be a number between 0 and 1 \(got -1\)/);
    writeFileSync(join(dir, "l99-engine-test.json"), JSON.stringify(base()));
    writeFileSync(join(dir, "l42-broken.json"), readFileSync(join(dir, "l99-engine-test.json")));
    expect(() => loadLevelFile(join(dir, "l42-broken.json"), TEST_CATALOG)).toThrow(/must be named l99-engine-test\.json/);
  });
});
