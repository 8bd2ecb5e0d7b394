import type { ShopConfig } from "../config/shops-schema.ts";
import type { DayRange, Granularity, Observation, SourceId } from "../domain/metrics/observation.ts";

export type PullRequest = {
  shop: ShopConfig;
  /** Local days in the shop's time zone, both ends included. */
  range: DayRange;
  granularity: Granularity;
  signal?: AbortSignal;
};

export type PullResult = {
  observations: Observation[];
  /** Things a person should know that did not stop the pull (e.g. a currency mismatch). */
  warnings: string[];
};

/**
 * The one interface every data source implements: a shop's configuration and a range of
 * local days in, observations out. Sources do no storage; failures are thrown as
 * `SourceError` (src/sources/source-error.ts) so the caller can tell auth problems from
 * quota from outages.
 */
export type MetricSource = {
  id: SourceId;
  /** Whether this shop has this source configured (and credentials exist). */
  isConfigured(shop: ShopConfig): boolean;
  pull(request: PullRequest): Promise<PullResult>;
};
