import { alertThreshold, type Direction, SEVERITIES, type Sensitivity, type Severity } from "./anomaly-score.ts";
import type { Detection } from "./detection.ts";

/** Consecutive anomalous points of one series: one incident, not one alert per bucket. */
export type AnomalyEvent = {
  /** First and last anomalous point (inclusive indices). */
  start: number;
  end: number;
  /** The most anomalous point and its score. */
  peak: number;
  peakScore: number;
  /** Direction at the peak. */
  direction: Direction;
  /** The highest severity inside the event. */
  severity: Severity;
};

export type EventOptions = {
  /** Points at or above this score are anomalous; default: the threshold of `sensitivity`. */
  threshold?: number;
  sensitivity?: Sensitivity;
  /** Calm or missing points an event may span without ending (default 2). */
  maxGap?: number;
};

/**
 * Spans `[start, end]` (inclusive) of points scoring at least `threshold`, merging spans
 * separated by at most `maxGap` points below it. Used for alerts and by the benchmark.
 */
export function eventSpans(score: ArrayLike<number>, threshold: number, maxGap = 2): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let start = -1;
  let last = -1;
  for (let i = 0; i < score.length; i++) {
    if (!((score[i] as number) >= threshold)) continue;
    if (start >= 0 && i - last - 1 <= maxGap) {
      last = i;
      continue;
    }
    if (start >= 0) spans.push([start, last]);
    start = i;
    last = i;
  }
  if (start >= 0) spans.push([start, last]);
  return spans;
}

/** Groups a detection's anomalous points into events (see `eventSpans`). */
export function groupAnomalyEvents(detection: Detection, options: EventOptions = {}): AnomalyEvent[] {
  const threshold = options.threshold ?? alertThreshold(options.sensitivity);
  return eventSpans(detection.score, threshold, options.maxGap ?? 2).map(([start, end]) => {
    let peak = start;
    let severity = 0;
    for (let i = start; i <= end; i++) {
      if ((detection.score[i] as number) > (detection.score[peak] as number)) peak = i;
      severity = Math.max(severity, detection.severity[i] as number);
    }
    const d = detection.direction[peak] as number;
    return {
      start,
      end,
      peak,
      peakScore: detection.score[peak] as number,
      direction: d > 0 ? "up" : d < 0 ? "down" : "none",
      severity: SEVERITIES[severity] ?? "none",
    };
  });
}
