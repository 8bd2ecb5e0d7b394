import { wallClockMs } from "../anomalies/detect-anomalies.ts";
import type { MetricStore } from "../metrics/metric-store.ts";
import type { Granularity } from "../metrics/observation.ts";

const INTERVAL_MS: Record<Granularity, number> = { day: 86_400_000, hour: 3_600_000 };

/**
 * A regular run of local buckets, `from`..`to` inclusive, stepped in wall-clock time (the
 * shop's local time written as UTC), as the detector expects. On a DST spring-forward day the
 * skipped hour is a bucket without data; on fall-back the repeated hour is one bucket.
 */
export type SeriesWindow = { granularity: Granularity; buckets: string[]; start: number; intervalMs: number };

export function seriesWindow(granularity: Granularity, from: string, to: string): SeriesWindow {
  const intervalMs = INTERVAL_MS[granularity];
  const start = wallClockMs(from);
  const end = wallClockMs(to);
  const buckets: string[] = [];
  for (let t = start; t <= end; t += intervalMs) buckets.push(bucketLabel(granularity, t));
  return { granularity, buckets, start, intervalMs };
}

/** The local bucket label of a wall-clock instant. */
export function bucketLabel(granularity: Granularity, wallMs: number): string {
  const iso = new Date(wallMs).toISOString();
  return granularity === "day" ? iso.slice(0, 10) : iso.slice(0, 13);
}

/** Values per metric and dimension value, aligned with the window's buckets; NaN where no row exists. */
export type SeriesTable = Map<string, Map<string, Float64Array>>;

export async function loadSeriesTable(
  store: MetricStore,
  shopId: string,
  window: SeriesWindow,
  metrics: string[],
  dimension = "",
): Promise<SeriesTable> {
  const index = new Map(window.buckets.map((b, i) => [b, i]));
  const n = window.buckets.length;
  const table: SeriesTable = new Map();
  const points = await store.series({
    shopId,
    granularity: window.granularity,
    from: window.buckets[0] ?? "",
    to: window.buckets[n - 1] ?? "",
    dimension,
    metrics,
  });
  for (const p of points) {
    const i = index.get(p.bucket);
    if (i === undefined) continue;
    const byValue = table.get(p.metric) ?? new Map<string, Float64Array>();
    table.set(p.metric, byValue);
    const values = byValue.get(p.dimensionValue) ?? new Float64Array(n).fill(Number.NaN);
    byValue.set(p.dimensionValue, values);
    values[i] = p.value;
  }
  return table;
}

/** Index of the last bucket holding a value, or -1. */
export function lastPresent(values: ArrayLike<number>): number {
  for (let i = values.length - 1; i >= 0; i--) if (!Number.isNaN(values[i] as number)) return i;
  return -1;
}

/**
 * Absent buckets from the first value up to `coveredThrough` become true zeros: sources
 * leave out rows whose figures are all zero, so a gap inside a range a source reported is 0,
 * while a gap after it (a failed pull, GA4 still processing) stays missing (NaN) and is never
 * scored as a drop. Buckets before the first value (before the shop had data) stay missing.
 */
export function fillZeros(
  values: Float64Array,
  coveredThrough: number,
  firstIndex = firstPresent(values),
): Float64Array {
  const out = Float64Array.from(values);
  if (firstIndex < 0) return out;
  const last = Math.min(coveredThrough, out.length - 1);
  for (let i = firstIndex; i <= last; i++) if (Number.isNaN(out[i] as number)) out[i] = 0;
  return out;
}

/** Index of the first bucket holding a value, or -1. */
export function firstPresent(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i] as number)) return i;
  return -1;
}
