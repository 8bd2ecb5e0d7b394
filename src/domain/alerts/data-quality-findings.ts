import type { ShopConfig } from "../../config/shops-schema.ts";
import { addDays, type Day } from "../../shared/time.ts";
import type { MetricStore } from "../metrics/metric-store.ts";
import type { SourceState } from "../metrics/source-state-store.ts";
import type { Finding } from "./incident.ts";

const HOUR_MS = 3_600_000;
/** Days of campaign history that give a campaign's usual cost per conversion. */
const CPA_HISTORY_DAYS = 28;
/** A day's spend without a single conversion alerts once it reaches this many usual CPAs. */
const SPEND_WITHOUT_CONVERSIONS_CPAS = 3;
/** Below this platform cost (currency units) a GA4 mismatch is noise, not a finding. */
const MISMATCH_MIN_COST = 10;

const blank: Pick<
  Finding,
  "unit" | "actual" | "expected" | "low" | "high" | "direction" | "score" | "confidence" | "promo" | "drillDown"
> = {
  unit: "count",
  actual: null,
  expected: null,
  low: null,
  high: null,
  direction: "none",
  score: 1,
  confidence: 1,
  promo: false,
  drillDown: [],
};

/**
 * Sources whose last successful pull is older than `alerts.staleAfterHours` (or that never
 * succeeded although pulls were attempted), among the shop's configured sources. CSV imports
 * are manual and never stale.
 */
export function findStaleSources(shop: ShopConfig, states: SourceState[], now: Date): Finding[] {
  const limit = shop.alerts.staleAfterHours * HOUR_MS;
  const { ga4, googleAds, meta, demo } = shop.sources;
  // Only sources the shop still has: a source removed from the YAML is not "stale".
  const configured = new Set([ga4 && "ga4", googleAds && "google-ads", meta && "meta", demo && "demo"]);
  return states
    .filter((s) => configured.has(s.source))
    .filter((s) =>
      s.lastSuccessAt ? now.getTime() - s.lastSuccessAt.getTime() > limit : s.lastAttemptAt !== undefined,
    )
    .map((s): Finding => {
      const since = (s.lastSuccessAt ?? s.lastAttemptAt ?? now).toISOString();
      return {
        ...blank,
        kind: "stale_source",
        metric: s.source,
        subject: s.source,
        granularity: "hour",
        from: since,
        to: since,
        peak: since,
        severity: "warning",
        // The hours allowed; nothing that changes by the hour, so the message is not edited every hour.
        expected: shop.alerts.staleAfterHours,
        lastSuccessAt: s.lastSuccessAt?.toISOString() ?? null,
      };
    });
}

/**
 * Campaigns that spent on `day` without one conversion, where the spend reached
 * SPEND_WITHOUT_CONVERSIONS_CPAS times the campaign's usual cost per conversion of the 28
 * days before (campaigns that never converted are left alone: they may not be meant to).
 */
export async function findSpendWithoutConversions(store: MetricStore, shopId: string, day: Day): Promise<Finding[]> {
  const from = addDays(day, -CPA_HISTORY_DAYS);
  const query = { shopId, granularity: "day" as const, dimension: "campaign", metrics: ["cost", "conversions"] };
  const [today, history] = await Promise.all([
    store.totals({ ...query, from: day, to: day }),
    store.totals({ ...query, from, to: addDays(day, -1) }),
  ]);
  const value = (rows: typeof today, metric: string, campaign: string) =>
    rows.find((r) => r.metric === metric && r.dimensionValue === campaign)?.value ?? 0;
  const findings: Finding[] = [];
  for (const row of today.filter((r) => r.metric === "cost" && r.value > 0)) {
    const campaign = row.dimensionValue;
    if (value(today, "conversions", campaign) > 0) continue;
    const pastConversions = value(history, "conversions", campaign);
    if (pastConversions <= 0) continue;
    const usualCpa = value(history, "cost", campaign) / pastConversions;
    if (row.value < usualCpa * SPEND_WITHOUT_CONVERSIONS_CPAS) continue;
    findings.push({
      ...blank,
      kind: "spend_without_conversions",
      metric: "spend",
      unit: "money",
      subject: campaign,
      granularity: "day",
      from: day,
      to: day,
      peak: day,
      actual: row.value,
      expected: round(row.value / usualCpa),
      direction: "up",
      severity: "warning",
    });
  }
  return findings;
}

/**
 * GA4's `advertiserAdCost` against Google Ads' own `cost` for `day`: a finding when they
 * differ by more than `alerts.costMismatchShare` of the platform's figure (a broken link,
 * a currency mix-up, imports missing). `actual` is GA4's figure, `expected` the platform's.
 */
export async function findCostMismatch(shop: ShopConfig, store: MetricStore, day: Day): Promise<Finding[]> {
  const query = { shopId: shop.id, granularity: "day" as const, from: day, to: day };
  const [ga4, ads] = await Promise.all([
    store.totals({ ...query, metrics: ["advertiserAdCost"], sources: ["ga4"] }),
    store.totals({ ...query, metrics: ["cost"], sources: ["google-ads"] }),
  ]);
  const platform = ads[0]?.value;
  const analytics = ga4[0]?.value;
  if (platform === undefined || analytics === undefined || platform < MISMATCH_MIN_COST) return [];
  const share = Math.abs(analytics - platform) / platform;
  if (share <= shop.alerts.costMismatchShare) return [];
  return [
    {
      ...blank,
      kind: "cost_mismatch",
      metric: "spend",
      unit: "money",
      subject: "google-ads",
      granularity: "day",
      from: day,
      to: day,
      peak: day,
      actual: analytics,
      expected: platform,
      direction: analytics > platform ? "up" : "down",
      severity: "warning",
      score: Math.min(1, share),
    },
  ];
}

const round = (v: number) => Math.round(v * 100) / 100;
