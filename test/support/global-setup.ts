import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createDb } from "../../src/db/create-db.ts";
import { migrate } from "../../src/db/migrate.ts";
import { adminUrl, POSTGRES_TEMPLATE, postgresUrl } from "./postgres.ts";

declare module "vitest" {
  export interface ProvidedContext {
    sqliteTemplate: string;
    postgresTemplate: string;
  }
}

/**
 * Migrates one template database per provider, once per test run. Each test file then
 * gets a fresh copy (test/support/test-db.ts): a file copy for SQLite, CREATE DATABASE …
 * TEMPLATE on PostgreSQL.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "shopops-test-"));
  const sqliteUrl = `file:${join(dir, "template.db")}`;
  await migrate(sqliteUrl);
  // Fold the WAL into the file so a plain copy of it is a complete database.
  const sqlite = await createDb(sqliteUrl);
  await sqlite.prisma.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  await sqlite.close();

  const admin = new pg.Client({ connectionString: adminUrl() });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${adminUrl()} (${(error as Error).message}). Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
    );
  }
  await admin.query(`DROP DATABASE IF EXISTS ${POSTGRES_TEMPLATE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${POSTGRES_TEMPLATE}`);
  await admin.end();
  await migrate(postgresUrl(POSTGRES_TEMPLATE));

  project.provide("sqliteTemplate", join(dir, "template.db"));
  project.provide("postgresTemplate", POSTGRES_TEMPLATE);
  return () => rmSync(dir, { recursive: true, force: true });
}
