import { z } from "zod";
import type { ShopConfig } from "../../config/shops-schema.ts";
import { type Granularity, type Observation, TOTAL } from "../../domain/metrics/observation.ts";
import { addDays, localDay, startOfLocalDay, startOfLocalHour } from "../../shared/time.ts";

/** The GA4 metrics we store, under their GA4 names. Money in the property's currency, durations in seconds. */
export const GA4_METRICS = [
  "sessions",
  "totalUsers",
  "newUsers",
  "engagedSessions",
  "averageSessionDuration",
  "screenPageViews",
  "transactions",
  "purchaseRevenue",
  "addToCarts",
  "checkouts",
  "advertiserAdCost",
  "advertiserAdClicks",
  "advertiserAdImpressions",
] as const;

/** The Data API takes at most 10 metrics per report, so each breakdown is asked for in two reports. */
export const GA4_METRIC_GROUPS: ReadonlyArray<readonly string[]> = [GA4_METRICS.slice(0, 10), GA4_METRICS.slice(10)];

/** Our dimension name → the GA4 dimension that breaks it down (none for the total). */
export const GA4_BREAKDOWNS: ReadonlyArray<{ dimension: string; ga4Dimension?: string }> = [
  { dimension: TOTAL },
  { dimension: "channel_group", ga4Dimension: "sessionDefaultChannelGroup" },
];

/** GA4 names that mean one of our metrics: older properties report purchases as `ecommercePurchases`. */
const METRIC_ALIASES: Record<string, string> = { ecommercePurchases: "transactions" };

const QuotaStatusSchema = z.object({ consumed: z.number().optional(), remaining: z.number().optional() });
const PropertyQuotaSchema = z.object({
  tokensPerDay: QuotaStatusSchema.optional(),
  tokensPerHour: QuotaStatusSchema.optional(),
});
export type PropertyQuota = z.infer<typeof PropertyQuotaSchema>;

const CellSchema = z.object({ value: z.string().default("") });

/** A `RunReportResponse` as far as we read it; `rows` and `rowCount` are absent when there are no rows. */
export const Ga4ReportSchema = z
  .object({
    dimensionHeaders: z.array(z.object({ name: z.string() })).default([]),
    metricHeaders: z.array(z.object({ name: z.string() })).default([]),
    rows: z
      .array(z.object({ dimensionValues: z.array(CellSchema).default([]), metricValues: z.array(CellSchema) }))
      .default([]),
    rowCount: z.number().int().nonnegative().default(0),
    metadata: z.object({ currencyCode: z.string().optional(), timeZone: z.string().optional() }).optional(),
    propertyQuota: PropertyQuotaSchema.optional(),
  })
  .superRefine((report, ctx) => {
    report.rows.forEach((row, i) => {
      if (
        row.dimensionValues.length !== report.dimensionHeaders.length ||
        row.metricValues.length !== report.metricHeaders.length
      )
        ctx.addIssue({ code: "custom", path: ["rows", i], message: "row does not match the headers" });
      else if (row.metricValues.some((cell) => !/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(cell.value)))
        ctx.addIssue({ code: "custom", path: ["rows", i], message: "metric value is not a number" });
    });
  });
export type Ga4Report = z.infer<typeof Ga4ReportSchema>;

export const Ga4BatchSchema = z.object({ reports: z.array(z.unknown()).default([]) });

/** `20261025` → `2026-10-25`; `2026102502` → `2026-10-25T02`; undefined when neither. */
export function ga4TimeToBucket(value: string, granularity: Granularity): string | undefined {
  const m =
    granularity === "day" ? /^(\d{4})(\d{2})(\d{2})$/.exec(value) : /^(\d{4})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) return undefined;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  return granularity === "day" ? day : `${day}T${m[4]}`;
}

/**
 * Rows of one report → observations. The first dimension is `date` or `dateHour` (already
 * in the property's time zone, taken as the shop's); a second one, if any, is the
 * breakdown named `dimension`. Throws when a time value cannot be read.
 */
export function ga4ReportToObservations(
  report: Ga4Report,
  options: { shop: ShopConfig; granularity: Granularity; dimension: string },
): Observation[] {
  const { shop, granularity, dimension } = options;
  const metrics = report.metricHeaders.map((h) => METRIC_ALIASES[h.name] ?? h.name);
  return report.rows.flatMap((row) => {
    const time = row.dimensionValues[0]?.value ?? "";
    const bucket = ga4TimeToBucket(time, granularity);
    if (!bucket) throw new Error(`GA4 row has ${granularity === "day" ? "date" : "dateHour"} "${time}"`);
    const bucketStart =
      granularity === "day" ? startOfLocalDay(bucket, shop.timezone) : startOfLocalHour(bucket, shop.timezone);
    const dimensionValue = dimension === TOTAL ? TOTAL : (row.dimensionValues[1]?.value ?? "");
    return row.metricValues.map((cell, i) => ({
      shopId: shop.id,
      source: "ga4" as const,
      metric: metrics[i]!,
      dimension,
      dimensionValue,
      granularity,
      bucket,
      bucketStart,
      value: Number(cell.value),
    }));
  });
}

/** Tokens of a standard property; a GA4 360 property has ten times more, so it slows down later than needed. */
const STANDARD_TOKENS = { tokensPerHour: 40_000, tokensPerDay: 200_000 } as const;
const LOW_SHARE = 0.1;
/** GA4 daily quotas restart at midnight Pacific time. */
const QUOTA_DAY_ZONE = "America/Los_Angeles";

export type QuotaAssessment =
  | { level: "ok" }
  | { level: "low"; message: string }
  | { level: "exhausted"; message: string; retryAt: Date };

/** Whether the property's token quota left after a request allows carrying on at full speed. */
export function assessGa4Quota(quota: PropertyQuota | undefined, now: Date): QuotaAssessment {
  const perDay = quota?.tokensPerDay?.remaining;
  const perHour = quota?.tokensPerHour?.remaining;
  if (perDay !== undefined && perDay <= 0)
    return { level: "exhausted", message: "the property's daily token quota is used up", retryAt: nextQuotaDay(now) };
  if (perHour !== undefined && perHour <= 0)
    return { level: "exhausted", message: "the property's hourly token quota is used up", retryAt: nextHour(now) };
  if (perDay !== undefined && perDay < STANDARD_TOKENS.tokensPerDay * LOW_SHARE)
    return { level: "low", message: `${perDay} GA4 tokens left today` };
  if (perHour !== undefined && perHour < STANDARD_TOKENS.tokensPerHour * LOW_SHARE)
    return { level: "low", message: `${perHour} GA4 tokens left this hour` };
  return { level: "ok" };
}

export function nextHour(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 + 3_600_000);
}

export function nextQuotaDay(now: Date): Date {
  return startOfLocalDay(addDays(localDay(now, QUOTA_DAY_ZONE), 1), QUOTA_DAY_ZONE);
}
