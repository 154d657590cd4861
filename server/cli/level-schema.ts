/**
 * `npm run level:schema`: writes levels/level.schema.json from the schema parseLevel validates
 * against (shared/level/level-schema.ts), every protocol's options schema and every check's
 * parameters, so an editor
 * completes and checks a level file. tests/levels/level-schema.test.ts fails when the committed
 * file is out of date.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { levelJsonSchema } from "../../shared/level/level-schema.js";
import { CATALOG } from "../../shared/protocols/catalog.js";
import type { Catalog } from "../../shared/sim/catalog.js";
import { LEVELS_DIR } from "../level-files.js";

export const LEVEL_SCHEMA_FILE = join(LEVELS_DIR, "level.schema.json");

/** The level schema, with each protocol's options (and roles, as a description) under `protocol`'s value. */
export function levelSchemaDocument(catalog: Catalog = CATALOG): Record<string, unknown> {
  const protocols = Object.values(catalog.protocols);
  const base: Record<string, any> = { $schema: "http://json-schema.org/draft-07/schema#", ...(JSON.parse(JSON.stringify(levelJsonSchema())) as Record<string, any>) };
  base.properties.protocol = { ...base.properties.protocol, enum: protocols.map((p) => p.id) };
  base.allOf = protocols
    .filter((p) => p.options)
    .map((p) => ({
      if: { properties: { protocol: { const: p.id } } },
      then: {
        properties: {
          protocolOptions: JSON.parse(JSON.stringify(p.options)),
          nodes: { description: `${p.title}: roles ${Object.entries(p.roles ?? {}).map(([role, c]) => `${role} (${c.min === c.max ? c.min : `${c.min}-${c.max}`})`).join(", ")}` },
        },
      },
    }));
  // Each check's parameters, under the check's id (a check that declares none takes none).
  const paramsByCheck = (checks: readonly { id: string; params?: unknown }[]) =>
    checks.map((c) => ({
      if: { properties: { check: { const: c.id } }, required: ["check"] },
      then: { properties: { params: c.params ? JSON.parse(JSON.stringify(c.params)) : { type: "object", additionalProperties: false, maxProperties: 0 } } },
    }));
  base.properties.safety.items.properties.check = { ...base.properties.safety.items.properties.check, enum: Object.keys(catalog.safetyChecks) };
  base.properties.safety.items.allOf = paramsByCheck(Object.values(catalog.safetyChecks));
  base.properties.goals.items.properties.check = { ...base.properties.goals.items.properties.check, enum: Object.keys(catalog.goalChecks) };
  base.properties.goals.items.allOf = paramsByCheck(Object.values(catalog.goalChecks));
  return base;
}

export function levelSchemaText(): string {
  return `${JSON.stringify(levelSchemaDocument(), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(LEVEL_SCHEMA_FILE, levelSchemaText());
  process.stdout.write(`wrote ${LEVEL_SCHEMA_FILE}\n`);
}
