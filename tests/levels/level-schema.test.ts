// levels/level.schema.json is generated from the schema parseLevel uses: it must be up to date
// (run `npm run level:schema`), and every shipped level must conform to it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Value } from "@sinclair/typebox/value";
import { describe, expect, it } from "vitest";
import { levelJsonSchema } from "../../shared/level/level-schema.js";
import { LEVELS_DIR } from "../../server/level-files.js";
import { LEVEL_SCHEMA_FILE, levelSchemaText } from "../../server/cli/level-schema.js";

describe("levels/level.schema.json", () => {
  it("is what npm run level:schema writes today", () => {
    expect(readFileSync(LEVEL_SCHEMA_FILE, "utf8")).toBe(levelSchemaText());
  });

  it("every shipped level conforms to it and points an editor at it", () => {
    const schema = levelJsonSchema();
    for (const file of readdirSync(LEVELS_DIR).filter((f) => /^l\d\d-/.test(f))) {
      const raw = JSON.parse(readFileSync(join(LEVELS_DIR, file), "utf8")) as Record<string, unknown>;
      expect([...Value.Errors(schema, raw)].map((e) => `${e.path} ${e.message}`), file).toEqual([]);
      expect(raw.$schema, file).toBe("./level.schema.json");
    }
  });

  it("documents each protocol's options under its name", () => {
    const doc = JSON.parse(readFileSync(LEVEL_SCHEMA_FILE, "utf8")) as { allOf: { if: { properties: { protocol: { const: string } } }; then: { properties: { protocolOptions: { properties: Record<string, unknown> } } } }[] };
    const raft = doc.allOf.find((c) => c.if.properties.protocol.const === "raft")!;
    expect(Object.keys(raft.then.properties.protocolOptions.properties)).toContain("heartbeatTicks");
  });

  it("documents each check's parameters under its id", () => {
    type Rule = { if: { properties: { check: { const: string } } }; then: { properties: { params: { properties?: Record<string, unknown>; maxProperties?: number } } } };
    const doc = JSON.parse(readFileSync(LEVEL_SCHEMA_FILE, "utf8")) as { properties: { goals: { items: { allOf: Rule[] } }; safety: { items: { allOf: Rule[] } } } };
    const goal = (id: string) => doc.properties.goals.items.allOf.find((r) => r.if.properties.check.const === id)!.then.properties.params;
    expect(Object.keys(goal("raft/leader-within").properties!)).toEqual(["withinTicks", "settleTicks"]);
    expect(goal("requests-all-served").maxProperties).toBe(0);
    const safety = doc.properties.safety.items.allOf.find((r) => r.if.properties.check.const === "majority-kv/no-oversell")!;
    expect(Object.keys(safety.then.properties.params.properties!)).toEqual(["seats"]);
  });
});
