import type { MetricQuery, MetricStore, MetricTotal } from "../metrics/metric-store.ts";
import { TOTAL } from "../metrics/observation.ts";

export type KpiUnit = "money" | "count" | "ratio" | "seconds";
/** Which way a change is good news: more revenue is, a higher cost per acquisition is not. */
export type GoodDirection = "up" | "down";

export const KPI_IDS = [
  "revenue",
  "sessions",
  "transactions",
  "conversionRate",
  "aov",
  "spend",
  "roas",
  "cpa",
  "cpc",
  "ctr",
  "cartToPurchase",
  "mer",
] as const;
export type KpiId = (typeof KPI_IDS)[number];

export type KpiDefinition = {
  id: KpiId;
  unit: KpiUnit;
  goodDirection: GoodDirection;
  /** Canonical metric names the formula reads; a ratio is `numerator / denominator`. */
  numerator: string;
  denominator?: string;
};

/**
 * Every KPI formula, defined once. Analytics metrics (ga4, demo, csv) are `purchaseRevenue`,
 * `sessions`, `transactions`, `addToCarts`; ad platform metrics (google-ads, meta) are `cost`,
 * `clicks`, `impressions`, `conversions`, `conversionsValue`. Ratios are plain fractions
 * (0.025 is 2.5 %); money is in the shop's currency.
 */
export const KPIS: Record<KpiId, KpiDefinition> = {
  revenue: { id: "revenue", unit: "money", goodDirection: "up", numerator: "purchaseRevenue" },
  sessions: { id: "sessions", unit: "count", goodDirection: "up", numerator: "sessions" },
  transactions: { id: "transactions", unit: "count", goodDirection: "up", numerator: "transactions" },
  conversionRate: {
    id: "conversionRate",
    unit: "ratio",
    goodDirection: "up",
    numerator: "transactions",
    denominator: "sessions",
  },
  aov: { id: "aov", unit: "money", goodDirection: "up", numerator: "purchaseRevenue", denominator: "transactions" },
  /** Total ad spend: `cost` of every ad source at the shop-total dimension. */
  spend: { id: "spend", unit: "money", goodDirection: "down", numerator: "cost" },
  /** Platform-reported return on ad spend. */
  roas: { id: "roas", unit: "ratio", goodDirection: "up", numerator: "conversionsValue", denominator: "cost" },
  cpa: { id: "cpa", unit: "money", goodDirection: "down", numerator: "cost", denominator: "conversions" },
  cpc: { id: "cpc", unit: "money", goodDirection: "down", numerator: "cost", denominator: "clicks" },
  ctr: { id: "ctr", unit: "ratio", goodDirection: "up", numerator: "clicks", denominator: "impressions" },
  cartToPurchase: {
    id: "cartToPurchase",
    unit: "ratio",
    goodDirection: "up",
    numerator: "transactions",
    denominator: "addToCarts",
  },
  /** Marketing efficiency ratio: shop revenue (analytics) over total ad spend. */
  mer: { id: "mer", unit: "ratio", goodDirection: "up", numerator: "purchaseRevenue", denominator: "cost" },
};

/** Every metric some KPI reads. */
export const KPI_METRICS: string[] = [
  ...new Set(Object.values(KPIS).flatMap((k) => (k.denominator ? [k.numerator, k.denominator] : [k.numerator]))),
];

/** One KPI from metric totals; null when an input is missing or the denominator is 0. */
export function computeKpi(kpi: KpiDefinition, totals: Readonly<Record<string, number>>): number | null {
  const numerator = totals[kpi.numerator];
  if (numerator === undefined || !Number.isFinite(numerator)) return null;
  if (kpi.denominator === undefined) return numerator;
  const denominator = totals[kpi.denominator];
  if (denominator === undefined || denominator === 0 || !Number.isFinite(denominator)) return null;
  return numerator / denominator;
}

/** Every KPI from metric totals over one period (e.g. `{ sessions: 1200, transactions: 30, … }`). */
export function computeKpis(totals: Readonly<Record<string, number>>): Record<KpiId, number | null> {
  const out = {} as Record<KpiId, number | null>;
  for (const id of KPI_IDS) out[id] = computeKpi(KPIS[id], totals);
  return out;
}

/** `MetricTotal`s of one dimension value as `{ metric: value }`, the input of `computeKpis`. */
export function totalsByMetric(totals: readonly MetricTotal[], dimensionValue = TOTAL): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of totals) if (t.dimensionValue === dimensionValue) out[t.metric] = (out[t.metric] ?? 0) + t.value;
  return out;
}

/**
 * KPIs of a shop over local buckets `from`..`to` (both included), from the shop-total
 * observations of every source (or of `sources`, if given).
 */
export async function loadKpis(
  store: MetricStore,
  query: Omit<MetricQuery, "dimension" | "metrics">,
): Promise<Record<KpiId, number | null>> {
  const totals = await store.totals({ ...query, dimension: TOTAL, metrics: KPI_METRICS });
  return computeKpis(totalsByMetric(totals));
}
