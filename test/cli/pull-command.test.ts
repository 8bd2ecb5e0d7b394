import { beforeAll, expect, it } from "vitest";
import { runShopops, writeShopsFile } from "../support/cli.ts";
import { describeEachDatabase } from "../support/test-db.ts";

const SHOPS = `shops:
  - id: demo
    name: Demo Shop
    timezone: Europe/Warsaw
    currency: EUR
    sources: { demo: {} }
  - id: bare
    name: No Sources
    timezone: UTC
    currency: EUR
`;

describeEachDatabase("shopops pull", (ctx) => {
  let env: Record<string, string> = {};
  beforeAll(() => {
    env = { DATABASE_URL: ctx.db.url, SHOPOPS_CONFIG: writeShopsFile(SHOPS) };
  });

  it("backfills month by month with one plain progress line per month", async () => {
    const run = await runShopops(["pull", "--shop", "demo", "--since", "2025-01-15", "--until", "2025-03-10"], env);
    expect(run.code).toBe(0);
    expect(run.out[0]).toBe("pulling demo 2025-01-15..2025-03-10 from demo");
    expect(run.out.slice(1, 4).map((l) => l.split(":")[0])).toEqual([
      "  2025-01 (1/3)",
      "  2025-02 (2/3)",
      "  2025-03 (3/3)",
    ]);
    expect(run.out.at(-1)).toMatch(/^✓ demo: [\d,]+ daily rows$/);
    const days = await ctx.db.prisma.metricObservation.count({
      where: { shopId: "demo", granularity: "day", metric: "sessions", dimension: "" },
    });
    expect(days).toBe(55);
  });

  it("explains a shop without sources and a bad --since", async () => {
    const bare = await runShopops(["pull", "--shop", "bare"], env);
    expect(bare.code).toBe(2);
    expect(bare.err.join("\n")).toMatch(/has no source configured/);
    const bad = await runShopops(["pull", "--shop", "demo", "--since", "21.11.2026"], env);
    expect(bad.code).toBe(2);
    expect(bad.err.join("\n")).toMatch(/--since must be a day YYYY-MM-DD/);
    const meta = await runShopops(["pull", "--shop", "demo", "--source", "meta"], env);
    expect(meta.err.join("\n")).toMatch(/source meta is not configured for shop "demo"/);
  });
});
