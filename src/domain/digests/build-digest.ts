import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Db } from "../../db/create-db.ts";
import type { Deps } from "../../deps.ts";
import type { Clock } from "../../shared/clock.ts";
import { addDays, daysInMonth, eachDay, firstDayOfMonth, monthOf, startOfLocalDay } from "../../shared/time.ts";
import { computeKpi, KPI_IDS, KPI_METRICS, KPIS, type KpiId, totalsByMetric } from "../kpi/kpis.ts";
import { createMetricStore, type MetricStore } from "../metrics/metric-store.ts";
import { type DayRange, type Granularity, type SourceId, TOTAL } from "../metrics/observation.ts";
import { createSourceStateStore, type SourceState } from "../metrics/source-state-store.ts";
import type {
  ChannelRow,
  ChartPoint,
  DigestChart,
  DigestContent,
  KpiFigure,
  PacingRow,
  SourceHealth,
  TargetProgress,
} from "./digest-content.ts";
import { createDigestContextStore } from "./digest-context-store.ts";
import { dayCount, type Period } from "./period.ts";

/** The figures a digest leads with, in this order. */
export const HEADLINE_KPIS: readonly KpiId[] = [
  "revenue",
  "sessions",
  "conversionRate",
  "aov",
  "transactions",
  "spend",
  "roas",
  "cpa",
];

/** How many days ahead a task counts as "due soon", today included: the next few days, or a week for weekly digests. */
const DUE_SOON_DAYS = { short: 3, long: 7 } as const;
const UPCOMING_PROMO_DAYS = 14;
const LIST_LIMIT = 10;
const MOVERS = 3;
/** Slack's data visualization block takes at most 20 points per series; longer ranges are summed into groups. */
export const MAX_CHART_POINTS = 20;
/** Pace within ±10 % of the prorated plan counts as on track. */
const PACE_TOLERANCE = 0.1;

const ANALYTICS_METRICS = ["sessions", "transactions", "purchaseRevenue", "addToCarts", "checkouts"];
const AD_METRICS = ["cost", "clicks", "impressions", "conversions", "conversionsValue"];
const CHANNEL_METRICS = ["sessions", "purchaseRevenue", "transactions"];

/** Which metrics each source feeds: what a stale source makes doubtful. Demo and CSV can carry anything. */
function metricsOf(source: SourceId): readonly string[] | "all" {
  if (source === "ga4") return ANALYTICS_METRICS;
  if (source === "google-ads" || source === "meta") return AD_METRICS;
  return "all";
}

const SOURCE_OF_CONFIG_KEY = {
  ga4: "ga4",
  googleAds: "google-ads",
  meta: "meta",
  demo: "demo",
  csv: "csv",
} as const satisfies Record<keyof ShopConfig["sources"], SourceId>;

export type BuildDigestInput = {
  shop: ShopConfig;
  period: Period;
  store: MetricStore;
  db: Db;
  clock: Clock;
};

type Window = { granularity: Granularity; from: string; to: string };
type Totals = Record<string, number>;

/**
 * Everything a digest of `period` says about `shop`, as data: headline KPIs against the
 * comparison period (and, for one day, the same weekday a week earlier), monthly targets,
 * the channel-group breakdown and its biggest movers, media-plan pacing, tasks due, pending
 * approvals, promos, competitor notes (weekly) and source health. Figures fed by a stale or
 * failed source carry `affectedBy`. Reads only; money in currency units, days local to the shop.
 */
