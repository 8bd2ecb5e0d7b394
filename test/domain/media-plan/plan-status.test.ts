import { expect, it } from "vitest";
import { parseEnv } from "../../../src/config/load-config.ts";
import { decideSpend } from "../../../src/domain/approvals/decide-spend.ts";
import { requestSpend } from "../../../src/domain/approvals/request-spend.ts";
import { importMediaPlan } from "../../../src/domain/media-plan/import-media-plan.ts";
import { createMediaPlanStore } from "../../../src/domain/media-plan/media-plan-store.ts";
import { getPlanStatus, knownChannels } from "../../../src/domain/media-plan/plan-status.ts";
import { syncMediaPlanFromConfig } from "../../../src/domain/media-plan/sync-media-plan.ts";
import { createMetricStore } from "../../../src/domain/metrics/metric-store.ts";
import { createFixedClock } from "../../../src/shared/clock.ts";
import { isShopOpsError } from "../../../src/shared/errors.ts";
import { startOfLocalDay } from "../../../src/shared/time.ts";
import { buildShop } from "../../builders/shop.ts";
import { describeEachDatabase } from "../../support/test-db.ts";

describeEachDatabase("media plans", (ctx) => {
  const clock = createFixedClock("2026-11-20T10:00:00Z");
  const shop = buildShop({
    id: "plan",
    mediaPlan: { "2026-11": { "google-ads": 30000, meta: 15000 }, "2026-12": { meta: 1 } },
  });
  const deps = () => ({ db: ctx.db, clock, config: { env: parseEnv({}), shops: [shop] } });

  it("counts approved requests and actual ad spend against the budget, per channel", async () => {
    const cost = (day: string, platform: string, value: number) => ({
      shopId: shop.id,
      source: platform === "meta" ? ("meta" as const) : ("google-ads" as const),
      metric: "cost",
      dimension: "platform",
      dimensionValue: platform,
      granularity: "day" as const,
      bucket: day,
      bucketStart: startOfLocalDay(day, shop.timezone),
      value,
    });
    await createMetricStore(ctx.db).upsert(
      [
        cost("2026-11-01", "google-ads", 1000.25),
        cost("2026-11-02", "google-ads", 999.75),
        cost("2026-10-31", "meta", 500),
        cost("2026-11-03", "meta", 250),
      ],
      clock.now(),
    );
    const view = await requestSpend(deps(), shop, {
      requesterId: "U0ANNA",
      amountMicros: 5_000_000_000n,
      currency: "EUR",
      channel: "google-ads",
      reason: "Push",
    });
    await decideSpend(deps(), { requestId: view.id, actorId: "U0MANAGER", decision: "approve" });
    await requestSpend(deps(), shop, {
      requesterId: "U0ANNA",
      amountMicros: 1_000_000n,
      currency: "EUR",
      channel: "meta",
      reason: "Pending only",
    });

    const status = await getPlanStatus(deps(), shop, "2026-11");
    expect(status.lines).toEqual([
      { channel: "google-ads", budget: 30000, approved: 5000, spent: 2000, remaining: 23000 },
      { channel: "meta", budget: 15000, approved: 0, spent: 250, remaining: 14750 },
    ]);
  });

  it("imports a CSV over the YAML budgets, and a YAML sync keeps imported cells", async () => {
    await syncMediaPlanFromConfig(deps(), shop);
    await importMediaPlan(deps(), shop, "month,channel,budget\n2026-11,meta,9000\n2026-11,tiktok,500\n");
    await syncMediaPlanFromConfig(deps(), shop);
    const cells = await createMediaPlanStore(ctx.db).month(shop.id, "2026-11");
    expect(cells.map((c) => [c.channel, c.budgetMicros, c.origin])).toEqual([
      ["google-ads", 30_000_000_000n, "config"],
      ["meta", 9_000_000_000n, "import"],
      ["tiktok", 500_000_000n, "import"],
    ]);
    expect(await knownChannels(deps(), shop)).toEqual(["google-ads", "meta", "tiktok"]);
    expect((await getPlanStatus(deps(), shop, "2026-11")).lines.find((l) => l.channel === "meta")?.budget).toBe(9000);
  });

  it("stores nothing from a CSV with a bad row", async () => {
    const before = await ctx.db.prisma.mediaPlan.count();
    const error = await importMediaPlan(
      deps(),
      shop,
      "month,channel,budget\n2027-01,meta,100\n2027-01,meta,abc\n",
    ).catch((e: unknown) => e);
    expect(isShopOpsError(error, "invalid_input")).toBe(true);
    expect(await ctx.db.prisma.mediaPlan.count()).toBe(before);
  });
});
