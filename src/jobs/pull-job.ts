import type { Deps } from "../deps.ts";
import { createMetricStore } from "../domain/metrics/metric-store.ts";
import { type PullOutcome, pullRecent } from "../domain/metrics/pull-shop.ts";
import { createSourceStateStore } from "../domain/metrics/source-state-store.ts";
import type { ScheduledJob } from "./scheduler.ts";

/** Runs after each shop's pull (detection and alerts), with what the pull did. */
export type AfterPull = (shopId: string, outcomes: PullOutcome[]) => Promise<void>;

/**
 * One job per shop on its `pulls.cron` (default hourly at :15, in the shop's time zone):
 * re-pulls the last 3 days daily and hourly, overwriting what GA4 has revised since.
 */
export function createPullJobs(deps: Deps, afterPull: AfterPull = async () => {}): ScheduledJob[] {
  const store = createMetricStore(deps.db);
  const sourceStates = createSourceStateStore(deps.db);
  return deps.config.shops.map((shop) => ({
    key: `pull:${shop.id}`,
    cron: shop.pulls.cron,
    timezone: shop.timezone,
    async run() {
      const { day, hour } = await pullRecent({
        shop,
        sources: deps.sources,
        store,
        sourceStates,
        clock: deps.clock,
        logger: deps.logger,
      });
      const outcomes = [...day, ...hour];
      for (const outcome of outcomes) deps.metrics.pulls.inc({ source: outcome.source, outcome: outcome.status });
      await afterPull(shop.id, outcomes);
    },
  }));
}