export async function buildDigest({ shop, period, store, db, clock }: BuildDigestInput): Promise<DigestContent> {
  const context = createDigestContextStore(db);
  const sources = await sourceHealth(shop, period, createSourceStateStore(db), clock);
  const unhealthy = sources.filter((s) => s.status !== "ok").map((s) => s.source);
  const affectedBy = (metrics: readonly string[]) =>
    unhealthy.filter((s) => {
      const fed = metricsOf(s);
      return fed === "all" || metrics.some((m) => fed.includes(m));
    });

  const totals = async (window: Window, dimension = TOTAL, metrics = KPI_METRICS) =>
    store.totals({ shopId: shop.id, ...window, dimension, metrics });

  // "today" is read hour by hour so the comparison day stops at the same hour. Metrics some
  // source has only by day (ad platforms) use today's daily figure and are not compared.
  const current = totalsByMetric(await totals(windowOf(period, period.throughHour)));
  const dailyOnly = new Set<string>();
  if (period.throughHour !== undefined) {
    const daily = totalsByMetric(await totals(windowOf(period)));
    for (const [metric, value] of Object.entries(daily)) {
      if (current[metric] === undefined) {
        current[metric] = value;
        dailyOnly.add(metric);
      }
    }
  }
  const comparable = async (r: DayRange): Promise<Totals> => {
    const t = totalsByMetric(await totals(windowOf(r, period.throughHour)));
    for (const metric of dailyOnly) delete t[metric];
    return t;
  };
  const previous = await comparable(period.comparison);
  const weekAgo = period.sameWeekdayLastWeek ? await comparable(period.sameWeekdayLastWeek) : undefined;

  const kpis: KpiFigure[] = HEADLINE_KPIS.map((id) => {
    const kpi = KPIS[id];
    const value = computeKpi(kpi, current);
    const before = computeKpi(kpi, previous);
    const figure: KpiFigure = {
      id,
      unit: kpi.unit,
      goodDirection: kpi.goodDirection,
      value,
      previous: before,
      change: changeOf(value, before),
      affectedBy: affectedBy(inputsOf(id)),
    };
    if (weekAgo) {
      const then = computeKpi(kpi, weekAgo);
      figure.weekAgo = { value: then, change: changeOf(value, then) };
    }
    return figure;
  });

  const month = monthOf(period.to);
  const elapsed = Number(period.to.slice(8, 10));
  const monthDays = daysInMonth(month);
  const monthWindow: Window = { granularity: "day", from: firstDayOfMonth(month), to: period.to };
  const targets = await targetProgress(shop, month, elapsed / monthDays, async () =>
    totalsByMetric(await totals(monthWindow)),
  );
  for (const t of targets) t.affectedBy = affectedBy(inputsOf(t.kpi));

  const pacingRows = mediaPlanPacing(
    shop,
    month,
    elapsed,
    monthDays,
    await context.mediaPlan(shop.id, month),
    await totals(monthWindow, "platform", ["cost"]),
  );
  for (const row of pacingRows) {
    row.affectedBy = affectedBy(AD_METRICS).filter((s) => metricsOf(s) === "all" || s === row.channel);
  }

  const channelRows = channelBreakdown(
    await totals(windowOf(period, period.throughHour), "channel_group", CHANNEL_METRICS),
    await totals(windowOf(period.comparison, period.throughHour), "channel_group", CHANNEL_METRICS),
  );

  const asOf = period.throughHour !== undefined ? period.to : addDays(period.to, 1);
  const horizon = dayCount(period) >= 7 ? DUE_SOON_DAYS.long : DUE_SOON_DAYS.short;
  const tasks = await context.openTasksDueBy(shop.id, addDays(asOf, horizon - 1), LIST_LIMIT);
  const promos = await context.promosOverlapping(shop.id, period.from, addDays(asOf, UPCOMING_PROMO_DAYS));
  const periodStart = startOfLocalDay(period.from, shop.timezone);
  const periodEnd = startOfLocalDay(addDays(period.to, 1), shop.timezone);

  return {
    shop: { id: shop.id, name: shop.name, currency: shop.currency, timezone: shop.timezone, locale: shop.locale },
    period,
    generatedAt: clock.now(),
    kpis,
    sources,
    targets,
    channels:
      channelRows.length === 0
        ? undefined
        : { rows: channelRows, movers: biggestMovers(channelRows), affectedBy: affectedBy(CHANNEL_METRICS) },
    pacing:
      pacingRows.length === 0 ? undefined : { month, daysElapsed: elapsed, daysInMonth: monthDays, rows: pacingRows },
    asOf,
    tasks: {
      overdue: tasks.items.filter((t) => t.dueDay < asOf),
      dueSoon: tasks.items.filter((t) => t.dueDay >= asOf),
      total: tasks.total,
    },
    approvals: await context.pendingApprovals(shop.id, LIST_LIMIT),
    promos: {
      active: promos.filter((p) => p.startDay <= asOf && p.endDay >= asOf),
      ended: promos.filter((p) => p.endDay < asOf),
      upcoming: promos.filter((p) => p.startDay > asOf),
    },
    competitorNotes:
      period.kind === "last-week"
        ? await context.competitorNotes(shop.id, periodStart, periodEnd, LIST_LIMIT)
        : undefined,
    charts: await charts(shop.id, period, store),
  };
}

/** Relative change; null when either side is missing or the base is 0. */
export function changeOf(value: number | null, base: number | null): number | null {
  if (value === null || base === null || base === 0) return null;
  return (value - base) / Math.abs(base);
}

function inputsOf(id: KpiId): string[] {
  const kpi = KPIS[id];
  return kpi.denominator ? [kpi.numerator, kpi.denominator] : [kpi.numerator];
}

function windowOf(r: DayRange, throughHour?: number): Window {
  if (throughHour === undefined) return { granularity: "day", from: r.from, to: r.to };
  const hour = String(throughHour).padStart(2, "0");
  return { granularity: "hour", from: `${r.from}T00`, to: `${r.to}T${hour}` };
}

