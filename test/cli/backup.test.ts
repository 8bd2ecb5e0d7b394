import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/db/create-db.ts";
import { runShopops } from "../support/cli.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

describe("shopops backup", () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    db = await createDb(database.url);
    await db.prisma.shop.create({
      data: {
        id: "acme",
        name: "ACME 'Store'; DROP TABLE Shop;--",
        timezone: "Europe/Warsaw",
        currency: "EUR",
        locale: "en",
      },
    });
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it("writes a consistent copy while the database is open, and never overwrites a file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "shopops-backup-")), "copy.db");
    const run = await runShopops(["backup", file], { DATABASE_URL: database.url });
    expect(run).toMatchObject({ code: 0, out: [`✓ backup written to ${file}`] });
    const copy = await createDb(`file:${file}`);
    expect(await copy.prisma.shop.findMany()).toMatchObject([{ id: "acme", name: "ACME 'Store'; DROP TABLE Shop;--" }]);
    await copy.close();

    const again = await runShopops(["backup", file], { DATABASE_URL: database.url });
    expect(again.code).toBe(2);
    expect(again.err.join("\n")).toContain("already exists");
  });

  it("needs a file name", async () => {
    const run = await runShopops(["backup"], { DATABASE_URL: database.url });
    expect(run.code).toBe(2);
    expect(run.err.join("\n")).toMatch(/usage: shopops backup FILE/);
  });
});
