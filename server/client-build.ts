/**
 * Builds the browser client into dist/ when its sources are newer. Several server processes may
 * start at once on one checkout (issue 15: each could rebuild into the shared dist/ while another
 * served it, and Vite empties its output folder first): each builds into a folder of its own and
 * then swaps it in, so dist/ always holds one complete build.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";

export async function buildClientIfStale(rootDir: string): Promise<void> {
  const configFile = path.join(rootDir, "vite.config.ts");
  const clientDir = path.join(rootDir, "client");
  if (!existsSync(configFile) || !existsSync(clientDir)) {
    console.log("No client to build yet (vite.config.ts or client/ is missing): serving the API only.");
    return;
  }
  const dist = path.join(rootDir, "dist");
  const builtIndex = path.join(dist, "index.html");
  const builtMs = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : -Infinity;
  // The bundle is made of the page, client/, public assets and shared/ (the rules run in the
  // browser too: a rule change there must reach it).
  const sources = [configFile, clientDir, "index.html", "public", "shared"].map((p) => path.resolve(rootDir, p));
  const sourceMs = Math.max(...sources.map(newestMtimeMs));
  if (builtMs >= sourceMs) return;
  console.log("building the client...");
  await buildClientInto(rootDir);
  console.log("client built.");
}

/** Builds the client now, into a folder of its own, then swaps it into dist/ whole. */
export async function buildClientInto(rootDir: string): Promise<void> {
  // Loaded only when needed: Vite is large and most starts find dist/ up to date.
  const { build } = await import("vite");
  const fresh = path.join(rootDir, `.dist-build-${process.pid}`);
  try {
    await build({ root: rootDir, configFile: path.join(rootDir, "vite.config.ts"), logLevel: "warn", build: { outDir: fresh, emptyOutDir: true } });
    replaceDirectory(fresh, path.join(rootDir, "dist"));
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

/**
 * Puts `fresh` where `target` is, whole: the old folder is renamed aside first and removed after,
 * so a reader finds the old build or the new one, never a half-written one.
 */
export function replaceDirectory(fresh: string, target: string): void {
  const aside = `${target}.old-${process.pid}-${Date.now()}`;
  const hadTarget = existsSync(target);
  if (hadTarget) renameSync(target, aside);
  try {
    renameSync(fresh, target);
  } catch (error) {
    if (hadTarget && !existsSync(target)) renameSync(aside, target);
    throw error;
  }
  if (hadTarget) rmSync(aside, { recursive: true, force: true });
}

/** The newest modification time of a file, or of a folder and everything under it. */
function newestMtimeMs(target: string): number {
  if (!existsSync(target)) return -Infinity;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  // The folder's own time counts too: deleting a file changes only that.
  let newestMs = stat.mtimeMs;
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    newestMs = Math.max(newestMs, newestMtimeMs(path.join(target, entry.name)));
  }
  return newestMs;
}
