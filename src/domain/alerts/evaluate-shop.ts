import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Db } from "../../db/create-db.ts";
import type { Clock } from "../../shared/clock.ts";
import { addDays, localDay, localHour } from "../../shared/time.ts";
import { type PromoWindow, wallClockMs } from "../anomalies/detect-anomalies.ts";
import type { MetricStore } from "../metrics/metric-store.ts";
import type { Granularity, SourceId } from "../metrics/observation.ts";
import { createSourceStateStore, type SourceState, type SourceStateStore } from "../metrics/source-state-store.ts";
import { createPromoStore, type PromoStore } from "../promos/promo-store.ts";
import { effectiveThreshold, FEEDBACK_MEMORY_DAYS, mayPostNow } from "./alert-policy.ts";
import { type AlertPatch, type AlertRecord, type AlertStore, createAlertStore } from "./alert-store.ts";
import { findCostMismatch, findSpendWithoutConversions, findStaleSources } from "./data-quality-findings.ts";
import { findKpiAnomalies, type MetricFamily } from "./find-kpi-anomalies.ts";
import { groupIncidents } from "./group-incidents.ts";
import { type Finding, type IncidentDetails, maxSeverity } from "./incident.ts";
import { bucketLabel, type SeriesWindow, seriesWindow } from "./metric-series.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** History the detector learns from: about four months of days, four weeks of hours. */
const DAILY_POINTS = 120;
const HOURLY_POINTS = 28 * 24;
/**
 * Hours GA4 needs to process an hour's data: only hours that ended this long before now (and
 * before the latest successful pull) are judged, so late processing is not taken for a drop.
 */
const SETTLE_MS = 2 * HOUR_MS;

const FAMILY_SOURCES: Record<MetricFamily, SourceId[]> = {
  analytics: ["ga4", "demo", "csv"],
  ads: ["google-ads", "meta", "demo"],
};

/** What to do with an incident's Slack message after an evaluation. */
export type AlertAction =
  /** Post a new message (a new incident, one that waited for quiet hours to end, or a snooze that ran out). */
  | "post"
  /** Update the existing message in place: the incident evolved. */
  | "update"
  /** The metrics are back to normal: update the message and say so in its thread. */
  | "resolve"
  /** Quiet hours: not posted yet, will be when they end (unless it resolves first). */
  | "wait"
  | "none";

export type IncidentDecision = { alert: AlertRecord; action: AlertAction };

export type EvaluateShopInput = {
  shop: ShopConfig;
  db: Db;
  store: MetricStore;
  clock: Clock;
  promos?: PromoStore;
  feedback?: Pick<AlertStore, "feedbackCounts">;
  sourceStates?: SourceStateStore;
};

/**
 * Evaluates a shop's stored data now: KPIs on the hourly and daily series (seasonal
 * detector, promo calendar, per-metric sensitivity lowered by feedback), data quality
 * (tracking outage, stale sources, spend without conversions, GA4 vs Google Ads cost), then
 * groups findings into incidents and records each in the Alert table with what to do with
 * its Slack message. Idempotent: evaluating again with the same data decides "none".
 * Checkout-watch alerts are left to the checkout watch.
 */