/**
 * Health of every configured source for this period. A source is stale when its last
 * successful pull is older than the end of the period, failed when its last pull failed. CSV is imported by hand, so only its errors count.
 */
async function sourceHealth(
  shop: ShopConfig,
  period: Period,
  states: { forShop(shopId: string): Promise<SourceState[]> },
  clock: Clock,
): Promise<SourceHealth[]> {
  const byId = new Map((await states.forShop(shop.id)).map((s) => [s.source, s]));
  // A period still running (today) cannot wait for its end: there, stale means older than the
  // shop's staleness allowance (`alerts.staleAfterHours`), as the staleness alert has it.
  const end =
    period.throughHour !== undefined
      ? new Date(clock.now().getTime() - shop.alerts.staleAfterHours * 3_600_000)
      : startOfLocalDay(addDays(period.to, 1), shop.timezone);
  const configured = (Object.keys(SOURCE_OF_CONFIG_KEY) as Array<keyof typeof SOURCE_OF_CONFIG_KEY>)
    .filter((key) => shop.sources[key] !== undefined)
    .map((key) => SOURCE_OF_CONFIG_KEY[key]);
  return configured.map((source) => {
    const state = byId.get(source);
    const base = { source, lastSuccessAt: state?.lastSuccessAt, errorKind: state?.errorKind };
    if (state?.lastError) return { ...base, status: "failed" };
    if (source === "csv") return { ...base, status: "ok" };
    if (!state?.lastSuccessAt) return { ...base, status: "never" };
    return { ...base, status: state.lastSuccessAt < end ? "stale" : "ok" };
  });
}

const isKpiId = (key: string): key is KpiId => (KPI_IDS as readonly string[]).includes(key);

async function targetProgress(
  shop: ShopConfig,
  month: string,
  elapsedShare: number,
  monthTotals: () => Promise<Totals>,
): Promise<TargetProgress[]> {
  const entries = Object.entries(shop.targets[month] ?? {}).filter(([key]) => isKpiId(key));
  if (entries.length === 0) return [];
  const totals = await monthTotals();
  return entries.map(([key, target]) => {
    const kpi = KPIS[key as KpiId];
    const actual = computeKpi(kpi, totals);
    const isSum = kpi.denominator === undefined;
    const projected = isSum && actual !== null ? actual / elapsedShare : null;
    const judged = isSum ? projected : actual;
    return {
      kpi: kpi.id,
      unit: kpi.unit,
      month,
      target,
      actual,
      share: actual === null || target === 0 ? null : actual / target,
      expectedShare: isSum ? elapsedShare : null,
      projected,
      onTrack: judged === null ? null : kpi.goodDirection === "up" ? judged >= target : judged <= target,
      affectedBy: [],
    };
  });
}

/**
 * Spend month to date per media-plan channel against the plan prorated by days elapsed. The
 * plan is the YAML `mediaPlan:` for the month, overridden per channel by stored (imported) plans.
 */
function mediaPlanPacing(
  shop: ShopConfig,
  month: string,
  elapsed: number,
  monthDays: number,
  stored: Array<{ channel: string; budget: number }>,
  spendTotals: Array<{ dimensionValue: string; value: number }>,
): PacingRow[] {
  const plan = new Map(Object.entries(shop.mediaPlan[month] ?? {}));
  for (const row of stored) plan.set(row.channel, row.budget);
  const spend = new Map(spendTotals.map((t) => [t.dimensionValue, t.value]));
  const channels = [...new Set([...plan.keys(), ...[...spend].filter(([, v]) => v > 0).map(([k]) => k)])].sort();
  return channels.map((channel) => {
    const budget = plan.get(channel) ?? null;
    const spent = spend.get(channel) ?? 0;
    const expectedSpend = budget === null ? null : (budget * elapsed) / monthDays;
    const pace = expectedSpend ? spent / expectedSpend : null;
    const status =
      budget === null
        ? "unplanned"
        : pace === null || pace < 1 - PACE_TOLERANCE
          ? "under"
          : pace > 1 + PACE_TOLERANCE
            ? "over"
            : "on-track";
    return {
      channel,
      budget,
      spend: spent,
      expectedSpend,
      pace,
      projected: (spent / elapsed) * monthDays,
      status,
      affectedBy: [],
    };
  });
}

