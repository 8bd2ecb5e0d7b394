import type { ShopConfig } from "../../config/shops-schema.ts";
import { localClock } from "../../shared/time.ts";
import { alertThreshold, type Sensitivity } from "../anomalies/anomaly-score.ts";
import type { AlertSeverity } from "./incident.ts";

/** Feedback older than this no longer lowers a metric's sensitivity. */
export const FEEDBACK_MEMORY_DAYS = 90;
/** However often a metric was called a false alarm, its alert line stays below this score. */
const MAX_THRESHOLD = 0.9;
/** Each feedback closes this share of the remaining gap between the threshold and MAX_THRESHOLD. */
const STEP = 0.25;

/**
 * The score threshold for `metric`: the shop's `alerts.sensitivity` for it (low / normal /
 * high or an explicit threshold), raised by each recent "expected" or "false alarm"
 * feedback, so a metric that keeps crying wolf needs a stronger deviation next time.
 * 0.5 → 0.6 → 0.675 → 0.73 … never above 0.9.
 */
export function effectiveThreshold(shop: ShopConfig, metric: string, feedbackCount = 0): number {
  const configured = shop.alerts.sensitivity[metric] as Sensitivity | undefined;
  const base = alertThreshold(configured);
  if (feedbackCount <= 0 || base >= MAX_THRESHOLD) return base;
  return base + (MAX_THRESHOLD - base) * (1 - (1 - STEP) ** feedbackCount);
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether local `hh:mm` of `at` lies in [from, to), a range that may wrap midnight ("22:00"–"07:00"). */
export function isWithinLocalHours(at: Date, timeZone: string, range: { from: string; to: string }): boolean {
  const { hour, minute } = localClock(at, timeZone);
  const now = hour * 60 + minute;
  const from = minutesOf(range.from);
  const to = minutesOf(range.to);
  if (from === to) return false;
  return from < to ? now >= from && now < to : now >= from || now < to;
}

/** Whether an alert of `severity` may be posted at `at`: critical always, others outside the shop's quiet hours. */
export function mayPostNow(shop: ShopConfig, severity: AlertSeverity, at: Date): boolean {
  const quiet = shop.alerts.quietHours;
  if (severity === "critical" || !quiet) return true;
  return !isWithinLocalHours(at, shop.timezone, quiet);
}
