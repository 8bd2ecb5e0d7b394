import { beforeAll, expect, it } from "vitest";
import type { ShopConfig } from "../../../src/config/shops-schema.ts";
import { buildDigest, changeOf } from "../../../src/domain/digests/build-digest.ts";
import type { DigestContent, KpiFigure } from "../../../src/domain/digests/digest-content.ts";
import { type PeriodSpec, periodOf } from "../../../src/domain/digests/period.ts";
import type { KpiId } from "../../../src/domain/kpi/kpis.ts";
import { createMetricStore } from "../../../src/domain/metrics/metric-store.ts";
import type { Observation } from "../../../src/domain/metrics/observation.ts";
import { createSourceStateStore } from "../../../src/domain/metrics/source-state-store.ts";
import { createFixedClock } from "../../../src/shared/clock.ts";
import { eachDay, startOfLocalDay, startOfLocalHour } from "../../../src/shared/time.ts";
import { dayFigures, dayTotals, digestShop, rangeTotal, seedDigestScene } from "../../builders/digest-dataset.ts";
import { describeEachDatabase } from "../../support/test-db.ts";

const cents = (v: number) => Math.round(v * 100) / 100;
const kpi = (content: DigestContent, id: KpiId) => content.kpis.find((k) => k.id === id) as KpiFigure;
const platformCost = (platform: "google-ads" | "meta", from: string, to: string) =>
  cents(eachDay(from, to).reduce((s, d) => s + dayFigures(d).ads[platform].cost, 0));

