import { parseEnv } from "../config/load-config.ts";
import { migrate } from "../db/migrate.ts";
import type { CliCommand } from "./cli-command.ts";
import { parseFlags } from "./parse-flags.ts";

export const migrateCommand: CliCommand = {
  name: "migrate",
  summary: "apply pending database migrations (DATABASE_URL)",
  usage: "migrate",
  async run(args, io) {
    parseFlags(args, {});
    const env = parseEnv(io.env);
    const applied = await migrate(env.DATABASE_URL, (line) => io.out(line));
    io.out(applied.length === 0 ? "✓ database is up to date" : `✓ applied ${applied.join(", ")}`);
    return 0;
  },
};
