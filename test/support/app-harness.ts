import { Writable } from "node:stream";
import type { Config } from "../../src/config/load-config.ts";
import { parseEnv } from "../../src/config/load-config.ts";
import type { ShopConfig } from "../../src/config/shops-schema.ts";
import type { Db } from "../../src/db/create-db.ts";
import type { Deps } from "../../src/deps.ts";
import { type Clock, systemClock } from "../../src/shared/clock.ts";
import { createLogger } from "../../src/shared/logger.ts";
import { createMetrics } from "../../src/shared/metrics.ts";
import { createSlackApp, type SlackApp } from "../../src/slack/create-slack-app.ts";
import type { SlackDeps } from "../../src/slack/publish/publisher.ts";
import type { MetricSource } from "../../src/sources/metric-source.ts";
import { buildShop } from "../builders/shop.ts";
import { type FakeSlack, startFakeSlack } from "../fakes/fake-slack.ts";
import { createSlackSender, type SlackSender } from "./slack-requests.ts";

export const TEST_BOT_TOKEN = "xoxb-1111-2222-test-bot-token";
export const TEST_SIGNING_SECRET = "test-signing-secret-0123456789";

export type TestApp = {
  url: string;
  slack: FakeSlack;
  send: SlackSender;
  deps: SlackDeps;
  app: SlackApp;
  /** Every JSON log line the app wrote. */
  logs: string[];
  stop(): Promise<void>;
};

/**
 * The real Bolt app in HTTP mode on 127.0.0.1:0, talking to a fresh fake Slack, on the
 * given test database. Requests go in signed; assertions read the fake's calls and the DB.
 */
export async function startTestApp(options: {
  db: Db;
  shops?: ShopConfig[];
  clock?: Clock;
  sources?: MetricSource[];
  env?: Record<string, string>;
}): Promise<TestApp> {
  const slack = await startFakeSlack();
  const logs: string[] = [];
  const env = parseEnv({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_MODE: "http",
    PORT: "0",
    HOST: "127.0.0.1",
    SLACK_API_URL: slack.apiUrl,
    DATABASE_URL: options.db.url,
    LOG_LEVEL: "debug",
    ...options.env,
  });
  const config: Config = { env, shops: options.shops ?? [buildShop()] };
  const logger = createLogger({
    level: "debug",
    secrets: [TEST_BOT_TOKEN, TEST_SIGNING_SECRET],
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(...chunk.toString("utf8").split("\n").filter(Boolean));
        done();
      },
    }),
  });
  const deps: Deps = {
    config,
    db: options.db,
    clock: options.clock ?? systemClock,
    logger,
    sources: options.sources ?? [],
    metrics: createMetrics(),
    instanceId: `test-${process.pid}`,
  };
  // Fast retries and no spacing of posts: the fake answers at once, and tests must not wait
  // (the spacing itself is tested in publisher.test.ts).
  const app = createSlackApp(deps, {
    retryConfig: { retries: 3, factor: 1, minTimeout: 5, maxTimeout: 20 },
    channelPostIntervalMs: 0,
  });
  const { port } = await app.start();
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    slack,
    send: createSlackSender({ appUrl: url, signingSecret: TEST_SIGNING_SECRET, responseUrl: slack.responseUrl() }),
    deps: app.deps,
    app,
    logs,
    async stop() {
      await app.stop();
      await slack.close();
    },
  };
}