export async function evaluateShop(input: EvaluateShopInput): Promise<IncidentDecision[]> {
  const { shop, store, clock } = input;
  const now = clock.now();
  const alerts = createAlertStore(input.db);
  const promos = input.promos ?? createPromoStore(input.db);
  const feedback = input.feedback ?? alerts;
  const sourceStates = input.sourceStates ?? createSourceStateStore(input.db);

  const counts = await feedback.feedbackCounts(shop.id, new Date(now.getTime() - FEEDBACK_MEMORY_DAYS * DAY_MS));
  const threshold = (metric: string) => effectiveThreshold(shop, metric, counts[metric] ?? 0);

  const today = localDay(now, shop.timezone);
  const yesterday = addDays(today, -1);
  const hourTo = localHour(new Date(now.getTime() - SETTLE_MS - HOUR_MS), shop.timezone);
  const windows: SeriesWindow[] = [
    seriesWindow("day", addDays(yesterday, -(DAILY_POINTS - 1)), yesterday),
    seriesWindow("hour", bucketLabel("hour", wallClockMs(hourTo) - (HOURLY_POINTS - 1) * HOUR_MS), hourTo),
  ];
  const promoWindows: PromoWindow[] = (
    await promos.overlapping(shop.id, windows[0]?.buckets[0] ?? yesterday, today)
  ).map((p) => ({ from: wallClockMs(p.startDay), to: wallClockMs(addDays(p.endDay, 1)) }));
  const states = await sourceStates.forShop(shop.id);

  const findings: Finding[] = [];
  const assessed = new Set<string>();
  for (const window of windows) {
    const scan = await findKpiAnomalies({
      shopId: shop.id,
      store,
      window,
      coveredThrough: {
        analytics: coveredIndex(window, states, "analytics", now, shop.timezone),
        ads: coveredIndex(window, states, "ads", now, shop.timezone),
      },
      promos: promoWindows,
      threshold,
    });
    findings.push(...scan.findings);
    for (const kpi of scan.assessed) assessed.add(`${window.granularity}:${kpi}`);
  }
  findings.push(
    ...findStaleSources(shop, states, now),
    ...(await findSpendWithoutConversions(store, shop.id, yesterday)),
    ...(await findCostMismatch(shop, store, yesterday)),
  );

  const unresolved = (await alerts.unresolved(shop.id)).filter((a) => a.kind !== "checkout_stopped");
  const decisions: IncidentDecision[] = [];
  const continued = new Set<number>();
  for (const incident of groupIncidents(findings, unresolved)) {
    const existing = unresolved.find((a) => a.incidentKey === incident.key);
    if (!existing) {
      const alert = await alerts.create(shop.id, incident, now);
      decisions.push({ alert, action: mayPostNow(shop, alert.severity, now) ? "post" : "wait" });
      continue;
    }
    continued.add(existing.id);
    const severity = maxSeverity([existing.severity, incident.severity]);
    const details = evolve(existing.details, incident.details);
    const patch: AlertPatch = { kind: incident.kind, severity, details };
    const changed = severity !== existing.severity || JSON.stringify(details) !== JSON.stringify(existing.details);
    const mayPost = mayPostNow(shop, severity, now);
    let action: AlertAction = changed ? "update" : "none";
    if (existing.status === "snoozed") {
      const snoozing = existing.snoozedUntil !== undefined && existing.snoozedUntil > now;
      if (snoozing) action = "none";
      else if (mayPost) {
        Object.assign(patch, { status: "open", snoozedUntil: undefined });
        action = "post";
      } else action = "wait";
    } else if (existing.status === "expected") action = "none";
    else if (existing.messageTs === undefined) action = mayPost ? "post" : "wait";
    const alert = changed || patch.status ? ((await alerts.update(existing.id, patch)) ?? existing) : existing;
    decisions.push({ alert, action });
  }

  for (const alert of unresolved) {
    if (continued.has(alert.id)) continue;
    const windowed = alert.kind === "anomaly" || alert.kind === "tracking_outage";
    // Only what could be judged is over: a KPI whose latest figures are missing may still be down.
    const judged = alert.details.findings.every((f) => !windowed || assessed.has(`${f.granularity}:${f.metric}`));
    if (!judged) {
      decisions.push({ alert, action: "none" });
      continue;
    }
    const details: IncidentDetails = {
      findings: alert.details.findings,
      recovered: [...new Set([...alert.details.recovered, ...alert.details.findings.map((f) => f.metric)])],
    };
    const resolved = (await alerts.update(alert.id, { status: "resolved", resolvedAt: now, details })) ?? alert;
    decisions.push({ alert: resolved, action: alert.messageTs ? "resolve" : "none" });
  }
  return decisions;
}

/** The incident's new findings, remembering which metrics were part of it and recovered since. */
function evolve(previous: IncidentDetails, current: IncidentDetails): IncidentDetails {
  const now = new Set(current.findings.map((f) => f.metric));
  const gone = previous.findings.map((f) => f.metric).filter((m) => !now.has(m));
  const recovered = [...new Set([...previous.recovered, ...gone])].filter((m) => !now.has(m));
  return { findings: current.findings, recovered };
}

/**
 * The last bucket of `window` a successful pull of the family's sources has covered (ended at
 * least SETTLE_MS before it): a missing row up to there is a true zero. -1 without any pull.
 */
function coveredIndex(
  window: SeriesWindow,
  states: SourceState[],
  family: MetricFamily,
  now: Date,
  timeZone: string,
): number {
  const successes = states
    .filter((s) => FAMILY_SOURCES[family].includes(s.source) && s.lastSuccessAt !== undefined)
    .map((s) => (s.lastSuccessAt as Date).getTime());
  if (successes.length === 0) return -1;
  const settled = Math.min(Math.max(...successes), now.getTime()) - SETTLE_MS;
  const label = bucketOfEnd(window.granularity, settled, timeZone);
  const { buckets } = window;
  if (label < (buckets[0] ?? "")) return -1;
  if (label >= (buckets[buckets.length - 1] ?? "")) return buckets.length - 1;
  return buckets.findIndex((b) => b > label) - 1;
}

/** The latest local bucket that ended by instant `ms`. */
function bucketOfEnd(granularity: Granularity, ms: number, timeZone: string): string {
  return granularity === "hour"
    ? localHour(new Date(ms - HOUR_MS), timeZone)
    : addDays(localDay(new Date(ms), timeZone), -1);
}
