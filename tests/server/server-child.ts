/**
 * A game server in a child process (room-server-process.ts), for tests that must see whether a
 * request kills the PROCESS (an in-process server would take the test runner down instead) or
 * what the server prints. Everything it writes to stdout and stderr is kept in `output`.
 */
import { spawn, type ChildProcess } from "node:child_process";

export interface ServerChild {
  port: number;
  url: string;
  child: ChildProcess;
  /** stdout + stderr so far. */
  output(): string;
  alive(): boolean;
  stop(): Promise<void>;
}

export async function startServerChild(env: Record<string, string> = {}): Promise<ServerChild> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/server/room-server-process.ts"], {
    env: { ...process.env, PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += String(chunk)));
  child.stderr!.on("data", (chunk) => (output += String(chunk)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 20 s: ${output}`)), 20_000);
    const onData = () => {
      const ready = /READY (\d+)/.exec(output);
      if (!ready) return;
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      resolve(Number(ready[1]));
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}: ${output}`));
    });
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}
