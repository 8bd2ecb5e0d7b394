import { groupAnomalyEvents } from "../anomalies/anomaly-events.ts";
import { detectAnomalies, type PromoWindow } from "../anomalies/detect-anomalies.ts";
import { type AnomalyPoint, type Detection, pointAt } from "../anomalies/detection.ts";
import { KPIS, type KpiId } from "../kpi/kpis.ts";
import type { MetricStore } from "../metrics/metric-store.ts";
import type { DrillDown, Finding } from "./incident.ts";
import { fillZeros, lastPresent, loadSeriesTable, type SeriesTable, type SeriesWindow } from "./metric-series.ts";

/** The KPIs alerts watch, each judged on the shop total. */
export const ALERT_KPIS: KpiId[] = ["revenue", "sessions", "transactions", "conversionRate", "spend", "roas", "cpa"];

/** Which sources report a metric: analytics (GA4, demo, CSV) or ad platforms. */
export type MetricFamily = "analytics" | "ads";
const AD_METRICS = new Set(["cost", "conversions", "conversionsValue", "clicks", "impressions"]);
export const familyOf = (metric: string): MetricFamily => (AD_METRICS.has(metric) ? "ads" : "analytics");

/** Where a KPI's deviation is explained: analytics by channel group, ad spend by campaign. */
const DRILL_DIMENSION: Partial<Record<KpiId, string>> = {
  revenue: "channel_group",
  sessions: "channel_group",
  transactions: "channel_group",
  spend: "campaign",
};

/** Tracking outage: sessions below this share of expected, with at least this many expected. */
const OUTAGE_SHARE = 0.1;
const OUTAGE_MIN_EXPECTED = { day: 100, hour: 20 } as const;
/** A channel still above this share of its expected sessions means the drop is not tracking. */
const CHANNEL_HOLDS_SHARE = 0.3;
/** Latest buckets an evaluation may lack (GA4 processing) and still judge whether an incident goes on. */
const MAX_LAG_POINTS = { day: 1, hour: 3 } as const;
/** Calm points after an event before it counts as over (keeps hourly incidents from flapping). */
const CALM_POINTS = { day: 0, hour: 1 } as const;
const DRILL_MAX_ITEMS = 3;
const DRILL_MIN_SHARE = 0.15;

export type KpiScanInput = {
  shopId: string;
  store: MetricStore;
  window: SeriesWindow;
  /** Per family, the bucket index through which a missing row means a true zero (see fillZeros). */
  coveredThrough: Record<MetricFamily, number>;
  promos: readonly PromoWindow[];
  /** Alert threshold (score) per KPI. */
  threshold(kpi: KpiId): number;
};

export type KpiScan = {
  /** Anomalies going on at the end of the window, one per KPI and event; sessions may be a tracking outage. */
  findings: Finding[];
  /** KPIs whose latest figures were there to judge: only their incidents may be declared over. */
  assessed: Set<string>;
};

/**
 * Scores the shop's KPIs over the window and returns the anomalies still going on at its
 * end, with the expected value and range, drill-down by channel group or campaign, and a
 * tracking outage when sessions collapse across every channel at once. Pure apart from
 * reading the metric store.
 */
