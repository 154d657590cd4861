/**
 * One measured phase of a room benchmark (rooms.bench.ts, workshop.bench.ts): the client process
 * joins its rooms, the server warms up, then records CPU, GC pauses and event-loop delay while
 * the clients record patch intervals and sizes. Shared so both benches measure the same way.
 */
import { execFileSync, type ChildProcess } from "node:child_process";
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { median } from "./bench.js";

export interface PhaseFigures {
  patchP99Ms: number;
  loopDelayP99Ms: number;
  patchBytesMedian: number;
  fullStateBytesMedian: number;
  cpuShare: number;
  /** Share of the wall time the main thread spent paused for garbage collection. */
  gcPauseShare: number;
  clients: number;
  patches: number;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function request(child: ChildProcess, message: object, answer: string, timeoutMs = 120_000): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench clients: no "${answer}" in ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m: any) => {
      if (m.type === "error") {
        clearTimeout(timer);
        child.off("message", onMessage);
        reject(new Error(`bench clients: ${m.message}`));
      } else if (m.type === answer) {
        clearTimeout(timer);
        child.off("message", onMessage);
        resolve(m);
      }
    };
    child.on("message", onMessage);
    child.send(message);
  });
}

export async function runPhase(child: ChildProcess, timing: { warmupMs: number; measureMs: number }, start: object): Promise<PhaseFigures> {
  const joined = await request(child, { type: "start", ...start }, "joined");
  await new Promise((r) => setTimeout(r, timing.warmupMs));
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  // GC pauses, measured apart: in the level room they are much of what the CPU share adds.
  let gcPauseMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcPauseMs += entry.duration;
  });
  gc.observe({ entryTypes: ["gc"] });
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  child.send({ type: "measure" });
  await new Promise((r) => setTimeout(r, timing.measureMs));
  const stats = await request(child, { type: "stop" }, "stats");
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - wallStart;
  loop.disable();
  gc.disconnect();
  await request(child, { type: "leave" }, "left");
  await new Promise((r) => setTimeout(r, 1000)); // let the rooms dispose
  return {
    patchP99Ms: percentile(stats.intervalsMs, 99),
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    patchBytesMedian: median(stats.patchBytes),
    fullStateBytesMedian: median(stats.fullStateBytes),
    cpuShare: (cpu.user + cpu.system) / 1000 / wallMs,
    gcPauseShare: gcPauseMs / wallMs,
    clients: joined.clients,
    patches: stats.patchBytes.length,
  };
}

export function pinToCore(pid: number, core: number): boolean {
  try {
    execFileSync("taskset", ["-a", "-pc", String(core), String(pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Each figure's median over the phases. */
export function medianFigures(runs: PhaseFigures[]): PhaseFigures {
  const m = (pick: (f: PhaseFigures) => number) => median(runs.map(pick));
  return {
    patchP99Ms: m((f) => f.patchP99Ms),
    loopDelayP99Ms: m((f) => f.loopDelayP99Ms),
    patchBytesMedian: m((f) => f.patchBytesMedian),
    fullStateBytesMedian: m((f) => f.fullStateBytesMedian),
    cpuShare: m((f) => f.cpuShare),
    gcPauseShare: m((f) => f.gcPauseShare),
    clients: m((f) => f.clients),
    patches: m((f) => f.patches),
  };
}

export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
