import { createSeriesDetector, type SeriesDetector } from "./create-series-detector.ts";
import { createDetection, type Detection } from "./detection.ts";
import { DAY_MS, seriesLayout } from "./series-layout.ts";

/** Rows whose timestamp differences settle the series' interval (see scoreTimestampedValues). */
const INTERVAL_ROWS = 16;

/**
 * Anomaly scores for rows of any timestamped series, one score per row in the given order —
 * duplicates, gaps and irregular spacing included. `times` are wall-clock milliseconds (NaN when
 * a row's time could not be read: it scores 0 and teaches nothing); `values` NaN when missing
 * (scores 0, unlike a real 0).
 *
 * Strictly causal, like a live run: row i's score depends on rows 0..i only. The interval the
 * detector is laid out for is the median gap between the first rows; up to the 16th row it is
 * re-derived from the rows seen so far (and those rows replayed), after that it is fixed.
 */
export function scoreTimestampedValues(times: ArrayLike<number>, values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const scores = new Float64Array(n);
  const out = createDetection(n);
  let fixed: SeriesDetector | undefined;
  for (let i = 0; i < n; i++) {
    if (fixed) {
      if (Number.isFinite(times[i] as number)) {
        fixed.step(times[i] as number, values[i] as number, Number.NaN, false, out, i);
        scores[i] = out.score[i] as number;
      }
      continue;
    }
    // Early rows: lay the detector out for the interval seen so far and replay rows 0..i.
    const detector = createSeriesDetector(seriesLayout(medianInterval(times, i + 1)));
    const scratch = createDetection(i + 1);
    replay(detector, times, values, 0, i + 1, scratch);
    scores[i] = Number.isFinite(times[i] as number) ? (scratch.score[i] as number) : 0;
    if (i + 1 >= INTERVAL_ROWS) fixed = detector;
  }
  return scores;
}

function replay(
  detector: SeriesDetector,
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  from: number,
  to: number,
  out: Detection,
): void {
  for (let k = from; k < to; k++) {
    const t = times[k] as number;
    if (Number.isFinite(t)) detector.step(t, values[k] as number, Number.NaN, false, out, k);
  }
}

/** Median positive gap between consecutive readable times among the first `count` rows; a day if none. */
export function medianInterval(times: ArrayLike<number>, count: number): number {
  const gaps: number[] = [];
  let last = Number.NaN;
  for (let k = 0; k < Math.min(count, times.length); k++) {
    const t = times[k] as number;
    if (!Number.isFinite(t)) continue;
    if (Number.isFinite(last) && t > last) gaps.push(t - last);
    last = t;
  }
  if (gaps.length === 0) return DAY_MS;
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  return gaps.length % 2 ? (gaps[mid] as number) : ((gaps[mid - 1] as number) + (gaps[mid] as number)) / 2;
}
