import { z } from "zod";

export const ALERT_KINDS = [
  "anomaly",
  "tracking_outage",
  "stale_source",
  "spend_without_conversions",
  "cost_mismatch",
  "checkout_stopped",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_SEVERITIES = ["info", "warning", "critical"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export type AlertStatus = "open" | "acknowledged" | "snoozed" | "expected" | "resolved";

/** One dimension value's share of a KPI's deviation ("Paid Search accounts for 81 % of the drop"). */
export const DrillDownSchema = z.object({
  dimension: z.string(),
  value: z.string(),
  actual: z.number(),
  expected: z.number(),
  /** Share (0..1) of the total deviation this value explains. */
  share: z.number(),
});
export type DrillDown = z.infer<typeof DrillDownSchema>;

/**
 * One thing found wrong: a KPI outside its expected range, or a data-quality problem.
 * Buckets are local to the shop ("2026-11-21" or "2026-11-21T14"); checkout findings use the
 * local minute ("2026-11-21T14:05"). Numbers are in natural units (money in currency units,
 * rates as fractions); null where a figure does not apply.
 */
export const FindingSchema = z.object({
  kind: z.enum(ALERT_KINDS),
  /** A KPI id (revenue, conversionRate, …), or what a data-quality finding is about (sessions, a source id). */
  metric: z.string(),
  unit: z.enum(["money", "count", "ratio", "seconds"]),
  granularity: z.enum(["day", "hour", "minute"]),
  /** The anomalous span, inclusive, and its most anomalous bucket. */
  from: z.string(),
  to: z.string(),
  peak: z.string(),
  actual: z.number().nullable(),
  expected: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  direction: z.enum(["up", "down", "none"]),
  severity: z.enum(ALERT_SEVERITIES),
  /** Anomaly score (0..1) and how much history it rests on (0..1). */
  score: z.number(),
  confidence: z.number(),
  /** The span lies in a promo from the calendar. */
  promo: z.boolean().default(false),
  drillDown: z.array(DrillDownSchema).default([]),
  /** What a data-quality finding names: the stale source id, the campaign spending without conversions. */
  subject: z.string().optional(),
  /** stale_source: the source's last successful pull (ISO instant; null = never). */
  lastSuccessAt: z.string().nullable().optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** What the Alert row's `details` column holds. */
export const IncidentDetailsSchema = z.object({
  findings: z.array(FindingSchema),
  /** Metrics that were part of the incident and are back to normal. */
  recovered: z.array(z.string()).default([]),
});
export type IncidentDetails = z.infer<typeof IncidentDetailsSchema>;

/** Correlated findings of one time window: what one Slack message is about. */
export type Incident = {
  /** Stable across evaluations while the incident lasts, e.g. "kpi:hour:2026-11-21T14", "stale:ga4". */
  key: string;
  kind: AlertKind;
  severity: AlertSeverity;
  details: IncidentDetails;
};

const RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

export function maxSeverity(severities: Iterable<AlertSeverity>): AlertSeverity {
  let best: AlertSeverity = "info";
  for (const s of severities) if (RANK[s] > RANK[best]) best = s;
  return best;
}

export function isMoreSevere(a: AlertSeverity, b: AlertSeverity): boolean {
  return RANK[a] > RANK[b];
}
