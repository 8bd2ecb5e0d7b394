import type { CliCommand } from "./cli-command.ts";
import { runDetectCsv } from "./detect-csv.ts";
import { runDetectShop } from "./detect-shop.ts";
import { findShop, openDeps, usage } from "./open-deps.ts";
import { parseFlags } from "./parse-flags.ts";

/** `detect --shop ID [--post]` (stored data, alerts) or `detect --csv FILE …` (any series, offline scores). */
export const detectCommand: CliCommand = {
  name: "detect",
  summary: "evaluate a shop's stored data for anomalies now (--post: alert in Slack), or score a CSV series",
  usage: "detect --shop ID [--post] | detect --csv FILE [--timestamp-column C] [--value-column C]",
  async run(args, io) {
    if (args.some((a) => a === "--csv" || a.startsWith("--csv="))) return runDetectCsv(args, io);
    const flags = parseFlags(args, { valued: ["shop"], switches: ["post"] });
    if (flags.positional.length > 0) throw usage(`unexpected argument "${flags.positional[0]}"`);
    if (!flags.values.has("shop")) throw usage("choose --shop ID or --csv FILE");
    const deps = await openDeps(io);
    try {
      const shop = findShop(deps.config, flags.values.get("shop"));
      return await runDetectShop(deps, shop, flags.switches.has("post"), io);
    } finally {
      await deps.close();
    }
  },
};
