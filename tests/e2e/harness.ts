// Browser-test harness: build the client once, run the real game server in-process,
// drive Debian's Chromium with playwright-core, and keep screenshots for humans to look at.
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const DIST_DIR = join(ROOT, "dist");
export const SCREENSHOT_DIR = join(ROOT, "test-artifacts", "screenshots");
export const CHROMIUM_PATH = "/usr/bin/chromium";
export const VIEWPORT = { width: 1280, height: 720 } as const;

// ---------- (1) the client build ----------

/** Everything the bundle is made from; if any is newer than dist/index.html, rebuild. */
const BUILD_INPUTS = ["index.html", "vite.config.ts", "client", "shared", "public", "package-lock.json"];

function newestMtimeMs(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

export function isDistFresh(): boolean {
  const built = join(DIST_DIR, "index.html");
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  return BUILD_INPUTS.every((input) => newestMtimeMs(join(ROOT, input)) <= builtAt);
}

let building: Promise<void> | null = null;

/** Builds dist/ with Vite's programmatic API unless it is already up to date (once per process). */
export function buildClient(): Promise<void> {
  building ??= (async () => {
    if (isDistFresh()) return;
    // Into a folder of its own, swapped in whole: a browser test running beside this process
    // never meets a half-written dist/ (Vite empties its output folder first).
    const { buildClientInto } = await import("../../server/client-build.js");
    await buildClientInto(ROOT);
  })();
  return building;
}

// ---------- (2) the game server ----------

export interface TestServer {
  url: string;
  port: number;
  store: import("../../server/store/store.js").Store;
  close(): Promise<void>;
}

/**
 * The real server (REST API + static dist/ + the game rooms), on an ephemeral port with an
 * in-memory store (or on a given port and data directory, to restart it). The rooms accept the `speed` join option (the client passes `?speed=N` from
 * the page address), so a browser test can play a whole level in seconds.
 */
export async function startTestServer(options: { holdSeconds?: number; port?: number; dataDir?: string } = {}): Promise<TestServer> {
  const { startGameServer } = await import("../../server/app.js");
  const { openStore } = await import("../../server/store/open-store.js");
  const { loadLevels, withVariants } = await import("../../server/level-files.js");
  const { defineRooms } = await import("../../server/rooms/define-rooms.js");
  // In memory unless a test needs the store to outlive the server (a restart).
  const store = await openStore({ DATA_DIR: options.dataDir ?? ":memory:" });
  const levels = withVariants(loadLevels(join(ROOT, "levels")));
  const running = await startGameServer({
    port: options.port ?? 0,
    host: "127.0.0.1",
    store,
    levels,
    staticDir: DIST_DIR,
    defineRooms: (gameServer, limits, upkeep) =>
      defineRooms(gameServer, { store, levels, limits, upkeep }, { testSpeedAllowed: true, ...(options.holdSeconds ? { holdSeconds: options.holdSeconds } : {}) }),
    // Every browser of a test comes from 127.0.0.1: matchmaking limits per address would cut them.
    matchmakeLimits: { createsPerMinute: 10_000, joinsPerMinute: 10_000 },
  });
  return {
    url: running.url,
    port: running.port,
    store,
    close: async () => {
      await running.close();
      await store.close();
    },
  };
}

// ---------- (3) the browser ----------

export type ChromiumStatus = { ok: true } | { ok: false; reason: string };

/**
 * Missing Chromium skips the browser tests on a developer machine, but fails them in CI:
 * a CI run that silently skips its browser tests proves nothing.
 */
export function chromiumStatus(): ChromiumStatus {
  if (existsSync(CHROMIUM_PATH)) return { ok: true };
  const reason = `Chromium not found at ${CHROMIUM_PATH}; install it with apt-get install -y chromium`;
  if (process.env.CI === "true") throw new Error(reason);
  return { ok: false, reason };
}

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  // A fresh profile on every launch: playwright's launch() always creates a new temporary
  // user-data dir and deletes it on close (it rejects --user-data-dir in args), so no stars,
  // caches or service workers leak from an earlier run into a test.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  return { browser, close: () => browser.close() };
}

/** A new isolated context (own storage) at the 1280x720 laptop size the UI is designed for. */
export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, reducedMotion: "no-preference" });
  const page = await context.newPage();
  return { context, page, problems: watchProblems(page) };
}

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  /** Both lists together, for `expect(problems.all()).toEqual([])`. */
  all(): string[];
}

/** Collects console errors and uncaught page errors so a test can assert there were none. */
export function watchProblems(page: Page): PageProblems {
  const problems: PageProblems = {
    consoleErrors: [],
    pageErrors: [],
    all: () => [...problems.consoleErrors.map((e) => `console: ${e}`), ...problems.pageErrors.map((e) => `page: ${e}`)],
  };
  page.on("console", (message) => {
    if (message.type() === "error") problems.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => problems.pageErrors.push(`${error.name}: ${error.message}`));
  return problems;
}

// ---------- (4) screenshots ----------

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, animations: "allow" });
  return path;
}

/**
 * One game server and one Chromium for a browser test file: started (client built first) before
 * its tests and handed to `use`, closed after them.
 */
export function useServerAndBrowser(use: (server: TestServer, browser: TestBrowser) => void): void {
  let server: TestServer | undefined;
  let browser: TestBrowser | undefined;
  beforeAll(async () => {
    await buildClient();
    server = await startTestServer();
    browser = await launchBrowser();
    use(server, browser);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}

/** "1:23" (time left on the HUD) -> seconds. */
export async function timeLeftSeconds(page: Page): Promise<number> {
  const text = (await page.locator("#hud-time").textContent()) ?? "";
  const match = /^(\d+):(\d\d)$/.exec(text.trim());
  if (!match) throw new Error(`unexpected time left: ${text}`);
  return Number(match[1]) * 60 + Number(match[2]);
}
