import { hostname } from "node:os";
import { secretsOf } from "./config/env-schema.ts";
import type { Config } from "./config/load-config.ts";
import { createDb } from "./db/create-db.ts";
import type { Deps } from "./deps.ts";
import { syncMediaPlanFromConfig } from "./domain/media-plan/sync-media-plan.ts";
import { syncShops } from "./domain/shops/shop-store.ts";
import { type Clock, systemClock } from "./shared/clock.ts";
import { createLogger, type Logger } from "./shared/logger.ts";
import { createMetrics } from "./shared/metrics.ts";
import { createSources } from "./sources/create-sources.ts";
import { createDemoSource } from "./sources/demo/demo-source.ts";

export type OwnedDeps = Deps & { close(): Promise<void> };

/**
 * The composition shared by `npm start` and the CLI: logger, database (already migrated by
 * the caller), every data source, metrics. The caller owns the result and closes it.
 */
export async function createDeps(
  config: Config,
  options: { logger?: Logger; clock?: Clock; poolSize?: number } = {},
): Promise<OwnedDeps> {
  const logger = options.logger ?? createLogger({ level: config.env.LOG_LEVEL, secrets: secretsOf(config.env) });
  const clock = options.clock ?? systemClock;
  const db = await createDb(config.env.DATABASE_URL, { poolSize: options.poolSize ?? 10 });
  // The YAML is the source of shops and planned budgets; mirror them before anything reads them.
  await syncShops(db, config.shops);
  for (const shop of config.shops) await syncMediaPlanFromConfig({ db }, shop);
  return {
    config,
    db,
    clock,
    logger,
    sources: [...createSources(config.env, logger, clock), createDemoSource(clock)],
    metrics: createMetrics(),
    instanceId: config.env.SHOPOPS_INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    close: () => db.close(),
  };
}
