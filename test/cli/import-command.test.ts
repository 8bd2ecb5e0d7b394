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
    sources: { csv: {} }
`;

function csvFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "shopops-csv-")), "metrics.csv");
  writeFileSync(path, text);
  return path;
}

describeEachDatabase("shopops import", (ctx) => {
  let env: Record<string, string> = {};
  beforeAll(() => {
    env = { DATABASE_URL: ctx.db.url, SHOPOPS_CONFIG: writeShopsFile(SHOPS) };
  });

  it("rejects a file with one bad row, names the line and stores nothing", async () => {
    const file = csvFile(
      "date,source,metric,dimension,value\n2026-11-20,csv,cost,,125.40\n2026-11-21,csv,cost,,12,5\n",
    );
    const run = await runShopops(["import", file, "--shop", "acme"], env);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`${file}:3: expected 5 columns, found 6`);
    expect(run.err.at(-1)).toMatch(/nothing imported: 1 bad row/);
    expect(await ctx.db.prisma.metricObservation.count({ where: { shopId: "acme" } })).toBe(0);
  });

  it("imports a good file, and importing it again changes nothing", async () => {
    const file = csvFile(
      "date,source,metric,dimension,value\n2026-11-20,csv,cost,,125.40\n2026-11-20,csv,cost,platform=awin,125.40\n",
    );
    const first = await runShopops(["import", file, "--shop", "acme"], env);
    expect(first).toMatchObject({
      code: 0,
      out: ["✓ imported 2 observation(s) for 2026-11-20..2026-11-20 into acme (long format)"],
    });
    await runShopops(["import", file, "--shop", "acme"], env);
    const rows = await ctx.db.prisma.metricObservation.findMany({ where: { shopId: "acme" } });
    expect(rows.map((r) => [r.dimension, r.dimensionValue, r.valueMicros])).toEqual(
      expect.arrayContaining([
        ["", "", 125_400_000n],
        ["platform", "awin", 125_400_000n],
      ]),
    );
    expect(rows).toHaveLength(2);
    const state = await ctx.db.prisma.sourceState.findUnique({
      where: { shopId_source: { shopId: "acme", source: "csv" } },
    });
    expect(state?.lastSuccessAt).toBeInstanceOf(Date);
  });

  it("refuses an unknown shop with the usage", async () => {
    const run = await runShopops(["import", csvFile("date,sessions\n2026-11-20,1\n"), "--shop", "nope"], env);
    expect(run.code).toBe(2);
    expect(run.err.join("\n")).toMatch(/unknown shop "nope" \(configured: acme\)/);
  });
});