describeEachDatabase("buildDigest", (ctx) => {
  const shop = digestShop();

  beforeAll(async () => {
    await seedDigestScene(ctx.db, shop);
  });

  async function digestAt(at: string, spec: PeriodSpec, forShop: ShopConfig = shop): Promise<DigestContent> {
    const clock = createFixedClock(at);
    return buildDigest({
      shop: forShop,
      period: periodOf(spec, clock.now(), forShop.timezone),
      store: createMetricStore(ctx.db),
      db: ctx.db,
      clock,
    });
  }

  it("sums yesterday to the cent and compares it with the day before and the same weekday last week", async () => {
    const d = await digestAt("2026-11-22T07:00:00Z", "yesterday");
    const day = dayTotals("2026-11-21");
    const before = dayTotals("2026-11-20");
    const weekAgo = dayTotals("2026-11-14");
    const revenue = kpi(d, "revenue");
    expect(revenue.value).toBe(day.purchaseRevenue);
    expect(revenue.previous).toBe(before.purchaseRevenue);
    expect(revenue.change).toBeCloseTo(
      changeOf(day.purchaseRevenue ?? 0, before.purchaseRevenue ?? 0) ?? Number.NaN,
      12,
    );
    expect(revenue.weekAgo?.value).toBe(weekAgo.purchaseRevenue);
    expect(kpi(d, "sessions").value).toBe(day.sessions);
    expect(kpi(d, "transactions").value).toBe(day.transactions);
    expect(kpi(d, "conversionRate").value).toBeCloseTo((day.transactions ?? 0) / (day.sessions ?? 1), 12);
    expect(kpi(d, "aov").value).toBeCloseTo((day.purchaseRevenue ?? 0) / (day.transactions ?? 1), 12);
    expect(kpi(d, "spend").value).toBe(day.cost);
    expect(kpi(d, "roas").value).toBeCloseTo((day.conversionsValue ?? 0) / (day.cost ?? 1), 12);
    expect(kpi(d, "cpa").value).toBeCloseTo((day.cost ?? 0) / (day.conversions ?? 1), 12);
    expect(d.kpis.map((k) => k.id)).toEqual([
      "revenue",
      "sessions",
      "conversionRate",
      "aov",
      "transactions",
      "spend",
      "roas",
      "cpa",
    ]);
  });

  it("flags the figures a failed source feeds and leaves the others alone", async () => {
    const d = await digestAt("2026-11-22T07:00:00Z", "yesterday");
    expect(d.sources).toEqual([
      { source: "ga4", status: "ok", lastSuccessAt: new Date("2026-11-23T06:15:00Z"), errorKind: undefined },
      { source: "google-ads", status: "ok", lastSuccessAt: new Date("2026-11-23T06:15:00Z"), errorKind: undefined },
      { source: "meta", status: "failed", lastSuccessAt: new Date("2026-11-21T11:15:00Z"), errorKind: "auth" },
    ]);
    for (const id of ["spend", "roas", "cpa"] as const) expect(kpi(d, id).affectedBy).toEqual(["meta"]);
    for (const id of ["revenue", "sessions", "conversionRate", "aov", "transactions"] as const) {
      expect(kpi(d, id).affectedBy).toEqual([]);
    }
    expect(d.channels?.affectedBy).toEqual([]);
    expect(d.pacing?.rows.map((r) => [r.channel, r.affectedBy])).toEqual([
      ["google-ads", []],
      ["meta", ["meta"]],
    ]);
  });

  it("calls a source stale when its last success is older than the end of the period", async () => {
    // Yesterday is Monday the 23rd; GA4 last succeeded at 07:15 that morning.
    const d = await digestAt("2026-11-24T07:00:00Z", "yesterday");
    expect(d.sources.find((s) => s.source === "ga4")?.status).toBe("stale");
    expect(kpi(d, "revenue").affectedBy).toEqual(["ga4"]);
    expect(kpi(d, "spend").affectedBy).toEqual(["google-ads", "meta"]);
    expect(d.channels?.affectedBy).toEqual(["ga4"]);
  });

  it("says a configured source that was never pulled affects every figure it may feed", async () => {
    const withDemo = digestShop({ sources: { ga4: { propertyId: "1" }, demo: {} } });
    const d = await digestAt("2026-11-22T07:00:00Z", "yesterday", withDemo);
    expect(d.sources.map((s) => [s.source, s.status])).toEqual([
      ["ga4", "ok"],
      ["demo", "never"],
    ]);
    expect(kpi(d, "revenue").affectedBy).toEqual(["demo"]);
    expect(kpi(d, "spend").affectedBy).toEqual(["demo"]);
  });

  it("compares the 1st of a month with the last day of the month before, and projects the month from one day", async () => {
    const d = await digestAt("2026-11-02T07:00:00Z", "yesterday");
    expect(kpi(d, "revenue").value).toBe(dayTotals("2026-11-01").purchaseRevenue);
    expect(kpi(d, "revenue").previous).toBe(dayTotals("2026-10-31").purchaseRevenue);
    const revenue = d.targets.find((t) => t.kpi === "revenue");
    expect(revenue).toMatchObject({ month: "2026-11", target: 80000, expectedShare: 1 / 30 });
    expect(revenue?.projected).toBeCloseTo((dayTotals("2026-11-01").purchaseRevenue ?? 0) * 30, 6);
  });

  it("gives month-to-date against the same days of the previous month, with targets and media-plan pacing", async () => {
    const d = await digestAt("2026-11-22T07:00:00Z", "month-to-date");
    expect(d.period).toMatchObject({
      from: "2026-11-01",
      to: "2026-11-21",
      comparison: { from: "2026-10-01", to: "2026-10-21" },
    });
    const actual = rangeTotal("purchaseRevenue", "2026-11-01", "2026-11-21");
    expect(kpi(d, "revenue").value).toBe(actual);
    expect(kpi(d, "revenue").previous).toBe(rangeTotal("purchaseRevenue", "2026-10-01", "2026-10-21"));

    const revenue = d.targets.find((t) => t.kpi === "revenue");
    expect(revenue?.actual).toBe(actual);
    expect(revenue?.share).toBeCloseTo(actual / 80000, 12);
    expect(revenue?.expectedShare).toBeCloseTo(21 / 30, 12);
    expect(revenue?.projected).toBeCloseTo((actual / 21) * 30, 6);
    expect(revenue?.onTrack).toBe((actual / 21) * 30 >= 80000);
    const rate = d.targets.find((t) => t.kpi === "conversionRate");
    expect(rate).toMatchObject({ expectedShare: null, projected: null, onTrack: false });

    const google = platformCost("google-ads", "2026-11-01", "2026-11-21");
    const meta = platformCost("meta", "2026-11-01", "2026-11-21");
    expect(d.pacing).toMatchObject({ month: "2026-11", daysElapsed: 21, daysInMonth: 30 });
    const [g, m] = d.pacing?.rows ?? [];
    expect(g).toMatchObject({ channel: "google-ads", budget: 9000, spend: google, expectedSpend: 6300 });
    expect(g?.projected).toBeCloseTo((google / 21) * 30, 6);
    // The imported plan (6,000) overrides the YAML's 5,000 for Meta.
    expect(m).toMatchObject({ channel: "meta", budget: 6000, spend: meta, expectedSpend: 4200 });
    expect(m?.status).toBe(meta / 4200 < 0.9 ? "under" : meta / 4200 > 1.1 ? "over" : "on-track");
  });

  it("breaks revenue down by channel group, largest first, and names the three biggest movers", async () => {
    const d = await digestAt("2026-11-22T07:00:00Z", "yesterday");
    const now = dayFigures("2026-11-21").channels;
    const before = dayFigures("2026-11-20").channels;
    const rows = d.channels?.rows ?? [];
    expect(rows.map((r) => r.channelGroup)).toEqual(
      Object.entries(now)
        .sort(([, a], [, b]) => b.purchaseRevenue - a.purchaseRevenue)
        .map(([name]) => name),
    );
    for (const row of rows) {
      expect(row.revenue).toBe(now[row.channelGroup]?.purchaseRevenue);
      expect(row.previousRevenue).toBe(before[row.channelGroup]?.purchaseRevenue);
      expect(row.sessions).toBe(now[row.channelGroup]?.sessions);
    }
    const deltas = rows.map((r) => Math.abs(r.revenue - r.previousRevenue)).sort((a, b) => b - a);
    expect(d.channels?.movers.map((r) => Math.abs(r.revenue - r.previousRevenue))).toEqual(deltas.slice(0, 3));
  });

  it("lists overdue and soon-due open tasks, pending approvals and promos as of the morning after", async () => {
    const d = await digestAt("2026-11-22T07:00:00Z", "yesterday");
    expect(d.asOf).toBe("2026-11-22");
    expect(d.tasks.overdue.map((t) => t.title)).toEqual(["Fix the <product feed> & prices"]);
    expect(d.tasks.dueSoon.map((t) => t.title)).toEqual(["Prepare Black Friday creatives"]);
    expect(d.tasks.total).toBe(2);
    expect(d.approvals.total).toBe(1);
    expect(d.approvals.items[0]).toMatchObject({
      amount: 1500,
      currency: "EUR",
      channel: "google-ads",
      requesterId: "U0MARK",
    });
    expect(d.promos.active.map((p) => p.name)).toEqual(["Free shipping week"]);
    expect(d.promos.upcoming.map((p) => p.name)).toEqual(["Black Friday"]);
    expect(d.promos.ended).toEqual([]);
    expect(d.competitorNotes).toBeUndefined();
  });

  it("adds the week's competitor notes, newest first, to the weekly digest only", async () => {
    const d = await digestAt("2026-11-23T07:00:00Z", "last-week");
    expect(d.period).toMatchObject({ from: "2026-11-16", to: "2026-11-22" });
    expect(d.competitorNotes?.map((n) => n.note)).toEqual([
      "New free-returns policy",
      "20% off all shoes until Sunday",
    ]);
    expect(d.promos.ended.map((p) => p.name)).toEqual(["Free shipping week"]);
    expect(kpi(d, "revenue").value).toBe(rangeTotal("purchaseRevenue", "2026-11-16", "2026-11-22"));
    expect(kpi(d, "revenue").weekAgo).toBeUndefined();
  });

  it("charts a daily digest as the week ending yesterday against the week before", async () => {
    const d = await digestAt("2026-11-22T07:00:00Z", "yesterday");
    const revenue = d.charts.find((c) => c.kpi === "revenue");
    expect(revenue?.points.map((p) => p.label.from)).toEqual(eachDay("2026-11-15", "2026-11-21"));
    expect(revenue?.points.map((p) => p.value)).toEqual(
      eachDay("2026-11-15", "2026-11-21").map((x) => dayTotals(x).purchaseRevenue),
    );
    expect(revenue?.points.map((p) => p.previous)).toEqual(
      eachDay("2026-11-08", "2026-11-14").map((x) => dayTotals(x).purchaseRevenue),
    );
    expect(d.charts.map((c) => c.kpi)).toEqual(["revenue", "sessions"]);
  });

  it("merges a month's days into at most 20 chart points of daily averages", async () => {
    const d = await digestAt("2026-12-01T07:00:00Z", "month-to-date");
    const sessions = d.charts.find((c) => c.kpi === "sessions");
    expect(sessions?.points.length).toBe(15);
    expect(sessions?.points[0]).toEqual({
      label: { from: "2026-11-01", to: "2026-11-02" },
      value: rangeTotal("sessions", "2026-11-01", "2026-11-02") / 2,
      previous: rangeTotal("sessions", "2026-10-01", "2026-10-02") / 2,
    });
  });

  it("leaves the comparison out where a shorter previous month has no days", async () => {
    const d = await digestAt("2027-01-01T07:00:00Z", "month-to-date");
    expect(d.period.comparison).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    const revenue = d.charts.find((c) => c.kpi === "revenue");
    expect(revenue?.points).toHaveLength(16);
    // 31 December has no November twin.
    expect(revenue?.points.at(-1)).toMatchObject({ label: { from: "2026-12-31", to: "2026-12-31" }, previous: null });
    expect(revenue?.points.at(-2)?.previous).toBe(rangeTotal("purchaseRevenue", "2026-11-29", "2026-11-30") / 2);
  });
});

