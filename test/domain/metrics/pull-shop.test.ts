import { beforeEach, describe, expect, it } from "vitest";
import { createMetricStore } from "../../../src/domain/metrics/metric-store.ts";
import { backfill, pullShop, recentDays, splitByMonth } from "../../../src/domain/metrics/pull-shop.ts";
import { createSourceStateStore } from "../../../src/domain/metrics/source-state-store.ts";
import { createFixedClock } from "../../../src/shared/clock.ts";
import { createLogger } from "../../../src/shared/logger.ts";
import { createDemoSource } from "../../../src/sources/demo/demo-source.ts";
import type { MetricSource } from "../../../src/sources/metric-source.ts";
import { SourceError, type SourceErrorKind } from "../../../src/sources/source-error.ts";
import { buildShop } from "../../builders/shop.ts";
import { describeEachDatabase } from "../../support/test-db.ts";

const logger = createLogger({ level: "silent" });

/** A source that always fails the same way: a test double of the MetricSource interface. */
function failingSource(id: "ga4" | "meta", kind: SourceErrorKind, retryAt?: Date): MetricSource & { calls: number } {
  const source = {
    id,
    calls: 0,
    isConfigured: () => true,
    async pull() {
      source.calls++;
      throw new SourceError(kind, {
        source: id,
        shopId: "acme",
        message: `${kind} trouble`,
        ...(retryAt ? { retryAt } : {}),
      });
    },
  };
  return source;
}

describe("splitByMonth", () => {
  it("cuts a range at calendar months, keeping its own first and last day", () => {
    expect(splitByMonth({ from: "2026-01-20", to: "2026-03-05" })).toEqual([
      { from: "2026-01-20", to: "2026-01-31" },
      { from: "2026-02-01", to: "2026-02-28" },
      { from: "2026-03-01", to: "2026-03-05" },
    ]);
    expect(splitByMonth({ from: "2026-12-30", to: "2027-01-01" })).toHaveLength(2);
    expect(splitByMonth({ from: "2026-02-02", to: "2026-02-01" })).toEqual([]);
  });

  it("takes the last 3 days and today in the shop's time zone", () => {
    // 23:30 UTC on the 21st is already the 22nd in Warsaw.
    expect(recentDays(new Date("2026-11-21T23:30:00Z"), "Europe/Warsaw")).toEqual({
      from: "2026-11-19",
      to: "2026-11-22",
    });
    expect(recentDays(new Date("2026-11-21T23:30:00Z"), "UTC")).toEqual({ from: "2026-11-18", to: "2026-11-21" });
  });
});