function channelBreakdown(
  now: Array<{ metric: string; dimensionValue: string; value: number }>,
  before: Array<{ metric: string; dimensionValue: string; value: number }>,
): ChannelRow[] {
  const names = [...new Set([...now, ...before].map((t) => t.dimensionValue))];
  const value = (rows: typeof now, name: string, metric: string) =>
    rows.find((t) => t.dimensionValue === name && t.metric === metric)?.value ?? 0;
  return names
    .map((name) => {
      const sessions = value(now, name, "sessions");
      const previousSessions = value(before, name, "sessions");
      const revenue = value(now, name, "purchaseRevenue");
      const previousRevenue = value(before, name, "purchaseRevenue");
      const transactions = value(now, name, "transactions");
      return {
        channelGroup: name,
        sessions,
        previousSessions,
        revenue,
        previousRevenue,
        transactions,
        revenueChange: changeOf(revenue, previousRevenue),
        sessionsChange: changeOf(sessions, previousSessions),
        conversionRate: sessions === 0 ? null : transactions / sessions,
      };
    })
    .sort((a, b) => b.revenue - a.revenue || b.sessions - a.sessions || a.channelGroup.localeCompare(b.channelGroup));
}

/** The channel groups whose revenue moved most in money terms, either way. */
function biggestMovers(rows: ChannelRow[]): ChannelRow[] {
  const delta = (r: ChannelRow) => Math.abs(r.revenue - r.previousRevenue);
  return rows
    .filter((r) => delta(r) > 0)
    .sort((a, b) => delta(b) - delta(a) || a.channelGroup.localeCompare(b.channelGroup))
    .slice(0, MOVERS);
}

/**
 * Revenue and sessions over the period against the comparison, point by point. One day is
 * shown as the week ending on it against the week before; `today` hour by hour.
 */
async function charts(shopId: string, period: Period, store: MetricStore): Promise<DigestChart[]> {
  const oneDay = period.from === period.to && period.throughHour === undefined;
  const current = oneDay ? { from: addDays(period.to, -6), to: period.to } : { from: period.from, to: period.to };
  const comparison = oneDay ? { from: addDays(period.to, -13), to: addDays(period.to, -7) } : period.comparison;
  const granularity: Granularity = period.throughHour === undefined ? "day" : "hour";
  const buckets = (r: DayRange) =>
    granularity === "day"
      ? eachDay(r.from, r.to)
      : Array.from({ length: (period.throughHour ?? 0) + 1 }, (_, h) => `${r.from}T${String(h).padStart(2, "0")}`);
  const series = async (r: DayRange) => {
    const w = windowOf(r, period.throughHour);
    return store.series({ shopId, ...w, dimension: TOTAL, metrics: ["purchaseRevenue", "sessions"] });
  };
  const [now, before] = await Promise.all([series(current), series(comparison)]);
  if (now.length === 0) return [];
  const currentBuckets = buckets(current);
  const comparisonBuckets = buckets(comparison);
  const specs = [
    { kpi: "revenue", metric: "purchaseRevenue", unit: "money" },
    { kpi: "sessions", metric: "sessions", unit: "count" },
  ] as const;
  return specs.map(({ kpi, metric, unit }) => {
    const at = (points: typeof now, bucket: string) =>
      points.find((p) => p.bucket === bucket && p.metric === metric)?.value ?? 0;
    const raw: ChartPoint[] = currentBuckets.map((bucket, i) => {
      const then = comparisonBuckets[i];
      return {
        label: { from: bucket, to: bucket },
        value: at(now, bucket),
        previous: then === undefined ? null : at(before, then),
      };
    });
    return { kpi, unit, granularity, current, comparison, points: groupPoints(raw, MAX_CHART_POINTS) };
  });
}

/**
 * Merges consecutive points into at most `max` groups (a 31-day month becomes 16 points of
 * two days). A group's value is its daily average, so a last, shorter group is not a dip.
 */
export function groupPoints(points: ChartPoint[], max: number): ChartPoint[] {
  if (points.length <= max) return points;
  const size = Math.ceil(points.length / max);
  const out: ChartPoint[] = [];
  for (let i = 0; i < points.length; i += size) {
    const group = points.slice(i, i + size);
    const first = group[0] as ChartPoint;
    const last = group[group.length - 1] as ChartPoint;
    const previous = group.map((p) => p.previous).filter((p): p is number => p !== null);
    out.push({
      label: { from: first.label.from, to: last.label.to },
      value: group.reduce((sum, p) => sum + p.value, 0) / group.length,
      // Past the comparison's end there is nothing to compare; a partly covered group averages what exists.
      previous: previous.length === 0 ? null : previous.reduce((sum, p) => sum + p, 0) / previous.length,
    });
  }
  return out;
}

/** A shop's digest for a period from the stored figures: the one entry point for jobs, Slack and the CLI. */
export function buildShopDigest(
  deps: Pick<Deps, "db" | "clock">,
  shop: ShopConfig,
  period: Period,
): Promise<DigestContent> {
  return buildDigest({ shop, period, store: createMetricStore(deps.db), db: deps.db, clock: deps.clock });
}
