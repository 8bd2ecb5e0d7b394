import { beforeEach, describe, expect, it } from "vitest";
import { createMetricStore, fromMicros, toMicros } from "../../../src/domain/metrics/metric-store.ts";
import type { Observation } from "../../../src/domain/metrics/observation.ts";
import { eachDay, localHour, startOfLocalDay, startOfLocalHour } from "../../../src/shared/time.ts";
import { describeEachDatabase } from "../../support/test-db.ts";

const TZ = "Europe/Warsaw";

function day(
  shopId: string,
  bucket: string,
  metric: string,
  value: number,
  extra: Partial<Observation> = {},
): Observation {
  return {
    shopId,
    source: "demo",
    metric,
    dimension: "",
    dimensionValue: "",
    granularity: "day",
    bucket,
    bucketStart: startOfLocalDay(bucket, TZ),
    value,
    ...extra,
  };
}

async function count(db: { prisma: { metricObservation: { count(args: object): Promise<number> } } }, shopId: string) {
  return db.prisma.metricObservation.count({ where: { shopId } });
}

describe("micros", () => {
  it("round-trips money to the micro", () => {
    expect(fromMicros(toMicros(1234.56))).toBe(1234.56);
    expect(fromMicros(toMicros(-0.1))).toBe(-0.1);
    expect(fromMicros(123_456_789_012_340_000n)).toBe(123_456_789_012.34);
  });
});

