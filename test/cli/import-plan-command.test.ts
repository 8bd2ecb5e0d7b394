import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { runShopops, writeShopsFile } from "../support/cli.ts";
import { describeEachDatabase } from "../support/test-db.ts";

const SHOPS = `shops:
  - id: acme
    name: ACME Store
    timezone: Europe/Warsaw
    currency: EUR
`;

function planFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "shopops-plan-")), "plan.csv");
  writeFileSync(path, text);
  return path;
}

describeEachDatabase("shopops import-plan", (ctx) => {
  let env: Record<string, string> = {};
  beforeAll(() => {
    env = { DATABASE_URL: ctx.db.url, SHOPOPS_CONFIG: writeShopsFile(SHOPS) };
  });

  it("lists every bad row with its line number and stores nothing", async () => {
    const file = planFile("month,channel,budget\n2026-11,google-ads,30000\n2026-11,meta,lots\n2026-13,meta,1\n");
    const run = await runShopops(["import-plan", file, "--shop", "acme"], env);
    expect(run.code).toBe(1);
    expect(run.err).toEqual([
      `${file}: nothing imported:`,
      '  line 3: budget "lots" must be a non-negative number such as 30000 or 1500.50',
      '  line 4: month "2026-13" is not YYYY-MM',
    ]);
    expect(await ctx.db.prisma.mediaPlan.count()).toBe(0);
  });

  it("imports a good plan as exact micros in the shop's currency", async () => {
    const run = await runShopops(
      [
        "import-plan",
        planFile("month,channel,budget\n2026-11,google-ads,30000\n2026-12,meta,1500.50\n"),
        "--shop",
        "acme",
      ],
      env,
    );
    expect(run).toMatchObject({ code: 0, out: ["✓ imported 2 budget(s) for acme: 2026-11, 2026-12"] });
    const rows = await ctx.db.prisma.mediaPlan.findMany({ orderBy: { month: "asc" } });
    expect(rows.map((r) => [r.month, r.channel, r.budgetMicros, r.currency, r.origin])).toEqual([
      ["2026-11", "google-ads", 30_000_000_000n, "EUR", "import"],
      ["2026-12", "meta", 1_500_500_000n, "EUR", "import"],
    ]);
  });

  it("refuses a missing --shop or an unknown shop with exit code 2", async () => {
    expect((await runShopops(["import-plan", planFile("x")], env)).code).toBe(2);
    const unknown = await runShopops(["import-plan", planFile("x"), "--shop", "nope"], env);
    expect(unknown).toMatchObject({ code: 2, err: ['unknown shop "nope"; shops: acme'] });
  });
});
