/**
 * `npm run bench`: runs every tests/bench/*.bench.ts and prints each figure with its baseline
 * (measured in the same run) and their ratio. Pass names to run a subset: `npm run bench engine`.
 * Exits non-zero when a target is missed, so a regression is visible, but it is never a test:
 * shared, noisy machines make timed assertions flaky.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BenchResult } from "./bench.js";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

function format(r: BenchResult): string {
  const n = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 2 });
  return [
    `${r.met ? "MET " : "MISS"} ${r.name}`,
    `     ${n(r.figure)} ${r.unit}   baseline (${r.baselineName}): ${n(r.baselineFigure)} ${r.unit}   ratio ${r.ratio.toFixed(3)}${r.smallerIsBetter ? " (smaller is better)" : ""}`,
    `     target: ${r.target}`,
  ].join("\n");
}

let missed = 0;
for (const file of files) {
  process.stdout.write(`\n== ${file}\n`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { run: () => Promise<BenchResult[]> };
  for (const result of await mod.run()) {
    process.stdout.write(format(result) + "\n");
    if (!result.met) missed++;
  }
}
process.stdout.write(`\n${missed === 0 ? "all targets met" : `${missed} target(s) missed`}\n`);
process.exit(missed === 0 ? 0 : 1);
