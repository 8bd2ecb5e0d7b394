import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { createDb, type Db } from "../../src/db/create-db.ts";
import type { DatabaseProvider } from "../../src/db/database-url.ts";
import { adminUrl, postgresUrl } from "./postgres.ts";

export const PROVIDERS: DatabaseProvider[] = ["sqlite", "postgresql"];

export type TestDatabase = { url: string; drop(): Promise<void> };

/** A fresh, migrated, empty database copied from the run's template. */
export async function createTestDatabase(provider: DatabaseProvider): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "shopops-db-"));
    const file = join(dir, "test.db");
    copyFileSync(inject("sqliteTemplate"), file);
    return { url: `file:${file}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `shopops_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("postgresTemplate")}`);
  await admin.end();
  return {
    url: postgresUrl(name),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Runs a suite once on SQLite and once on PostgreSQL, each on its own fresh database.
 * `ctx.db` is ready inside tests (and in the suite's own beforeAll/beforeEach hooks).
 */
export function describeEachDatabase(
  name: string,
  body: (ctx: { readonly db: Db; readonly provider: DatabaseProvider }) => void,
): void {
  describe.each(PROVIDERS)(`${name} [%s]`, (provider) => {
    let db: Db | undefined;
    let database: TestDatabase | undefined;
    beforeAll(async () => {
      database = await createTestDatabase(provider);
      db = await createDb(database.url, { poolSize: 4 });
    });
    afterAll(async () => {
      await db?.close();
      await database?.drop();
    });
    body({
      get db() {
        if (!db) throw new Error("the test database is not ready yet");
        return db;
      },
      provider,
    });
  });
}
