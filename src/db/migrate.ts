import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { PACKAGE_ROOT } from "../shared/package-root.ts";
import { createDb, type Db } from "./create-db.ts";
import { type DatabaseProvider, providerOf, sqlitePathOf } from "./database-url.ts";

export function migrationsDir(provider: DatabaseProvider): string {
  return join(PACKAGE_ROOT, "prisma", provider, "migrations");
}

/** Migration folder names shipped with this version, oldest first. */
export function shippedMigrations(provider: DatabaseProvider): string[] {
  return readdirSync(migrationsDir(provider), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Shipped migrations the database has not applied yet (all of them on an empty database). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  let applied: string[];
  try {
    const rows = await db.prisma.$queryRawUnsafe<Array<{ migration_name: string }>>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    applied = rows.map((r) => r.migration_name);
  } catch {
    applied = [];
  }
  const done = new Set(applied);
  return shippedMigrations(db.provider).filter((name) => !done.has(name));
}

/**
 * Applies pending migrations with `prisma migrate deploy` (Prisma's WASM schema engine and
 * our driver adapter, see prisma.config.ts: nothing is downloaded). Cheap when nothing is
 * pending: the Prisma CLI only starts when there is work for it.
 */
export async function migrate(databaseUrl: string, onOutput: (line: string) => void = () => {}): Promise<string[]> {
  // A short-lived connection: SQLite's schema engine needs the file to itself while it migrates.
  const db = await createDb(databaseUrl, { poolSize: 1 });
  const pending = await pendingMigrations(db).finally(() => db.close());
  if (pending.length === 0) return [];
  // The CLI runs in the package root (where prisma.config.ts is), so pin relative SQLite paths first.
  const url = providerOf(databaseUrl) === "sqlite" ? `file:${resolve(sqlitePathOf(databaseUrl))}` : databaseUrl;
  const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "migrate", "deploy"], {
      cwd: PACKAGE_ROOT,
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: string[] = [];
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.trim()) {
          lines.push(line);
          onOutput(line);
        }
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `prisma migrate deploy failed (exit ${code}):\n${lines
                .filter((l) => !l.startsWith("    at "))
                .slice(0, 40)
                .join("\n")}`,
            ),
          ),
    );
  });
  return pending;
}