export async function findKpiAnomalies(input: KpiScanInput): Promise<KpiScan> {
  const { window } = input;
  const g = window.granularity;
  const n = window.buckets.length;
  const metrics = [...new Set(ALERT_KPIS.flatMap((k) => [KPIS[k].numerator, KPIS[k].denominator ?? []].flat()))];
  const table = await loadSeriesTable(input.store, input.shopId, window, metrics);
  const totals = (metric: string) => {
    const raw = table.get(metric)?.get("");
    if (!raw) return undefined;
    return fillZeros(raw, Math.max(input.coveredThrough[familyOf(metric)], lastPresent(raw)));
  };
  const drillTables = new Map<string, Promise<SeriesTable>>();
  const drillTable = (dimension: string) => {
    let t = drillTables.get(dimension);
    if (!t) {
      const wanted = ALERT_KPIS.filter((k) => DRILL_DIMENSION[k] === dimension).map((k) => KPIS[k].numerator);
      t = loadSeriesTable(input.store, input.shopId, window, wanted, dimension);
      drillTables.set(dimension, t);
    }
    return t;
  };

  const findings: Finding[] = [];
  const assessed = new Set<string>();
  for (const kpi of ALERT_KPIS) {
    const def = KPIS[kpi];
    const numerator = totals(def.numerator);
    if (!numerator) continue;
    const denominator = def.denominator ? totals(def.denominator) : undefined;
    if (def.denominator && !denominator) continue;
    const sensitivity = input.threshold(kpi);
    const base = { start: window.start, intervalMs: window.intervalMs, promos: input.promos };
    // Conversion rate is judged with its counts; ROAS and CPA are not proportions, so as plain values.
    const detection =
      kpi === "conversionRate"
        ? detectAnomalies({ ...base, values: numerator, denominators: denominator }, { sensitivity })
        : detectAnomalies(
            { ...base, values: denominator ? ratio(numerator, denominator) : numerator },
            { sensitivity },
          );
    const last = lastObserved(detection);
    if (last < n - 1 - MAX_LAG_POINTS[g]) continue;
    assessed.add(kpi);
    const active = groupAnomalyEvents(detection, { threshold: sensitivity }).filter(
      (e) => e.end >= last - CALM_POINTS[g],
    );
    for (const event of active) {
      const p = pointAt(detection, event.peak);
      const value = denominator && kpi !== "conversionRate" ? ratio(numerator, denominator)[event.peak] : undefined;
      const actual =
        kpi === "conversionRate"
          ? safeDiv(numerator[event.peak], denominator?.[event.peak])
          : (value ?? numerator[event.peak]);
      const goodNews = p.direction !== "none" && p.direction === def.goodDirection;
      let severity = event.severity === "none" ? "info" : event.severity;
      if (goodNews && severity === "critical") severity = "warning";
      const finding: Finding = {
        kind: "anomaly",
        metric: kpi,
        unit: def.unit,
        granularity: g,
        from: window.buckets[event.start] as string,
        to: window.buckets[event.end] as string,
        peak: window.buckets[event.peak] as string,
        actual: finite(actual),
        expected: finite(p.expected),
        low: finite(p.low),
        high: finite(p.high),
        direction: p.direction,
        severity,
        score: round(p.score, 3),
        confidence: round(p.confidence, 3),
        promo: inPromo(window.start + event.peak * window.intervalMs, input.promos),
        drillDown: [],
      };
      const dimension = DRILL_DIMENSION[kpi];
      if (dimension && finding.actual !== null && finding.expected !== null) {
        const byValue = (await drillTable(dimension)).get(def.numerator);
        if (byValue) {
          const covered = input.coveredThrough[familyOf(def.numerator)];
          const deviation = finding.actual - finding.expected;
          const channels = explain(dimension, byValue, { peak: event.peak, deviation, covered, sensitivity }, input);
          finding.drillDown = channels.top;
          if (kpi === "sessions" && isTrackingOutage(p, finding.actual, channels.all, g)) {
            finding.kind = "tracking_outage";
            finding.severity = "critical";
          }
        }
      }
      findings.push(finding);
    }
  }
  return { findings, assessed };
}

type Deviation = DrillDown & { deviation: number };

/**
 * Which dimension values explain a deviation of `total` at point `peak`: each value's own
 * series is scored, its deviation from its own expectation taken, and the values moving the
 * same way as the total share the deviation in proportion. Returns the biggest few.
 */
function explain(
  dimension: string,
  byValue: Map<string, Float64Array>,
  at: { peak: number; deviation: number; covered: number; sensitivity: number },
  input: KpiScanInput,
): { top: DrillDown[]; all: Deviation[] } {
  const { peak, sensitivity } = at;
  const total = at.deviation;
  const all: Deviation[] = [];
  for (const [value, raw] of byValue) {
    const values = fillZeros(raw, Math.max(at.covered, lastPresent(raw)));
    const detection = detectAnomalies(
      { start: input.window.start, intervalMs: input.window.intervalMs, values, promos: input.promos },
      { sensitivity },
    );
    const actual = values[peak] as number;
    const expected = detection.expected[peak] as number;
    if (!Number.isFinite(actual) || !Number.isFinite(expected)) continue;
    all.push({ dimension, value, actual, expected, share: 0, deviation: actual - expected });
  }
  const sameWay = all.filter((d) => Math.sign(d.deviation) === Math.sign(total) && d.deviation !== 0);
  const sum = sameWay.reduce((s, d) => s + d.deviation, 0);
  const top = sameWay
    .map((d) => ({ ...d, share: sum === 0 ? 0 : d.deviation / sum }))
    .filter((d) => d.share >= DRILL_MIN_SHARE)
    .sort((a, b) => b.share - a.share)
    .slice(0, DRILL_MAX_ITEMS)
    .map((d) => ({
      dimension,
      value: d.value,
      actual: round(d.actual, 2),
      expected: round(d.expected, 2),
      share: round(d.share, 3),
    }));
  return { top, all };
}

/** Sessions near zero against a healthy expectation, and no channel holding up: the tag broke, not the traffic. */
function isTrackingOutage(p: AnomalyPoint, actual: number, channels: Deviation[], g: "day" | "hour"): boolean {
  if (p.direction !== "down" || !(p.expected >= OUTAGE_MIN_EXPECTED[g])) return false;
  if (actual > p.expected * OUTAGE_SHARE) return false;
  return channels.every((c) => c.expected < 2 || c.actual <= c.expected * CHANNEL_HOLDS_SHARE);
}

function lastObserved(detection: Detection): number {
  for (let i = detection.length - 1; i >= 0; i--) if (detection.missing[i] === 0) return i;
  return -1;
}

function ratio(numerator: Float64Array, denominator: Float64Array): Float64Array {
  return numerator.map((v, i) => safeDiv(v, denominator[i]));
}

function safeDiv(a: number | undefined, b: number | undefined): number {
  return a !== undefined && b !== undefined && b > 0 ? a / b : Number.NaN;
}

function inPromo(wallMs: number, promos: readonly PromoWindow[]): boolean {
  return promos.some((p) => wallMs >= p.from && wallMs < p.to);
}

const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? round(v, 6) : null);
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
