/**
 * How a standardized deviation `z` (|actual − expected| in predictive standard deviations)
 * becomes an anomaly score in [0, 1], and how a score becomes a severity.
 *
 * The score is the same whatever a metric's sensitivity: sensitivity only moves the score at
 * which a point counts as an alert (`alertThreshold`). Score 0.5 is the default alert line.
 */

/** Below this many standard deviations a point scores 0. */
const Z_FLOOR = 2;
/** A point this many (robust, predictive) standard deviations away scores 0.5. */
export const Z_ALERT = 4.5;

export type Sensitivity = "low" | "normal" | "high" | number;
export type Severity = "none" | "info" | "warning" | "critical";
export const SEVERITIES: readonly Severity[] = ["none", "info", "warning", "critical"];
export type Direction = "up" | "down" | "none";

/** Score from z: 0 up to Z_FLOOR, 0.5 at Z_ALERT, 0.8 at 7, 0.9 at ~9.5, → 1. Monotone. */
export function scoreFromZ(z: number): number {
  const x = z - Z_FLOOR;
  if (!(x > 0)) return 0;
  const a = Z_ALERT - Z_FLOOR;
  return (x * x) / (x * x + a * a);
}

/** The z at which `scoreFromZ` reaches `score` (0 < score < 1). */
export function zFromScore(score: number): number {
  const s = Math.min(Math.max(score, 1e-9), 1 - 1e-9);
  return Z_FLOOR + (Z_ALERT - Z_FLOOR) * Math.sqrt(s / (1 - s));
}

/** The score from which a point is an alert: 0.5 normally, 0.65 for "low", 0.35 for "high". */
export function alertThreshold(sensitivity: Sensitivity = "normal"): number {
  if (typeof sensitivity === "number") return Math.min(Math.max(sensitivity, 0.01), 0.99);
  return sensitivity === "low" ? 0.65 : sensitivity === "high" ? 0.35 : 0.5;
}

/**
 * Severity of a scored point: none below the alert threshold; critical from 60 % of the way
 * between the threshold and 1 (0.8 at the default threshold); warning in between. While the
 * detector has little history (confidence < 0.5) each is one step milder: what would be
 * critical is a warning, a warning is info.
 */
export function severityOf(score: number, confidence: number, threshold: number): Severity {
  return SEVERITIES[severityCode(score, confidence, threshold)] ?? "none";
}

/** Severity as its index in SEVERITIES (0 none … 3 critical), for the columnar output. */
export function severityCode(score: number, confidence: number, threshold: number): number {
  if (!(score >= threshold)) return 0;
  const critical = score >= threshold + (1 - threshold) * 0.6;
  if (confidence < 0.5) return critical ? 2 : 1;
  return critical ? 3 : 2;
}
