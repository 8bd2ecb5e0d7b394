import type { ShopConfig } from "../config/shops-schema.ts";
import { type Observation, type SourceId, TOTAL } from "../domain/metrics/observation.ts";
import { type Day, startOfLocalDay } from "../shared/time.ts";

export const AD_METRICS = ["cost", "clicks", "impressions", "conversions", "conversionsValue"] as const;
export type AdMetric = (typeof AD_METRICS)[number];

/** One campaign on one day as an ad platform reports it; money in currency units. */
export type AdRow = { day: Day; campaign: string } & Record<AdMetric, number>;

/**
 * Ad platform rows → daily observations: per campaign (dimension "campaign"), the account
 * total (dimension "") and the same total under dimension "platform" = the source id, so
 * spend can be compared across platforms. Campaigns sharing a name are added up. Every day
 * in `days` gets a total, zero when the platform reported nothing, so a re-pull overwrites
 * a day whose spend went back to nothing. The reported date is taken as the shop's local day.
 */
export function adRowsToObservations(
  rows: AdRow[],
  options: { shop: ShopConfig; source: SourceId; days: Day[] },
): Observation[] {
  const { shop, source } = options;
  const totals = new Map<Day, Record<AdMetric, number>>(options.days.map((day) => [day, zeroMetrics()]));
  const campaigns = new Map<string, { day: Day; campaign: string; metrics: Record<AdMetric, number> }>();
  for (const row of rows) {
    const total = totals.get(row.day) ?? zeroMetrics();
    totals.set(row.day, total);
    const key = `${row.day}\u0000${row.campaign}`;
    const campaign = campaigns.get(key) ?? { day: row.day, campaign: row.campaign, metrics: zeroMetrics() };
    campaigns.set(key, campaign);
    for (const metric of AD_METRICS) {
      total[metric] += row[metric];
      campaign.metrics[metric] += row[metric];
    }
  }

  const out: Observation[] = [];
  const emit = (day: Day, dimension: string, dimensionValue: string, metrics: Record<AdMetric, number>) => {
    const bucketStart = startOfLocalDay(day, shop.timezone);
    for (const metric of AD_METRICS)
      out.push({
        shopId: shop.id,
        source,
        metric,
        dimension,
        dimensionValue,
        granularity: "day",
        bucket: day,
        bucketStart,
        value: roundMoneyNoise(metrics[metric]),
      });
  };
  for (const [day, metrics] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
    emit(day, TOTAL, TOTAL, metrics);
    emit(day, "platform", source, metrics);
  }
  for (const { day, campaign, metrics } of campaigns.values()) emit(day, "campaign", campaign, metrics);
  return out;
}

function zeroMetrics(): Record<AdMetric, number> {
  return { cost: 0, clicks: 0, impressions: 0, conversions: 0, conversionsValue: 0 };
}

/** Adding decimal amounts in floating point leaves 0.1 + 0.2 = 0.30000000000000004; micros are what we keep. */
function roundMoneyNoise(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
