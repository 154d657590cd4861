/**
 * The folders of shared/ form layers: no folder imports a folder that imports it back, not even
 * for types (base <- level <- sim <- checks <- protocols/<id> <- protocols' catalog; view reads
 * sim and checks). A cycle is how "sim -> level -> protocols -> checks -> sim" crept in before
 * the catalog was injected: this test names the cycle the moment one appears.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SHARED = resolve(import.meta.dirname, "../../shared");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** A file's folder: the first level under shared/, or protocols/<id> for a protocol's own files. */
export function folderOf(file: string): string {
  const parts = relative(SHARED, file).split("/");
  if (parts[0] === "protocols" && parts.length > 2) return `protocols/${parts[1]}`;
  return parts[0] === "protocols" ? "protocols" : parts.length > 1 ? parts[0]! : ".";
}

function importGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of files(SHARED)) {
    const from = folderOf(file);
    const edges = graph.get(from) ?? new Map<string, string>();
    graph.set(from, edges);
    for (const m of readFileSync(file, "utf8").matchAll(/from\s+["'](\.{1,2}\/[^"']+)["']/g)) {
      const target = resolve(dirname(file), m[1]!);
      if (!target.startsWith(SHARED)) continue;
      const to = folderOf(target);
      if (to !== from && !edges.has(to)) edges.set(to, relative(SHARED, file));
    }
  }
  return graph;
}

function findCycle(graph: Map<string, Map<string, string>>): string[] | null {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === "done") return null;
    if (state.get(node) === "open") return [...path.slice(path.indexOf(node)), node];
    state.set(node, "open");
    path.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, "done");
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe("shared/ folder layers", () => {
  it("has no import cycle between folders", () => {
    const graph = importGraph();
    const cycle = findCycle(graph);
    const why = cycle?.slice(1).map((to, i) => `${cycle[i]} -> ${to} (${graph.get(cycle[i]!)!.get(to)})`);
    expect(why ?? []).toEqual([]);
  });

  it("finds a cycle when there is one (the detector itself can fail)", () => {
    const graph = new Map([
      ["sim", new Map([["level", "sim/world.ts"]])],
      ["level", new Map([["sim", "level/parse.ts"]])],
    ]);
    expect(findCycle(graph)).toEqual(["level", "sim", "level"]);
  });

  it("keeps each protocol out of the others' folders", () => {
    const graph = importGraph();
    for (const [from, edges] of graph) {
      if (!from.startsWith("protocols/")) continue;
      const others = [...edges.keys()].filter((to) => to.startsWith("protocols"));
      expect({ from, imports: others }).toEqual({ from, imports: [] });
    }
  });
});
