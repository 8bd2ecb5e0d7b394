import { readFileSync } from "node:fs";
import { loadConfig } from "../config/load-config.ts";
import { createDb } from "../db/create-db.ts";
import { importMediaPlan } from "../domain/media-plan/import-media-plan.ts";
import { systemClock } from "../shared/clock.ts";
import { invalidInput, isShopOpsError } from "../shared/errors.ts";
import type { CliCommand } from "./cli-command.ts";
import { parseFlags } from "./parse-flags.ts";

/** `import-plan FILE --shop ID`: a media-plan CSV (month,channel,budget) into the database, all rows or none. */
export const importPlanCommand: CliCommand = {
  name: "import-plan",
  summary: "import a media plan CSV (month,channel,budget) for a shop; bad rows are listed and nothing is stored",
  usage: "import-plan FILE --shop ID",
  async run(args, io) {
    const flags = parseFlags(args, { valued: ["shop"] });
    const [file, ...extra] = flags.positional;
    const shopId = flags.values.get("shop");
    if (!file || extra.length > 0 || !shopId)
      throw invalidInput("import-plan needs one FILE and --shop ID", { key: "cli.usage" });
    const config = loadConfig(io.env);
    const shop = config.shops.find((s) => s.id === shopId);
    if (!shop) {
      io.err(`unknown shop "${shopId}"; shops: ${config.shops.map((s) => s.id).join(", ")}`);
      return 2;
    }
    let csv: string;
    try {
      csv = readFileSync(file, "utf8");
    } catch {
      io.err(`cannot read "${file}"`);
      return 2;
    }
    const db = await createDb(config.env.DATABASE_URL);
    try {
      const cells = await importMediaPlan({ db, clock: systemClock }, shop, csv);
      const months = [...new Set(cells.map((c) => c.month))].sort();
      io.out(`✓ imported ${cells.length} budget(s) for ${shop.id}: ${months.join(", ")}`);
      return 0;
    } catch (error) {
      if (isShopOpsError(error, "invalid_input") && error.user?.params?.problems !== undefined) {
        io.err(`${file}: nothing imported:`);
        for (const line of String(error.user.params.problems).split("\n")) io.err(`  ${line}`);
        return 1;
      }
      throw error;
    } finally {
      await db.close();
    }
  },
};
