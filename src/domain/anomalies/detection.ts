import { type Direction, SEVERITIES, type Severity } from "./anomaly-score.ts";

/**
 * The detector's verdict on every point of a series, column by column (typed arrays, so that
 * thousands of long series stay cheap). Index i is the series' point i.
 *
 * - `score` in [0, 1]: how anomalous the point is (0.5 = the default alert line).
 * - `expected`, `low`, `high`: what the detector expected before seeing the point, and the range
 *   outside which it would reach the alert threshold; NaN before there is any history.
 * - `direction`: 1 above expected, −1 below, 0 when not anomalous or missing.
 * - `severity`: index into SEVERITIES (none, info, warning, critical).
 * - `confidence` in [0, 1]: how much history the expectation rests on.
 * - `missing`: 1 where there was no value (not the same as a true 0, which is scored).
 */
export type Detection = {
  length: number;
  score: Float64Array;
  expected: Float64Array;
  low: Float64Array;
  high: Float64Array;
  confidence: Float64Array;
  direction: Int8Array;
  severity: Uint8Array;
  missing: Uint8Array;
};

/** One point of a Detection as a plain object. */
export type AnomalyPoint = {
  index: number;
  score: number;
  expected: number;
  low: number;
  high: number;
  direction: Direction;
  severity: Severity;
  confidence: number;
  missing: boolean;
};

export function createDetection(length: number): Detection {
  return {
    length,
    score: new Float64Array(length),
    expected: new Float64Array(length),
    low: new Float64Array(length),
    high: new Float64Array(length),
    confidence: new Float64Array(length),
    direction: new Int8Array(length),
    severity: new Uint8Array(length),
    missing: new Uint8Array(length),
  };
}

export function pointAt(detection: Detection, index: number): AnomalyPoint {
  const d = detection.direction[index] ?? 0;
  return {
    index,
    score: detection.score[index] ?? 0,
    expected: detection.expected[index] ?? Number.NaN,
    low: detection.low[index] ?? Number.NaN,
    high: detection.high[index] ?? Number.NaN,
    direction: d > 0 ? "up" : d < 0 ? "down" : "none",
    severity: SEVERITIES[detection.severity[index] ?? 0] ?? "none",
    confidence: detection.confidence[index] ?? 0,
    missing: detection.missing[index] === 1,
  };
}

/** Every point as a plain object (for small series: messages, tests, JSON). */
export function toPoints(detection: Detection): AnomalyPoint[] {
  return Array.from({ length: detection.length }, (_, i) => pointAt(detection, i));
}
