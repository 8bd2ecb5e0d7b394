import type { ShopConfig } from "../../src/config/shops-schema.ts";
import type { Db } from "../../src/db/create-db.ts";
import { createMetricStore } from "../../src/domain/metrics/metric-store.ts";
import type { Observation, SourceId } from "../../src/domain/metrics/observation.ts";
import { createSourceStateStore } from "../../src/domain/metrics/source-state-store.ts";
import { type Day, daysBetween, eachDay, isoWeekday, startOfLocalDay } from "../../src/shared/time.ts";
import { buildShop } from "./shop.ts";

/**
 * A fixed, hand-checkable dataset for digest tests: five channel groups from GA4 and two ad
 * platforms, with weekly seasonality and a slow drift, every amount a whole number of cents
 * so sums are exact. `dayFigures` is the truth the tests compare the digest against.
 */
export const CHANNEL_GROUPS = ["Organic Search", "Paid Search", "Paid Social", "Email", "Direct"] as const;
const BASE_SESSIONS = [400, 300, 200, 80, 150];
const CONVERSION = [0.02, 0.025, 0.015, 0.04, 0.03];
const WEEKDAY_FACTOR = [1.0, 0.95, 0.97, 1.02, 1.1, 1.25, 1.2];

export type ChannelFigures = { sessions: number; transactions: number; purchaseRevenue: number; addToCarts: number };
export type AdFigures = {
  cost: number;
  clicks: number;
  impressions: number;
  conversions: number;
  conversionsValue: number;
};

const cents = (v: number) => Math.round(v * 100) / 100;

export function dayFigures(day: Day): {
  channels: Record<string, ChannelFigures>;
  ads: Record<"google-ads" | "meta", AdFigures>;
} {
  const i = daysBetween("2026-01-01", day);
  const f = WEEKDAY_FACTOR[isoWeekday(day) - 1] as number;
  const channels: Record<string, ChannelFigures> = {};
  CHANNEL_GROUPS.forEach((name, c) => {
    const sessions = Math.round((BASE_SESSIONS[c] as number) * f + (i % 5) * 3 + c);
    const transactions = Math.round(sessions * (CONVERSION[c] as number));
    const aov = 85.5 + (i % 3) * 2.25 + c;
    channels[name] = {
      sessions,
      transactions,
      purchaseRevenue: cents(transactions * aov),
      addToCarts: transactions * 3,
    };
  });
  const google = 250 + (i % 7) * 10.25;
  const meta = 150 + (i % 5) * 8.5;
  return {
    channels,
    ads: {
      "google-ads": {
        cost: cents(google),
        clicks: 400 + (i % 7) * 5,
        impressions: 12_000 + (i % 11) * 100,
        conversions: 12 + (i % 4),
        conversionsValue: cents(google * 4.2),
      },
      meta: {
        cost: cents(meta),
        clicks: 300 + (i % 5) * 4,
        impressions: 20_000 + (i % 9) * 150,
        conversions: 6 + (i % 3),
        conversionsValue: cents(meta * 2.5),
      },
    },
  };
}

/** Shop totals of one day: what GA4 reports at the "" dimension plus every ad platform's cost. */
export function dayTotals(day: Day): Record<string, number> {
  const { channels, ads } = dayFigures(day);
  const out: Record<string, number> = {};
  const add = (metric: string, v: number) => {
    out[metric] = cents((out[metric] ?? 0) + v);
  };
  for (const figures of Object.values(channels)) for (const [m, v] of Object.entries(figures)) add(m, v);
  for (const figures of Object.values(ads)) for (const [m, v] of Object.entries(figures)) add(m, v);
  return out;
}

/** Sum of a metric over local days `from`..`to`. */
export function rangeTotal(metric: string, from: Day, to: Day): number {
  return cents(eachDay(from, to).reduce((sum, d) => sum + (dayTotals(d)[metric] ?? 0), 0));
}

export function datasetObservations(shop: ShopConfig, from: Day, to: Day): Observation[] {
  const out: Observation[] = [];
  for (const day of eachDay(from, to)) {
    const bucketStart = startOfLocalDay(day, shop.timezone);
    const base = { shopId: shop.id, granularity: "day" as const, bucket: day, bucketStart };
    const { channels, ads } = dayFigures(day);
    const totals: Record<string, number> = {};
    for (const [name, figures] of Object.entries(channels)) {
      for (const [metric, value] of Object.entries(figures)) {
        out.push({ ...base, source: "ga4", metric, dimension: "channel_group", dimensionValue: name, value });
        totals[metric] = cents((totals[metric] ?? 0) + value);
      }
    }
    for (const [metric, value] of Object.entries(totals)) {
      out.push({ ...base, source: "ga4", metric, dimension: "", dimensionValue: "", value });
    }
    for (const [platform, figures] of Object.entries(ads) as Array<[SourceId, AdFigures]>) {
      for (const [metric, value] of Object.entries(figures)) {
        out.push({ ...base, source: platform, metric, dimension: "", dimensionValue: "", value });
        out.push({ ...base, source: platform, metric, dimension: "platform", dimensionValue: platform, value });
      }
    }
  }
  return out;
}

