import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseEnv } from "../config/load-config.ts";
import { backupSqlite } from "../db/backup.ts";
import { createDb } from "../db/create-db.ts";
import type { CliCommand } from "./cli-command.ts";
import { usage } from "./open-deps.ts";
import { parseFlags } from "./parse-flags.ts";

export const backupCommand: CliCommand = {
  name: "backup",
  summary: "write a consistent copy of the SQLite database to FILE, also while ShopOps runs",
  usage: "backup FILE",
  async run(args, io) {
    const { positional } = parseFlags(args, {});
    const [file] = positional;
    if (!file || positional.length > 1) throw usage("give exactly one FILE to write the backup to");
    const target = resolve(file);
    if (existsSync(target)) throw usage(`${file} already exists; choose a new file (a backup never overwrites)`);
    const env = parseEnv(io.env);
    const db = await createDb(env.DATABASE_URL, { poolSize: 1 });
    try {
      if (db.provider !== "sqlite") {
        io.err(
          'backup copies SQLite databases; on PostgreSQL use pg_dump, e.g. `pg_dump -Fc "$DATABASE_URL" > shopops.dump`',
        );
        return 2;
      }
      await backupSqlite(db, target);
    } finally {
      await db.close();
    }
    io.out(`✓ backup written to ${target}`);
    return 0;
  },
};