describeEachDatabase("pullShop", (ctx) => {
  let shopId = "";
  let n = 0;
  beforeEach(() => {
    shopId = `pull-${++n}`;
  });

  function setup(now = "2026-11-22T10:00:00Z") {
    const clock = createFixedClock(now);
    const shop = buildShop({ id: shopId });
    return {
      clock,
      shop,
      store: createMetricStore(ctx.db),
      sourceStates: createSourceStateStore(ctx.db),
      demo: createDemoSource(clock),
    };
  }

  it("stores the working source's figures and records the failing source's error when one source fails", async () => {
    const { clock, shop, store, sourceStates, demo } = setup();
    const broken = failingSource("ga4", "auth");
    const outcomes = await pullShop({
      shop,
      sources: [broken, demo],
      store,
      sourceStates,
      range: { from: "2026-11-01", to: "2026-11-21" },
      granularity: "day",
      clock,
      logger,
    });
    expect(outcomes).toEqual([
      { source: "ga4", status: "failed", kind: "auth", error: `acme/ga4: auth trouble` },
      { source: "demo", status: "ok", rows: expect.any(Number), warnings: [] },
    ]);
    const totals = await store.totals({
      shopId,
      granularity: "day",
      from: "2026-11-01",
      to: "2026-11-21",
      metrics: ["sessions"],
    });
    expect(totals[0]?.value).toBeGreaterThan(50_000);
    const states = await sourceStates.forShop(shopId);
    expect(states.map((s) => [s.source, s.errorKind ?? "ok", s.lastSuccessAt?.toISOString()])).toEqual([
      ["demo", "ok", "2026-11-22T10:00:00.000Z"],
      ["ga4", "auth", undefined],
    ]);
    expect(states[1]?.lastError).toContain("auth trouble");
  });

  it("leaves the same rows when the same range is pulled twice", async () => {
    const { clock, shop, store, sourceStates, demo } = setup();
    const input = { shop, sources: [demo], store, sourceStates, clock, logger, granularity: "day" as const };
    const range = { from: "2026-10-01", to: "2026-11-21" };
    await pullShop({ ...input, range });
    const first = await ctx.db.prisma.metricObservation.findMany({
      where: { shopId },
      orderBy: [{ bucket: "asc" }, { metric: "asc" }, { dimension: "asc" }, { dimensionValue: "asc" }],
    });
    clock.advance(3_600_000);
    await pullShop({ ...input, range });
    const second = await ctx.db.prisma.metricObservation.findMany({
      where: { shopId },
      orderBy: [{ bucket: "asc" }, { metric: "asc" }, { dimension: "asc" }, { dimensionValue: "asc" }],
    });
    expect(second).toHaveLength(first.length);
    expect(second.map((r) => r.valueMicros)).toEqual(first.map((r) => r.valueMicros));
    expect(second[0]?.fetchedAt).toEqual(clock.now());
  });

  it("stores the autumn DST day as 24 hourly buckets holding all 25 hours of the day", async () => {
    const { clock, shop, store, sourceStates, demo } = setup();
    const input = { shop, sources: [demo], store, sourceStates, clock, logger };
    const range = { from: "2026-10-24", to: "2026-10-26" };
    await pullShop({ ...input, range, granularity: "day" });
    await pullShop({ ...input, range, granularity: "hour" });
    const query = { shopId, metrics: ["sessions"], from: "2026-10-25", to: "2026-10-25" };
    const hours = await store.series({ ...query, granularity: "hour", from: "2026-10-25T00", to: "2026-10-25T23" });
    const [day] = await store.totals({ ...query, granularity: "day" });
    expect(hours).toHaveLength(24);
    expect(hours.reduce((a, p) => a + p.value, 0)).toBe(day?.value);
  });

  it("overwrites today's partial figures when today is pulled again later", async () => {
    const { clock, shop, store, sourceStates, demo } = setup("2026-11-22T08:00:00Z");
    const input = { shop, sources: [demo], store, sourceStates, clock, logger, granularity: "day" as const };
    const range = { from: "2026-11-22", to: "2026-11-22" };
    const query = { shopId, granularity: "day" as const, from: "2026-11-22", to: "2026-11-22", metrics: ["sessions"] };
    await pullShop({ ...input, range });
    const morning = (await store.totals(query))[0]!.value;
    clock.set("2026-11-22T20:00:00Z");
    await pullShop({ ...input, range });
    const evening = (await store.totals(query))[0]!.value;
    expect(evening).toBeGreaterThan(morning);
  });

  it("defers a source after a quota error until its retry time, then asks it again", async () => {
    const { clock, shop, store, sourceStates } = setup();
    const retryAt = new Date("2026-11-22T11:00:00Z");
    const limited = failingSource("ga4", "quota", retryAt);
    const input = { shop, sources: [limited], store, sourceStates, clock, logger, granularity: "day" as const };
    const range = { from: "2026-11-21", to: "2026-11-21" };
    expect((await pullShop({ ...input, range }))[0]).toMatchObject({ status: "failed", kind: "quota" });
    expect((await sourceStates.forShop(shopId))[0]?.deferredUntil).toEqual(retryAt);
    expect(await pullShop({ ...input, range })).toEqual([{ source: "ga4", status: "deferred", until: retryAt }]);
    expect(limited.calls).toBe(1);
    clock.set("2026-11-22T11:00:01Z");
    await pullShop({ ...input, range });
    expect(limited.calls).toBe(2);
  });

  it("clears the last error once the source works again", async () => {
    const { clock, shop, store, sourceStates, demo } = setup();
    const input = {
      shop,
      store,
      sourceStates,
      clock,
      logger,
      granularity: "day" as const,
      range: { from: "2026-11-21", to: "2026-11-21" },
    };
    await pullShop({ ...input, sources: [{ ...failingSource("ga4", "unavailable"), id: "demo" }] });
    expect((await sourceStates.forShop(shopId))[0]?.errorKind).toBe("unavailable");
    await pullShop({ ...input, sources: [demo] });
    const [state] = await sourceStates.forShop(shopId);
    expect(state).toMatchObject({ source: "demo", lastError: undefined, errorKind: undefined });
    expect(state?.lastSuccessAt).toEqual(clock.now());
  });

  it("backfills month by month with progress and stops asking a source whose credentials were refused", async () => {
    const { clock, shop, store, sourceStates, demo } = setup();
    const refused = failingSource("meta", "auth");
    const flaky = failingSource("ga4", "unavailable");
    const progress: string[] = [];
    const summary = await backfill({
      shop,
      sources: [refused, flaky, demo],
      store,
      sourceStates,
      clock,
      logger,
      granularity: "day",
      range: { from: "2026-08-15", to: "2026-11-21" },
      onProgress: (p) => progress.push(`${p.done}/${p.total} ${p.month.from}..${p.month.to}`),
    });
    expect(progress).toEqual([
      "1/4 2026-08-15..2026-08-31",
      "2/4 2026-09-01..2026-09-30",
      "3/4 2026-10-01..2026-10-31",
      "4/4 2026-11-01..2026-11-21",
    ]);
    expect(refused.calls).toBe(1);
    expect(flaky.calls).toBe(4);
    const demoSummary = summary.sources.find((s) => s.source === "demo");
    expect(demoSummary?.failures).toEqual([]);
    expect(await ctx.db.prisma.metricObservation.count({ where: { shopId, dimension: "", metric: "sessions" } })).toBe(
      99,
    );
    expect(demoSummary?.rows).toBe(await ctx.db.prisma.metricObservation.count({ where: { shopId } }));
    expect(summary.sources.find((s) => s.source === "meta")?.failures).toHaveLength(1);
  });
});
