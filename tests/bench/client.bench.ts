/**
 * Client benchmark (issue 5), in Debian's headless Chromium against the real server started
 * in-process (tests/e2e/harness.ts), on the production build (dist/, rebuilt when stale):
 *
 *   1. initial JavaScript (gzip): every script the page downloads before the Home scene is ready,
 *      gzipped with node:zlib; baseline: Phaser's own chunk. Target <= 450 KB.
 *   2. first playable frame: navigation start -> `performance.mark("split-brain:ready")` in Home,
 *      median of cold loads in fresh contexts; baseline: a minimal page that loads the same
 *      Phaser chunk and draws one scene, same server style, same run. Target <= 1 s.
 *   3. frame rate of the stress scene (`/#stress=32x500`: the real NetworkMap, 32 nodes, 500
 *      packets always in flight), counted with requestAnimationFrame inside the page over 5 s,
 *      for the WebGL and the Canvas renderer; baseline: a bare Phaser scene moving 500 plain
 *      rectangles with the same renderer. Target >= 55 fps with the renderer the game picks
 *      (client/renderer-choice.ts: Canvas on software GL, as here; the other one is reported).
 *      Headless Chromium has only software GL (SwiftShader): its WebGL figure says little about
 *      a real GPU.
 *
 *   npm run bench client        (about a minute; CLIENT_BENCH_LOADS=5 CLIENT_BENCH_MEASURE_MS=5000)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { buildClient, DIST_DIR, launchBrowser, newPage, screenshot, startTestServer } from "../e2e/harness.js";
import { median, type BenchResult } from "./bench.js";

const LOADS = Number(process.env.CLIENT_BENCH_LOADS ?? 5);
const MEASURE_MS = Number(process.env.CLIENT_BENCH_MEASURE_MS ?? 5000);
const WARMUP_MS = 1000;
const STRESS = { nodes: 32, packets: 500 };
const INITIAL_JS_TARGET_KB = 450;
const FIRST_FRAME_TARGET_MS = 1000;
const FPS_TARGET = 55;
const READY_MARK = "split-brain:ready";
const BASELINE_MARK = "baseline:ready";
const HEADLESS = "headless Chromium, software rendering (SwiftShader, no GPU)";

const kb = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;
const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;
const gzipBytes = (data: Buffer): number => gzipSync(data).length;

// ---- the dist/ module graph: the Phaser chunk and its export name ----------------------------

interface DistGraph {
  /** Script files index.html loads (entry + modulepreload + their static imports), relative to dist/. */
  scripts: string[];
  /** Their contents, read once: other sessions may rebuild dist/ while the bench runs. */
  files: Map<string, Buffer>;
  phaserFile: string;
  /** The name the Phaser chunk exports Phaser under (Rolldown minifies it, e.g. `t`). */
  phaserExport: string;
}

function distGraph(): DistGraph {
  const html = readFileSync(join(DIST_DIR, "index.html"), "utf8");
  const queue = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\.\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const scripts = new Set<string>();
  const files = new Map<string, Buffer>();
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (scripts.has(file)) continue;
    scripts.add(file);
    const bytes = readFileSync(join(DIST_DIR, file));
    files.set(file, bytes);
    const code = bytes.toString("utf8");
    const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/") + 1) : "";
    // Static imports only: `import{..}from"./x.js"` and `import"./x.js"` (dynamic ones load later).
    for (const m of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w${},\s*]+from\s*)?["']\.\/([^"']+\.js)["']/g)) queue.push(dir + m[1]!);
  }
  const phaserFile = [...scripts].find((f) => /(^|\/)phaser-[^/]+\.js$/.test(f));
  if (!phaserFile) throw new Error("no phaser-*.js chunk in dist/ (see vite.config.ts codeSplitting)");
  const tail = files.get(phaserFile)!.toString("utf8").slice(-2000);
  const exported = /export\s*\{\s*[\w$]+\s+as\s+([\w$]+)\s*\}\s*;?\s*$/.exec(tail)?.[1] ?? /export\s*\{\s*([\w$]+)\s*\}\s*;?\s*$/.exec(tail)?.[1];
  if (!exported) throw new Error(`cannot find the export of ${phaserFile}`);
  return { scripts: [...scripts], files, phaserFile, phaserExport: exported };
}

