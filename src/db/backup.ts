import type { Db } from "./create-db.ts";

/**
 * Writes a consistent copy of a SQLite database to `target`. VACUUM INTO reads one snapshot
 * (in WAL mode the running app keeps reading and writing meanwhile) and writes a compact
 * copy; the source is never modified.
 */
export async function backupSqlite(db: Db, target: string): Promise<void> {
  if (db.provider !== "sqlite") throw new Error("backupSqlite needs a SQLite database");
  await db.prisma.$executeRawUnsafe("VACUUM INTO ?", target);
}
