/**
 * `npm run level:check FILE [-- --seeds 20]`: the first step toward levels teachers write
 * themselves. Validates a level file (every problem named by its field) and, if it is valid,
 * plays it with its correct bots on 20 seeds and prints each verdict: stars, safety violations,
 * goals missed. Exits 1 on an invalid file or a violation by the correct bots.
 */
import { readFileSync } from "node:fs";
import { computeVerdict } from "../../shared/checks/verdict.js";
import { levelErrorText } from "../../shared/level/level.js";
import { parseLevel } from "../../shared/level/parse-level.js";
import { CATALOG } from "../../shared/protocols/catalog.js";
import { replay } from "../../shared/sim/replay.js";

const USAGE = "usage: npm run level:check -- FILE [--seeds N]";

function main(argv: readonly string[]): number {
  const file = argv.find((a) => !a.startsWith("--"));
  const seedsAt = argv.indexOf("--seeds");
  const seeds = seedsAt >= 0 ? Number(argv[seedsAt + 1]) : 20;
  if (!file || !Number.isInteger(seeds) || seeds < 1 || seeds > 10_000) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    process.stderr.write(`${file}: cannot read it as JSON (${(e as Error).message})\n`);
    return 1;
  }
  const parsed = parseLevel(raw, CATALOG);
  if (!parsed.ok) {
    process.stderr.write(`${file}: ${levelErrorText(parsed.error)}\n`);
    return 1;
  }
  const level = parsed.value;
  process.stdout.write(`${file}: a valid level (${level.id} v${level.version}, protocol ${level.protocol}, ${level.nodes.length} nodes, ${level.durationTicks / 10} s)\n`);
  process.stdout.write(`Playing it with its bots on seeds 1..${seeds}:\n`);
  let violating = 0;
  const starCounts = [0, 0, 0, 0];
  for (let seed = 1; seed <= seeds; seed++) {
    const verdict = computeVerdict(replay(level, CATALOG, seed, [], "free").world);
    starCounts[verdict.stars]!++;
    if (verdict.violations.length > 0) violating++;
    const missed = verdict.goals.filter((g) => !g.met).map((g) => g.id);
    const broken = verdict.violations.map((v) => `${v.check} (${v.message})`);
    process.stdout.write(`  seed ${String(seed).padStart(3)}: ${verdict.stars} star${verdict.stars === 1 ? "" : "s"}, score ${verdict.score}${missed.length ? `, missed ${missed.join(", ")}` : ""}${broken.length ? `, BROKE ${broken.join("; ")}` : ""}\n`);
  }
  process.stdout.write(`Stars: ${starCounts.map((n, s) => `${s}: ${n}`).join(", ")}. `);
  if (violating > 0) {
    process.stdout.write(`The level's own bots broke a safety rule on ${violating} of ${seeds} seeds: check the bots named in nodes[].bot and the safety checks.\n`);
    return 1;
  }
  process.stdout.write("No safety rule broken by the bots.\n");
  return 0;
}

process.exit(main(process.argv.slice(2)));
