import type { Sensitivity } from "./anomaly-score.ts";
import { createSeriesDetector } from "./create-series-detector.ts";
import { createDetection, type Detection } from "./detection.ts";
import { seriesLayout } from "./series-layout.ts";

/** A promo (or any period with an expected uplift), `[from, to)` in wall-clock milliseconds. */
export type PromoWindow = { from: number; to: number };

/**
 * A regular series: point i is the bucket starting at `start + i × intervalMs`.
 * Times are wall-clock milliseconds: the shop's local time written as if it were UTC (see
 * `wallClockMs`), so that "Monday 09:00" means the shop's Monday morning.
 */
export type SeriesInput = {
  start: number;
  intervalMs: number;
  /** null, undefined or NaN = no data for that bucket (a pull failed, GA4 not processed yet); 0 is a real zero. */
  values: ArrayLike<number | null | undefined>;
  /**
   * For rates judged with their counts: `values` are then the numerators (e.g. transactions)
   * and these the denominators (e.g. sessions); the detector judges values[i] / denominators[i].
   */
  denominators?: ArrayLike<number | null | undefined>;
  /** Periods where an uplift is expected: up-moves are not anomalies there, drops still are. */
  promos?: readonly PromoWindow[];
};

export type DetectAnomaliesOptions = {
  /** From the shop's `alerts.sensitivity` for this metric. */
  sensitivity?: Sensitivity;
};

/**
 * Scores every point of a regular series (5-minute to daily, or coarser) in one causal pass:
 * point i's verdict uses points 0..i only, exactly as if the series had arrived one bucket at a
 * time. For rates, `expected`, `low` and `high` are rates too. O(n) time.
 */
export function detectAnomalies(input: SeriesInput, options: DetectAnomaliesOptions = {}): Detection {
  const { values, denominators, start, intervalMs } = input;
  const n = values.length;
  const rate = denominators !== undefined;
  const detector = createSeriesDetector(seriesLayout(intervalMs), { sensitivity: options.sensitivity, rate });
  const out = createDetection(n);
  const promo = promoMask(input.promos ?? [], start, intervalMs, n);
  for (let i = 0; i < n; i++) {
    const raw = values[i];
    let value = raw === null || raw === undefined ? Number.NaN : raw;
    let denominator = Number.NaN;
    if (rate) {
      const d = denominators[i];
      denominator = d === null || d === undefined ? Number.NaN : d;
      value = denominator > 0 ? value / denominator : Number.NaN;
    }
    detector.step(start + i * intervalMs, value, denominator, promo[i] === 1, out, i);
  }
  return out;
}

/** 1 for every bucket whose start lies in a promo window. */
function promoMask(promos: readonly PromoWindow[], start: number, intervalMs: number, n: number): Uint8Array {
  const mask = new Uint8Array(n);
  for (const { from, to } of promos) {
    const first = Math.max(0, Math.ceil((from - start) / intervalMs));
    const end = Math.min(n, Math.ceil((to - start) / intervalMs));
    mask.fill(1, first, Math.max(first, end));
  }
  return mask;
}

/**
 * Wall-clock milliseconds of a shop-local bucket label: "2026-11-21" (a day) or
 * "2026-11-21T14" (an hour), read as if it were UTC.
 */
export function wallClockMs(bucket: string): number {
  const iso = bucket.length === 10 ? `${bucket}T00:00:00Z` : `${bucket.slice(0, 13)}:00:00Z`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not a bucket: "${bucket}"`);
  return ms;
}
