import { it } from "vitest";
import { loadLevelFile } from "../../server/level-files.js";
import { replay } from "../../shared/sim/replay.js";
import { computeVerdict } from "../../shared/checks/verdict.js";
it("runs", () => {
  const base = loadLevelFile("/work/main/levels/l08-reach-consensus.json");
  const level = { ...base, protocolOptions: { ...base.protocolOptions, ...JSON.parse(process.env.OPTS ?? "{}") }, faults: [...base.faults, ...JSON.parse(process.env.FAULTS ?? "[]")] };
  const policy = process.env.POLICY ?? "correct";
  const seat = process.env.SEAT ?? "N2";
  const n = Number(process.env.N ?? 50);
  const stars = [0,0,0,0]; const viol: Record<string, number> = {}; const goalFail: Record<string, number> = {};
  let msgs: number[] = []; let served: number[] = []; let terms: number[] = [];
  const t0 = Date.now();
  for (let seed = 1; seed <= n; seed++) {
    const inputs = policy === "correct" ? [] : (seat === "all" ? ["N1","N2","N3","N4","N5"] : [seat]).map((node) => ({ tick: 0, node, action: "$control", params: { controller: "bot", policy } }));
    const { world } = replay(level, seed, inputs);
    const v = computeVerdict(world);
    stars[v.stars]!++;
    for (const x of new Set(v.violations.map((x) => x.check))) viol[x] = (viol[x] ?? 0) + 1;
    for (const g of v.goals) if (!g.met) { goalFail[g.id] = (goalFail[g.id] ?? 0) + 1; if (process.env.V) console.log(seed, g.id, g.detail); }
    msgs.push(v.metrics.messages); served.push(v.metrics.served);
    const el = v.goals.find((g) => g.id === "few-elections")!.detail.split(" ")[0]; terms.push(Number(el));
    if (process.env.V && v.violations.length) console.log(seed, v.violations[0]);
  }
  msgs.sort((a,b)=>a-b); served.sort((a,b)=>a-b);
  console.log(policy, seat, "stars", stars, "viol", viol, "goalFail", goalFail, "msgs med/max", msgs[n>>1], msgs[n-1], "served min/med", served[0], served[n>>1], "terms", JSON.stringify(terms.reduce((m: Record<number,number>, t) => (m[t] = (m[t] ?? 0) + 1, m), {})), "ms", Date.now() - t0);
});
