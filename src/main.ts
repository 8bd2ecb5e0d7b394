import { secretsOf } from "./config/env-schema.ts";
import { type Config, ConfigError, loadConfig, parseEnv, slackProblems } from "./config/load-config.ts";
import { createDeps } from "./create-deps.ts";
import { migrate } from "./db/migrate.ts";
import { createAfterPull, createCheckoutWatchJobs } from "./jobs/alert-job.ts";
import { syncDigestJobs } from "./jobs/digest-job.ts";
import { createPullJobs } from "./jobs/pull-job.ts";
import { createReminderJobs } from "./jobs/reminders-job.ts";
import { createScheduler, type ScheduledJob } from "./jobs/scheduler.ts";
import { createLogger } from "./shared/logger.ts";
import { createSlackApp } from "./slack/create-slack-app.ts";
import type { SlackDeps } from "./slack/publish/publisher.ts";

/** SIGTERM must end the process within this, drained or not. */
const SHUTDOWN_DEADLINE_MS = 9_000;

/** The fixed jobs of a running instance; digest jobs follow the subscriptions (syncDigestJobs). */
function scheduledJobs(deps: SlackDeps): ScheduledJob[] {
  return [
    ...createPullJobs(deps, createAfterPull(deps)),
    ...createCheckoutWatchJobs(deps),
    ...createReminderJobs(deps),
  ];
}

const DIGEST_SYNC_MS = 60_000;

/**
 * `npm start`: config → migrations → deps → Slack app + scheduler. Bad configuration exits
 * with code 2 and one line per problem; SIGTERM drains in-flight work and exits.
 */
async function main(): Promise<void> {
  const problems: string[] = [];
  let config: Config | undefined;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  try {
    problems.push(...slackProblems(parseEnv(process.env)));
  } catch {
    // the environment's own problems are already in the list
  }
  if (!config || problems.length > 0) {
    for (const problem of problems) console.error(problem);
    process.exit(2);
  }
  const logger = createLogger({ level: config.env.LOG_LEVEL, secrets: secretsOf(config.env) });
  const applied = await migrate(config.env.DATABASE_URL);
  if (applied.length > 0) logger.info({ migrations: applied }, "migrations applied");

  const deps = await createDeps(config, { logger });
  const scheduler = createScheduler(deps);
  const refreshDigests = () => syncDigestJobs(slack.deps, scheduler);
  const slack = createSlackApp(deps, { schedules: { refreshDigests } });
  for (const job of scheduledJobs(slack.deps)) scheduler.add(job);
  await refreshDigests();
  const digestSync = setInterval(() => {
    refreshDigests().catch((error: unknown) => logger.warn({ err: error }, "digest schedule sync failed"));
  }, DIGEST_SYNC_MS);
  digestSync.unref();
  const { port } = await slack.start();
  logger.info(
    { mode: config.env.SLACK_MODE, port, shops: config.shops.length, instance: deps.instanceId },
    "ShopOps ready",
  );
  scheduler.catchUp().then(
    (caught) => logger.info({ ran: caught.length }, "missed slots checked"),
    (error: unknown) => logger.warn({ err: error }, "catching up missed slots failed"),
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
    clearInterval(digestSync);
    await slack.stop().catch((error: unknown) => logger.warn({ err: error }, "slack stop failed"));
    await scheduler.stop();
    await deps.close();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
