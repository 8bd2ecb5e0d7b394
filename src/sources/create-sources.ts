import type { Env } from "../config/env-schema.ts";
import { type Clock, systemClock } from "../shared/clock.ts";
import type { Logger } from "../shared/logger.ts";
import { createGa4Source } from "./ga4/ga4-source.ts";
import { createGoogleAdsSource } from "./google-ads/google-ads-source.ts";
import type { RetryOptions } from "./http-retry.ts";
import { createMetaSource } from "./meta/meta-source.ts";
import type { MetricSource } from "./metric-source.ts";

export type SourcesOptions = {
  /** Retry policy of every source; tests pass a `sleep` that does not wait. */
  retry?: RetryOptions;
  ga4?: { pageSize?: number; quotaPauseMs?: number };
  meta?: { pageSize?: number };
};

/**
 * The external sources (GA4, Google Ads, Meta), always all of them: whether one applies to a
 * shop is `isConfigured(shop)` (shop ids and credentials present), so `doctor` can say what
 * is missing. API endpoints and credentials come from `env`.
 */
export function createSources(
  env: Env,
  logger: Logger,
  clock: Clock = systemClock,
  options: SourcesOptions = {},
): MetricSource[] {
  const base = { env, logger, clock, retry: options.retry };
  return [
    createGa4Source({ ...base, ...options.ga4 }),
    createGoogleAdsSource(base),
    createMetaSource({ ...base, ...options.meta }),
  ];
}
