import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Db } from "../../db/create-db.ts";
import type { Clock } from "../../shared/clock.ts";
import { addDays, localClock } from "../../shared/time.ts";
import type { MetricStore } from "../metrics/metric-store.ts";
import { effectiveThreshold, FEEDBACK_MEMORY_DAYS } from "./alert-policy.ts";
import { type AlertPatch, createAlertStore } from "./alert-store.ts";
import type { AlertAction, IncidentDecision } from "./evaluate-shop.ts";
import type { Finding, Incident } from "./incident.ts";

/** One minute of GA4 Realtime: `purchase` events and active users, `minutesAgo` 0..29. */
export type RealtimeMinute = { minutesAgo: number; purchases: number; activeUsers: number };

/** What a usual half hour at this weekday and hour brings, from the stored hourly history. */
export type CheckoutBaseline = { purchasesPerHalfHour: number; sessionsPerHalfHour: number; weeks: number };

export const CHECKOUT_KEY = "checkout";
const WEEKS = 6;
const MIN_WEEKS = 2;
/** Traffic "goes on" while active users reach this share of the usual sessions. */
const TRAFFIC_SHARE = 0.3;

/**
 * The usual purchases and sessions per half hour for the weekday and local hour of `now`:
 * the mean of the same hour on the same weekday over the last six weeks with data.
 * Undefined with fewer than two such weeks.
 */
export async function checkoutBaseline(
  store: MetricStore,
  shop: ShopConfig,
  now: Date,
): Promise<CheckoutBaseline | undefined> {
  const { day, hour } = localClock(now, shop.timezone);
  const hh = String(hour).padStart(2, "0");
  const buckets = Array.from({ length: WEEKS }, (_, k) => `${addDays(day, -7 * (k + 1))}T${hh}`);
  const points = await store.series({
    shopId: shop.id,
    granularity: "hour",
    from: buckets[buckets.length - 1] as string,
    to: buckets[0] as string,
    metrics: ["transactions", "sessions"],
  });
  const wanted = new Set(buckets);
  const weeks = new Map<string, { transactions: number; sessions: number }>();
  for (const p of points) {
    if (!wanted.has(p.bucket)) continue;
    const w = weeks.get(p.bucket) ?? { transactions: 0, sessions: 0 };
    if (p.metric === "transactions") w.transactions += p.value;
    else w.sessions += p.value;
    weeks.set(p.bucket, w);
  }
  const usable = [...weeks.values()].filter((w) => w.sessions > 0);
  if (usable.length < MIN_WEEKS) return undefined;
  const mean = (f: (w: { transactions: number; sessions: number }) => number) =>
    usable.reduce((s, w) => s + f(w), 0) / usable.length;
  return {
    purchasesPerHalfHour: mean((w) => w.transactions) / 2,
    sessionsPerHalfHour: mean((w) => w.sessions) / 2,
    weeks: usable.length,
  };
}

export type CheckoutVerdict = "stopped" | "flowing" | "unknown";

/**
 * Purchases have stopped when the last 30 minutes brought none although the baseline makes
 * that very unlikely (Poisson: P(0) = e^−λ below (1 − threshold) / 50, i.e. 1 % at the default
 * threshold, λ ≥ 4.6) and visitors keep coming. Any purchase means checkout works. Too little
 * traffic or history says nothing.
 */
export function judgeCheckout(
  minutes: RealtimeMinute[],
  baseline: CheckoutBaseline | undefined,
  threshold = 0.5,
): CheckoutVerdict {
  const purchases = minutes.reduce((s, m) => s + m.purchases, 0);
  if (purchases > 0) return "flowing";
  if (!baseline) return "unknown";
  const users = minutes.reduce((s, m) => s + m.activeUsers, 0);
  const unlikely = Math.exp(-baseline.purchasesPerHalfHour) < (1 - threshold) / 50;
  const trafficGoesOn = users >= baseline.sessionsPerHalfHour * TRAFFIC_SHARE && users > 0;
  return unlikely && trafficGoesOn ? "stopped" : "unknown";
}

/**
 * One realtime poll: raises a critical `checkout_stopped` alert (key "checkout") when
 * purchases stop while traffic goes on, keeps its details current while it lasts, and
 * resolves it at the first purchase. Undefined when nothing changes.
 */
export async function watchCheckout(input: {
  shop: ShopConfig;
  db: Db;
  store: MetricStore;
  clock: Clock;
  minutes: RealtimeMinute[];
}): Promise<IncidentDecision | undefined> {
  const { shop, clock } = input;
  const now = clock.now();
  const alerts = createAlertStore(input.db);
  const open = (await alerts.unresolved(shop.id)).find((a) => a.incidentKey === CHECKOUT_KEY);
  const baseline = await checkoutBaseline(input.store, shop, now);
  const counts = await alerts.feedbackCounts(shop.id, new Date(now.getTime() - FEEDBACK_MEMORY_DAYS * 86_400_000));
  const verdict = judgeCheckout(
    input.minutes,
    baseline,
    effectiveThreshold(shop, "transactions", counts.transactions ?? 0),
  );

  if (verdict === "flowing" && open) {
    const resolved = (await alerts.update(open.id, { status: "resolved", resolvedAt: now })) ?? open;
    return { alert: resolved, action: open.messageTs ? "resolve" : "none" };
  }
  if (verdict !== "stopped" || !baseline) return undefined;

  const users = input.minutes.reduce((s, m) => s + m.activeUsers, 0);
  const minuteLabel = (ago: number) => {
    const t = localClock(new Date(now.getTime() - ago * 60_000), shop.timezone);
    return `${t.day}T${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`;
  };
  const common: Omit<Finding, "kind" | "metric" | "actual" | "expected" | "direction" | "severity"> = {
    unit: "count",
    granularity: "minute",
    from: open?.details.findings[0]?.from ?? minuteLabel(29),
    to: minuteLabel(0),
    peak: minuteLabel(0),
    low: null,
    high: null,
    score: 1,
    confidence: Math.min(1, baseline.weeks / 4),
    promo: false,
    drillDown: [],
  };
  const findings: Finding[] = [
    {
      ...common,
      kind: "checkout_stopped",
      metric: "transactions",
      actual: 0,
      expected: round(baseline.purchasesPerHalfHour),
      direction: "down",
      severity: "critical",
    },
    {
      ...common,
      kind: "checkout_stopped",
      metric: "activeUsers",
      actual: users,
      expected: round(baseline.sessionsPerHalfHour),
      direction: "none",
      severity: "info",
    },
  ];
  const incident: Incident = {
    key: CHECKOUT_KEY,
    kind: "checkout_stopped",
    severity: "critical",
    details: { findings, recovered: [] },
  };
  if (!open) return { alert: await alerts.create(shop.id, incident, now), action: "post" };
  let action: AlertAction = open.messageTs === undefined ? "post" : "update";
  const patch: AlertPatch = { details: incident.details };
  if (open.status === "expected") action = "none";
  if (open.status === "snoozed") {
    const snoozing = open.snoozedUntil !== undefined && open.snoozedUntil > now;
    if (snoozing) action = "none";
    else Object.assign(patch, { status: "open", snoozedUntil: undefined });
    if (!snoozing) action = "post";
  }
  const alert = (await alerts.update(open.id, patch)) ?? open;
  return { alert, action };
}

const round = (v: number) => Math.round(v * 10) / 10;
