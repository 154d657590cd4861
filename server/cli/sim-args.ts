/**
 * Arguments of `npm run sim`, parsed into a value or a readable error (never a stack trace).
 */
import { err, ok, type Result } from "../../shared/base/result.js";

export interface SimArgs {
  level: string;
  seed: string;
  seats: { node: string; policy: string }[];
  inputsFile: string | null;
  mode: "guided" | "free";
  json: boolean;
}

export const SIM_USAGE = `usage: npm run sim -- --level <id> --seed <seed> [--seat <node>=<policy>]... [--inputs <file>] [--mode guided|free] [--json]
  --level   a level id from levels/ (e.g. l00-hello-network)
  --seed    a whole number or any text (default 1)
  --seat    play <node> with the named bot policy instead of its default (repeatable)
  --inputs  a JSON file with a human's input log: [{ "tick", "node", "action", "params" }, ...]
  --mode    guided (default: illegal actions are refused) or free
  --json    print one JSON object instead of a report`;

export function parseSimArgs(argv: readonly string[]): Result<SimArgs, string> {
  const args: SimArgs = { level: "", seed: "1", seats: [], inputsFile: null, mode: "guided", json: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string | null => {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("--")) return null;
      i++;
      return v;
    };
    if (flag === "--json") {
      args.json = true;
      continue;
    }
    const v = value();
    if (v === null) return err(`${flag} needs a value`);
    switch (flag) {
      case "--level":
        args.level = v;
        break;
      case "--seed":
        args.seed = v;
        break;
      case "--inputs":
        args.inputsFile = v;
        break;
      case "--mode":
        if (v !== "guided" && v !== "free") return err(`--mode must be guided or free (got ${v})`);
        args.mode = v;
        break;
      case "--seat": {
        const match = /^([A-Za-z][A-Za-z0-9_-]*)=([A-Za-z][A-Za-z0-9_-]*)$/.exec(v);
        if (!match) return err(`--seat must look like N2=forgetful (got ${v})`);
        args.seats.push({ node: match[1]!, policy: match[2]! });
        break;
      }
      default:
        return err(`unknown option ${flag}`);
    }
  }
  if (!args.level) return err("--level is required");
  return ok(args);
}
