import type { Config } from "./config/load-config.ts";
import type { Db } from "./db/create-db.ts";
import type { Clock } from "./shared/clock.ts";
import type { Logger } from "./shared/logger.ts";
import type { Metrics } from "./shared/metrics.ts";
import type { MetricSource } from "./sources/metric-source.ts";

/**
 * Everything a Slack handler, a job or a CLI command needs, built once in main.ts (or the
 * CLI) and passed down. No module-level singletons. The Slack publisher is added where Slack
 * is configured: see SlackDeps in src/slack/publish/publisher.ts.
 */
export type Deps = {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  sources: MetricSource[];
  metrics: Metrics;
  /** Identifies this process among several instances (job runs, delivery claims). */
  instanceId: string;
};