describeEachDatabase("metric store", (ctx) => {
  let shop = "";
  let n = 0;
  beforeEach(() => {
    shop = `shop-${++n}`;
  });

  it("stores the same rows when the same range is pulled twice", async () => {
    const store = createMetricStore(ctx.db);
    const obs = eachDay("2026-11-01", "2026-11-10").flatMap((d, i) => [
      day(shop, d, "sessions", 100 + i),
      day(shop, d, "purchaseRevenue", 1000.5 + i),
    ]);
    expect(await store.upsert(obs, new Date("2026-11-11T08:00:00Z"))).toBe(20);
    expect(await store.upsert(obs, new Date("2026-11-11T09:00:00Z"))).toBe(20);
    expect(await count(ctx.db, shop)).toBe(20);
    const totals = await store.totals({ shopId: shop, granularity: "day", from: "2026-11-01", to: "2026-11-10" });
    expect(totals).toEqual([
      { metric: "purchaseRevenue", dimensionValue: "", value: 10_050 },
      { metric: "sessions", dimensionValue: "", value: 1045 },
    ]);
  });

  it("overwrites a re-pulled day with the newer value and fetch time", async () => {
    const store = createMetricStore(ctx.db);
    await store.upsert([day(shop, "2026-11-20", "sessions", 50)], new Date("2026-11-21T01:00:00Z"));
    await store.upsert([day(shop, "2026-11-20", "sessions", 80)], new Date("2026-11-22T01:00:00Z"));
    const rows = await ctx.db.prisma.metricObservation.findMany({ where: { shopId: shop } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.valueMicros).toBe(80_000_000n);
    expect(rows[0]?.fetchedAt).toEqual(new Date("2026-11-22T01:00:00Z"));
  });

  it("sums money exactly to the cent", async () => {
    const store = createMetricStore(ctx.db);
    const days = eachDay("2026-01-01", "2026-12-31");
    // 0.1 + 0.2 + … in floating point drifts; micros in SQL do not.
    const obs = days.flatMap((d) => [
      day(shop, d, "purchaseRevenue", 0.1),
      day(shop, d, "cost", 0.2, { source: "meta" }),
    ]);
    await store.upsert(obs, new Date());
    const totals = await store.totals({ shopId: shop, granularity: "day", from: "2026-01-01", to: "2026-12-31" });
    expect(totals.find((t) => t.metric === "purchaseRevenue")?.value).toBe(36.5);
    expect(totals.find((t) => t.metric === "cost")?.value).toBe(73);
  });

  it("keeps amounts beyond a double's exact integers, such as a big shop's revenue in rupiah", async () => {
    const store = createMetricStore(ctx.db);
    await store.upsert(
      [day(shop, "2026-11-20", "purchaseRevenue", 16_000_000_000.25), day(shop, "2026-11-21", "purchaseRevenue", 0.5)],
      new Date(),
    );
    const rows = await ctx.db.prisma.metricObservation.findMany({
      where: { shopId: shop },
      orderBy: { bucket: "asc" },
    });
    expect(rows[0]?.valueMicros).toBe(16_000_000_000_250_000n);
    const totals = await store.totals({ shopId: shop, granularity: "day", from: "2026-11-20", to: "2026-11-21" });
    expect(totals[0]?.value).toBe(16_000_000_000.75);
    await expect(store.upsert([day(shop, "2026-11-22", "sessions", Number.NaN)], new Date())).rejects.toThrow(
      /cannot be stored/,
    );
  });

  it("sums across sources and filters by metric, source and dimension", async () => {
    const store = createMetricStore(ctx.db);
    await store.upsert(
      [
        day(shop, "2026-11-20", "cost", 10.25, { source: "google-ads" }),
        day(shop, "2026-11-20", "cost", 5.5, { source: "meta" }),
        day(shop, "2026-11-21", "cost", 1, { source: "meta" }),
        day(shop, "2026-11-20", "cost", 10.25, {
          source: "google-ads",
          dimension: "platform",
          dimensionValue: "google-ads",
        }),
        day(shop, "2026-11-20", "cost", 5.5, { source: "meta", dimension: "platform", dimensionValue: "meta" }),
        day(shop, "2026-11-20", "sessions", 300),
      ],
      new Date(),
    );
    const base = { shopId: shop, granularity: "day" as const, from: "2026-11-20", to: "2026-11-21" };
    expect(await store.totals({ ...base, metrics: ["cost"] })).toEqual([
      { metric: "cost", dimensionValue: "", value: 16.75 },
    ]);
    expect(await store.totals({ ...base, metrics: ["cost"], sources: ["meta"] })).toEqual([
      { metric: "cost", dimensionValue: "", value: 6.5 },
    ]);
    expect(await store.totals({ ...base, dimension: "platform" })).toEqual([
      { metric: "cost", dimensionValue: "google-ads", value: 10.25 },
      { metric: "cost", dimensionValue: "meta", value: 5.5 },
    ]);
    expect(await store.totals({ ...base, metrics: [] })).toEqual([]);
    expect(await store.series({ ...base, metrics: ["cost"] })).toEqual([
      { metric: "cost", dimensionValue: "", bucket: "2026-11-20", value: 15.75 },
      { metric: "cost", dimensionValue: "", bucket: "2026-11-21", value: 1 },
    ]);
  });

  it("reads only the buckets asked for and reports the latest bucket per source", async () => {
    const store = createMetricStore(ctx.db);
    await store.upsert(
      [
        day(shop, "2026-10-31", "sessions", 1),
        day(shop, "2026-11-01", "sessions", 2),
        day(shop, "2026-11-30", "sessions", 4),
        day(shop, "2026-12-01", "sessions", 8, { source: "csv" }),
      ],
      new Date(),
    );
    const totals = await store.totals({ shopId: shop, granularity: "day", from: "2026-11-01", to: "2026-11-30" });
    expect(totals).toEqual([{ metric: "sessions", dimensionValue: "", value: 6 }]);
    expect(await store.latestBucket(shop, "day")).toBe("2026-12-01");
    expect(await store.latestBucket(shop, "day", "demo")).toBe("2026-11-30");
    expect(await store.latestBucket(shop, "hour")).toBeUndefined();
  });

  it("writes more rows than one statement holds, all in one call", async () => {
    const store = createMetricStore(ctx.db);
    const days = eachDay("2020-01-01", "2026-12-31");
    const obs = days.flatMap((d) => ["a", "b", "c", "d"].map((m) => day(shop, d, m, 1)));
    expect(obs.length).toBeGreaterThan(7000);
    expect(await store.upsert(obs, new Date())).toBe(obs.length);
    expect(await count(ctx.db, shop)).toBe(obs.length);
  });

  it("buckets hours in the shop's time zone, 23 on the spring DST day", async () => {
    const store = createMetricStore(ctx.db);
    const start = startOfLocalDay("2026-03-29", TZ).getTime();
    const end = startOfLocalDay("2026-03-30", TZ).getTime();
    const obs: Observation[] = [];
    for (let t = start; t < end; t += 3_600_000) {
      const bucket = localHour(new Date(t), TZ);
      obs.push({
        ...day(shop, "2026-03-29", "sessions", 1),
        granularity: "hour",
        bucket,
        bucketStart: startOfLocalHour(bucket, TZ),
      });
    }
    await store.upsert(obs, new Date());
    const series = await store.series({
      shopId: shop,
      granularity: "hour",
      from: "2026-03-29T00",
      to: "2026-03-29T23",
    });
    expect(series).toHaveLength(23);
    expect(series.map((p) => p.bucket)).not.toContain("2026-03-29T02");
  });
});
