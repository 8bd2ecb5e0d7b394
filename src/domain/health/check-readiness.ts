import type { Db } from "../../db/create-db.ts";
import { pendingMigrations } from "../../db/migrate.ts";

export type Readiness = { database: "ok" | "unreachable"; pendingMigrations: string[]; ready: boolean };

/** Ready means the database answers and every shipped migration is applied (for rolling deploys). */
export async function checkReadiness(db: Db): Promise<Readiness> {
  try {
    const pending = await pendingMigrations(db);
    return { database: "ok", pendingMigrations: pending, ready: pending.length === 0 };
  } catch {
    return { database: "unreachable", pendingMigrations: [], ready: false };
  }
}
