import type { Day } from "../../shared/time.ts";

export const SOURCE_IDS = ["ga4", "google-ads", "meta", "csv", "demo"] as const;
export type SourceId = (typeof SOURCE_IDS)[number];

export type Granularity = "day" | "hour";

/** The dimension of a shop-wide total. */
export const TOTAL = "";

/**
 * One figure for one bucket: "sessions from Paid Search on 2026-11-21 was 1,234".
 * `bucket` is local to the shop (`YYYY-MM-DD` for days, `YYYY-MM-DDTHH` for hours) and
 * `bucketStart` is the same bucket's start as a UTC instant. `value` is in natural units:
 * counts, seconds, or currency units for money (the store keeps money exact as micros).
 */
export type Observation = {
  shopId: string;
  source: SourceId;
  metric: string;
  /** "" for the shop total, else e.g. "channel_group", "campaign", "device". */
  dimension: string;
  /** "" for the shop total, else e.g. "Paid Search". */
  dimensionValue: string;
  granularity: Granularity;
  bucket: string;
  bucketStart: Date;
  value: number;
};

export type DayRange = { from: Day; to: Day };