// ---- the baseline pages: a tiny static server (no compression, like express.static) ---------

const PAGE_HEAD = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><style>html,body{margin:0;height:100%;overflow:hidden;background:#0b1224}</style></head><body><div id="game"></div>`;

function gameConfig(type: string, scene: string): string {
  return `{ type: ${type}, parent: "game", backgroundColor: "#0b1224", banner: false,
    scale: { mode: Phaser.Scale.RESIZE, width: innerWidth, height: innerHeight }, audio: { noAudio: true }, scene: [${scene}] }`;
}

/** Loads the Phaser chunk and draws one scene (one rectangle): the floor under the first frame. */
function firstFramePage(graph: DistGraph): string {
  return `${PAGE_HEAD}<script type="module">
import { ${graph.phaserExport} as Phaser } from "./${graph.phaserFile}";
class One extends Phaser.Scene {
  create() { this.add.rectangle(200, 200, 80, 80, 0x56b4e9); performance.mark("${BASELINE_MARK}"); }
}
new Phaser.Game(${gameConfig("Phaser.AUTO", "One")});
</script></body></html>`;
}

/** A bare scene moving N plain rectangles (no textures, no text, no map). */
function rectanglesPage(graph: DistGraph): string {
  return `${PAGE_HEAD}<script type="module">
import { ${graph.phaserExport} as Phaser } from "./${graph.phaserFile}";
const wanted = new URLSearchParams(location.search).get("renderer");
const type = wanted === "webgl" ? Phaser.WEBGL : wanted === "canvas" ? Phaser.CANVAS : Phaser.AUTO;
const count = Number(new URLSearchParams(location.search).get("n") ?? 500);
const colors = [0x56b4e9, 0xe69f00, 0x009e73, 0xf0e442, 0xcc79a7, 0xd55e00];
class Bare extends Phaser.Scene {
  create() {
    this.items = [];
    for (let i = 0; i < count; i++) {
      const r = this.add.rectangle(Math.random() * this.scale.width, Math.random() * this.scale.height, 16, 16, colors[i % colors.length]);
      const a = Math.random() * Math.PI * 2;
      this.items.push({ r, vx: Math.cos(a) * 0.2, vy: Math.sin(a) * 0.2 });
    }
    window.benchBare = { ready: true, renderer: this.game.renderer.type === Phaser.WEBGL ? "WEBGL" : "CANVAS" };
  }
  update(_t, dt) {
    const w = this.scale.width, h = this.scale.height;
    for (const it of this.items) {
      let x = it.r.x + it.vx * dt, y = it.r.y + it.vy * dt;
      if (x < 0 || x > w) { it.vx = -it.vx; x = Math.max(0, Math.min(w, x)); }
      if (y < 0 || y > h) { it.vy = -it.vy; y = Math.max(0, Math.min(h, y)); }
      it.r.setPosition(x, y);
    }
  }
}
new Phaser.Game(${gameConfig("type", "Bare")});
</script></body></html>`;
}

async function startBaselineServer(graph: DistGraph): Promise<{ url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "split-brain-bench-"));
  writeFileSync(join(dir, "first-frame.html"), firstFramePage(graph));
  writeFileSync(join(dir, "rectangles.html"), rectanglesPage(graph));
  const phaser = graph.files.get(graph.phaserFile)!;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === `/${graph.phaserFile}`) {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "content-length": phaser.length });
      res.end(phaser);
      return;
    }
    const name = path.slice(1);
    if (name === "first-frame.html" || name === "rectangles.html") {
      const body = readFileSync(join(dir, name));
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": body.length });
      res.end(body);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- measurements in the page -----------------------------------------------------------------

/** Navigates a fresh context and returns ms from navigation start to the mark (+ the page, still open). */
async function coldLoad(browser: Browser, url: string, mark: string, onPage?: (page: Page) => void): Promise<{ ms: number; page: Page; close(): Promise<void> }> {
  const { context, page, problems } = await newPage(browser);
  onPage?.(page);
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction((name) => performance.getEntriesByName(name, "mark").length > 0, mark, { timeout: 20000, polling: 20 });
  const ms = await page.evaluate((name) => performance.getEntriesByName(name, "mark")[0]!.startTime, mark);
  if (problems.all().length > 0) throw new Error(`${url}: ${problems.all().join("; ")}`);
  return { ms, page, close: () => context.close() };
}

/**
 * Frames per second counted with requestAnimationFrame over `ms`, after a warm-up. The page
 * function is a string: tsx (esbuild keepNames) would wrap named closures in a `__name` helper
 * that does not exist in the page.
 */
async function countFps(page: Page, ms: number): Promise<number> {
  return page.evaluate(`(async () => {
    await new Promise((resolve) => setTimeout(resolve, ${WARMUP_MS}));
    if (window.splitBrainStress) window.splitBrainStress.resetWindow();
    return await new Promise((resolve) => {
      let first = -1;
      let frames = 0;
      function frame(t) {
        if (first < 0) first = t;
        else frames++;
        if (t - first < ${ms}) requestAnimationFrame(frame);
        else resolve((frames * 1000) / (t - first));
      }
      requestAnimationFrame(frame);
    });
  })()`) as Promise<number>;
}

interface StressRun {
  fps: number;
  renderer: string;
  minVisible: number;
  maxVisible: number;
}

async function stressRun(browser: Browser, url: string, shot?: string): Promise<StressRun> {
  const { context, page, problems } = await newPage(browser);
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.splitBrainStress?.ready === true, null, { timeout: 30000 });
    const fps = await countFps(page, MEASURE_MS);
    const stats = await page.evaluate(() => {
      const s = window.splitBrainStress!;
      return { renderer: s.renderer, minVisible: s.minVisible, maxVisible: s.maxVisible };
    });
    if (shot) await screenshot(page, shot);
    if (problems.all().length > 0) throw new Error(`${url}: ${problems.all().join("; ")}`);
    return { fps, ...stats };
  } finally {
    await context.close();
  }
}