export async function seedDataset(db: Db, shop: ShopConfig, from: Day = "2026-08-01", to: Day = "2026-12-31") {
  await createMetricStore(db).upsert(datasetObservations(shop, from, to), new Date("2026-12-10T00:00:00Z"));
}

/** The digest tests' shop: GA4 and both ad platforms, targets and a media plan for November 2026. */
export function digestShop(overrides: Partial<Record<keyof ShopConfig, unknown>> = {}): ShopConfig {
  return buildShop({
    sources: {
      ga4: { propertyId: "123456789" },
      googleAds: { customerId: "1234567890" },
      meta: { adAccountId: "act_1" },
    },
    targets: { "2026-11": { revenue: 80000, transactions: 900, conversionRate: 0.03 } },
    mediaPlan: { "2026-11": { "google-ads": 9000, meta: 5000 } },
    digests: [
      { channel: "C0DIGEST", cron: "0 8 * * *", period: "yesterday" },
      { channel: "C0DIGEST", cron: "0 9 * * 1", period: "last-week" },
    ],
    ...overrides,
  });
}

/**
 * Everything around the metrics as of 2026-11-23: GA4 and Google Ads pulled on Monday at
 * 07:15 local, Meta failing since Saturday noon, two tasks, a pending spend request, promos,
 * competitor notes and an imported media plan for Meta that overrides the YAML.
 */
export async function seedDigestScene(db: Db, shop: ShopConfig): Promise<void> {
  await seedDataset(db, shop);
  const states = createSourceStateStore(db);
  await states.recordSuccess(shop.id, "ga4", new Date("2026-11-23T06:15:00Z"));
  await states.recordSuccess(shop.id, "google-ads", new Date("2026-11-23T06:15:00Z"));
  await states.recordSuccess(shop.id, "meta", new Date("2026-11-21T11:15:00Z"));
  await states.recordFailure(shop.id, "meta", new Date("2026-11-22T06:15:00Z"), {
    message: "Error validating access token",
    kind: "auth",
  });
  const task = (title: string, assigneeId: string, dueDay: string, status = "open") =>
    db.prisma.task.create({ data: { shopId: shop.id, title, assigneeId, creatorId: "U0MANAGER", dueDay, status } });
  await task("Fix the <product feed> & prices", "U0ANNA", "2026-11-20");
  await task("Prepare Black Friday creatives", "U0MARK", "2026-11-23");
  await task("Plan January sale", "U0ANNA", "2026-12-20");
  await task("Done already", "U0ANNA", "2026-11-21", "done");
  await db.prisma.spendRequest.create({
    data: {
      shopId: shop.id,
      amountMicros: 1_500_000_000n,
      currency: shop.currency,
      channel: "google-ads",
      reason: "Black Friday push",
      month: "2026-11",
      requesterId: "U0MARK",
      status: "pending",
      createdAt: new Date("2026-11-20T10:00:00Z"),
    },
  });
  const promo = (name: string, startDay: string, endDay: string) =>
    db.prisma.promo.create({ data: { shopId: shop.id, name, startDay, endDay, createdBy: "U0MANAGER" } });
  await promo("Free shipping week", "2026-11-16", "2026-11-22");
  await promo("Black Friday", "2026-11-27", "2026-11-30");
  await promo("Summer sale", "2026-07-01", "2026-07-31");
  const note = (competitor: string, text: string, createdAt: string, url?: string) =>
    db.prisma.competitorNote.create({
      data: {
        shopId: shop.id,
        competitor,
        note: text,
        tags: "price",
        url: url ?? null,
        authorId: "U0ANNA",
        createdAt: new Date(createdAt),
      },
    });
  await note("Rival", "20% off all shoes until Sunday", "2026-11-18T09:00:00Z", "https://rival.example/sale");
  await note("Other Shop", "New free-returns policy", "2026-11-20T15:30:00Z");
  await note("Rival", "Outside the week", "2026-11-10T09:00:00Z");
  await db.prisma.mediaPlan.create({
    data: {
      shopId: shop.id,
      month: "2026-11",
      channel: "meta",
      budgetMicros: 6_000_000_000n,
      currency: shop.currency,
      origin: "import",
    },
  });
}