describeEachDatabase("buildDigest for today", (ctx) => {
  // A shop of its own: hourly analytics on the 23-hour spring DST day, ads only by day.
  const shop = digestShop({
    id: "dst",
    targets: {},
    mediaPlan: {},
    sources: { ga4: { propertyId: "1" }, googleAds: { customerId: "1234567890" } },
  });
  const tz = shop.timezone;
  const hourly = (day: string, hours: number[], base: number): Observation[] =>
    hours.flatMap((h) => {
      const bucket = `${day}T${String(h).padStart(2, "0")}`;
      const common = {
        shopId: shop.id,
        source: "ga4" as const,
        dimension: "",
        dimensionValue: "",
        granularity: "hour" as const,
        bucket,
      };
      const bucketStart = startOfLocalHour(bucket, tz);
      return [
        { ...common, bucketStart, metric: "sessions", value: base + h },
        { ...common, bucketStart, metric: "purchaseRevenue", value: (base + h) * 1.5 },
        { ...common, bucketStart, metric: "transactions", value: 1 },
      ];
    });

  beforeAll(async () => {
    const allHours = Array.from({ length: 24 }, (_, h) => h);
    const store = createMetricStore(ctx.db);
    await store.upsert(
      [
        ...hourly("2026-03-28", allHours, 100),
        // 02:00 does not exist on 29 March in Warsaw.
        ...hourly(
          "2026-03-29",
          allHours.filter((h) => h !== 2),
          200,
        ),
        {
          shopId: shop.id,
          source: "google-ads",
          metric: "cost",
          dimension: "",
          dimensionValue: "",
          granularity: "day",
          bucket: "2026-03-29",
          bucketStart: startOfLocalDay("2026-03-29", tz),
          value: 123.45,
        },
      ],
      new Date("2026-03-29T10:30:00Z"),
    );
    const states = createSourceStateStore(ctx.db);
    await states.recordSuccess(shop.id, "ga4", new Date("2026-03-29T10:20:00Z"));
    await states.recordSuccess(shop.id, "google-ads", new Date("2026-03-29T10:20:00Z"));
  });

  it("compares today with yesterday up to the same local hour on a DST day, and does not compare daily-only figures", async () => {
    const clock = createFixedClock("2026-03-29T10:30:00Z"); // 12:30 CEST
    const d = await buildDigest({
      shop,
      period: periodOf("today", clock.now(), tz),
      store: createMetricStore(ctx.db),
      db: ctx.db,
      clock,
    });
    expect(d.period.throughHour).toBe(12);
    const hoursToday = [0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const hoursYesterday = Array.from({ length: 13 }, (_, h) => h);
    expect(kpi(d, "sessions").value).toBe(hoursToday.reduce((s, h) => s + 200 + h, 0));
    expect(kpi(d, "sessions").previous).toBe(hoursYesterday.reduce((s, h) => s + 100 + h, 0));
    expect(kpi(d, "spend")).toMatchObject({ value: 123.45, previous: null, change: null });
    expect(d.sources.every((s) => s.status === "ok")).toBe(true);
    const chart = d.charts.find((c) => c.kpi === "sessions");
    expect(chart?.granularity).toBe("hour");
    expect(chart?.points.map((p) => p.label.from.slice(11))).toEqual(
      hoursYesterday.map((h) => String(h).padStart(2, "0")),
    );
  });
});