async function bareRun(browser: Browser, url: string): Promise<{ fps: number; renderer: string }> {
  const { context, page, problems } = await newPage(browser);
  try {
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { benchBare?: { ready: boolean } }).benchBare?.ready === true, null, { timeout: 30000 });
    const fps = await countFps(page, MEASURE_MS);
    const renderer = await page.evaluate(() => (window as unknown as { benchBare: { renderer: string } }).benchBare.renderer);
    if (problems.all().length > 0) throw new Error(`${url}: ${problems.all().join("; ")}`);
    return { fps, renderer };
  } finally {
    await context.close();
  }
}

// ---- the benchmark ----------------------------------------------------------------------------

export async function run(): Promise<BenchResult[]> {
  await buildClient();
  const graph = distGraph();
  const server = await startTestServer();
  const baseline = await startBaselineServer(graph);
  const { browser, close } = await launchBrowser();
  const results: BenchResult[] = [];
  try {
    // (1) + (2): cold loads, app and baseline interleaved so drift hits both alike. The first app
    // load also records the scripts the page downloads before the ready mark.
    const appMs: number[] = [];
    const baseMs: number[] = [];
    let scripts: { url: string; raw: number; gzip: number }[] = [];
    let defaultRenderer = "?";
    for (let i = 0; i < LOADS; i++) {
      const bodies: Promise<{ url: string; body: Buffer } | null>[] = [];
      const app = await coldLoad(browser, `${server.url}/`, READY_MARK, (page) => {
        if (i > 0) return;
        page.on("response", (response) => {
          if (response.request().resourceType() !== "script") return;
          bodies.push(response.body().then((body) => ({ url: response.url(), body }), () => null));
        });
      });
      appMs.push(app.ms);
      if (i === 0) {
        const seen = (await Promise.all(bodies)).filter((b): b is { url: string; body: Buffer } => b !== null);
        scripts = seen.map(({ url, body }) => ({ url, raw: body.length, gzip: gzipBytes(body) }));
        defaultRenderer = await app.page.evaluate(() => {
          const type = window.splitBrainGame?.renderer?.type;
          return type === 2 ? "WEBGL" : type === 1 ? "CANVAS" : String(type);
        });
      }
      await app.close();
      const base = await coldLoad(browser, `${baseline.url}/first-frame.html`, BASELINE_MARK);
      baseMs.push(base.ms);
      await base.close();
    }

    const phaserGzip = gzipBytes(graph.files.get(graph.phaserFile)!);
    const totalGzip = scripts.reduce((sum, s) => sum + s.gzip, 0);
    const totalRaw = scripts.reduce((sum, s) => sum + s.raw, 0);
    const distGzip = graph.scripts.reduce((sum, f) => sum + gzipBytes(graph.files.get(f)!), 0);
    const appShare = totalGzip - phaserGzip;
    console.log(
      `  initial scripts (network, before the ready mark): ${scripts.map((s) => `${s.url.replace(server.url, "")} ${kb(s.raw)} KB raw / ${kb(s.gzip)} KB gzip`).join("; ")}` +
        `\n  dist/index.html module graph: ${graph.scripts.join(", ")} = ${kb(distGzip)} KB gzip` +
        `\n  cold loads (ms): app ${appMs.map((v) => Math.round(v)).join(", ")} | baseline ${baseMs.map((v) => Math.round(v)).join(", ")}` +
        `\n  the game's renderer here (client/renderer-choice.ts: Canvas on software GL, else Phaser.AUTO): ${defaultRenderer}`,
    );
    results.push({
      name: `initial JavaScript, gzip (app's share ${kb(appShare)} KB = ${Math.round((appShare / totalGzip) * 100)}%; ${kb(totalRaw)} KB raw in ${scripts.length} scripts)`,
      figure: kb(totalGzip),
      unit: "KB",
      baselineName: `Phaser chunk alone, ${graph.phaserFile}`,
      baselineFigure: kb(phaserGzip),
      ratio: round(totalGzip / phaserGzip),
      smallerIsBetter: true,
      target: `<= ${INITIAL_JS_TARGET_KB} KB gzip in total`,
      met: kb(totalGzip) <= INITIAL_JS_TARGET_KB && scripts.length > 0,
    });
    const appMedian = median(appMs);
    const baseMedian = median(baseMs);
    results.push({
      name: `first playable frame (navigation -> Home ready, localhost, median of ${LOADS} cold loads, ${HEADLESS})`,
      figure: Math.round(appMedian),
      unit: "ms",
      baselineName: "minimal page: same Phaser chunk, one scene, one rectangle",
      baselineFigure: Math.round(baseMedian),
      ratio: round(appMedian / baseMedian),
      smallerIsBetter: true,
      target: `<= ${FIRST_FRAME_TARGET_MS} ms`,
      met: appMedian <= FIRST_FRAME_TARGET_MS,
    });

    // (3): the stress scene, both renderers; the screenshot comes from the game's default one.
    for (const renderer of ["webgl", "canvas"] as const) {
      const isDefault = defaultRenderer.toLowerCase() === renderer;
      const stress = await stressRun(browser, `${server.url}/?renderer=${renderer}#stress=${STRESS.nodes}x${STRESS.packets}`, isDefault ? "stress" : undefined);
      const bare = await bareRun(browser, `${baseline.url}/rectangles.html?renderer=${renderer}&n=${STRESS.packets}`);
      if (stress.renderer !== renderer.toUpperCase() || bare.renderer !== renderer.toUpperCase()) {
        throw new Error(`asked for ${renderer}, got ${stress.renderer} (stress) / ${bare.renderer} (bare)`);
      }
      const inFlight = stress.minVisible === stress.maxVisible ? `${stress.minVisible}` : `${stress.minVisible}-${stress.maxVisible}`;
      results.push({
        name: `stress scene fps, ${renderer === "webgl" ? "WebGL" : "Canvas"} renderer${isDefault ? " (the game's own choice here)" : " (forced; not the game's choice here)"}, ${STRESS.nodes} nodes + ${inFlight} packets drawn, real NetworkMap, ${HEADLESS}`,
        figure: round(stress.fps, 1),
        unit: "fps",
        baselineName: `bare Phaser scene moving ${STRESS.packets} rectangles, ${renderer}`,
        baselineFigure: round(bare.fps, 1),
        ratio: round(stress.fps / bare.fps),
        // The target holds for the renderer the game draws with; the other one is reported.
        target: isDefault ? `>= ${FPS_TARGET} fps` : "reported (the game draws with the other renderer here)",
        met: isDefault ? stress.fps >= FPS_TARGET && stress.minVisible >= STRESS.packets : stress.minVisible >= STRESS.packets,
      });
    }
  } finally {
    await close();
    await baseline.close();
    await server.close();
  }
  return results;
}
