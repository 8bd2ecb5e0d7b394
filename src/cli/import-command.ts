import { readFileSync } from "node:fs";
import { createMetricStore } from "../domain/metrics/metric-store.ts";
import { createSourceStateStore } from "../domain/metrics/source-state-store.ts";
import { parseMetricCsv } from "../sources/csv/parse-metric-csv.ts";
import type { CliCommand } from "./cli-command.ts";
import { findShop, openDeps, usage } from "./open-deps.ts";
import { parseFlags } from "./parse-flags.ts";

export const importCommand: CliCommand = {
  name: "import",
  summary: "import metrics from a CSV file (long or wide format, see README); a file with any bad row imports nothing",
  usage: "import FILE --shop ID",
  async run(args, io) {
    const flags = parseFlags(args, { valued: ["shop"] });
    const [file, ...extra] = flags.positional;
    if (!file) throw usage("name the CSV file to import");
    if (extra.length > 0) throw usage(`unexpected argument "${extra[0]}"`);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw usage(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }

    const deps = await openDeps(io);
    try {
      const shop = findShop(deps.config, flags.values.get("shop"));
      const parsed = parseMetricCsv(text, shop);
      if (parsed.problems.length > 0) {
        for (const p of parsed.problems) io.err(`${file}:${p.line}: ${p.reason}`);
        io.err(`✗ nothing imported: ${parsed.problems.length} bad row(s) in ${file}`);
        return 1;
      }
      const now = deps.clock.now();
      const rows = await createMetricStore(deps.db).upsert(parsed.observations, now);
      if (parsed.observations.some((o) => o.source === "csv"))
        await createSourceStateStore(deps.db).recordSuccess(shop.id, "csv", now);
      const buckets = parsed.observations.map((o) => o.bucket).sort();
      const span = buckets.length > 0 ? ` for ${buckets[0]}..${buckets.at(-1)}` : "";
      io.out(`✓ imported ${rows} observation(s)${span} into ${shop.id} (${parsed.format} format)`);
      return 0;
    } finally {
      await deps.close();
    }
  },
};
