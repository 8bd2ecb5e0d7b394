import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, type Receiver, SocketModeReceiver } from "@slack/bolt";
import webApi, { type RetryOptions, type WebClientOptions } from "@slack/web-api";
import type { Deps } from "../deps.ts";
import { toBoltLogger } from "./bolt-logger.ts";
import { createOpsRoutes } from "./ops-routes.ts";
import { createPublisher, type Schedules, type SlackDeps } from "./publish/publisher.ts";
import { registerSlackHandlers } from "./register.ts";

export type SlackApp = {
  app: App;
  deps: SlackDeps;
  /** Starts serving; resolves with the HTTP port (the ops routes' port in Socket Mode). */
  start(): Promise<{ port: number }>;
  stop(): Promise<void>;
};

export type SlackAppOptions = {
  /** Web API retry policy; tests use a fast one. Default: five retries in about five minutes. */
  retryConfig?: RetryOptions;
  /** Spacing of posts to one channel (default CHANNEL_POST_INTERVAL_MS); tests use 0. */
  channelPostIntervalMs?: number;
  /** The running scheduler's hooks (main.ts); absent where nothing is scheduled. */
  schedules?: Schedules;
};

/**
 * The Bolt app in the mode SLACK_MODE picks, with every handler registered, every Web API
 * call going to SLACK_API_URL, and /healthz, /readyz and /metrics served beside it.
 */
export function createSlackApp(deps: Deps, options: SlackAppOptions = {}): SlackApp {
  const env = deps.config.env;
  const logger = toBoltLogger(deps.logger);
  const clientOptions: WebClientOptions = {
    slackApiUrl: env.SLACK_API_URL,
    retryConfig: options.retryConfig ?? webApi.retryPolicies.fiveRetriesInFiveMinutes,
    // 429s come back to the publisher, which waits for that channel only (see whenAllowed).
    rejectRateLimitedCalls: true,
  };
  const customRoutes = createOpsRoutes(deps);
  const receiver: Receiver =
    env.SLACK_MODE === "socket"
      ? new SocketModeReceiver({
          appToken: env.SLACK_APP_TOKEN ?? "",
          logger,
          customRoutes,
          installerOptions: { port: env.PORT, clientOptions },
        })
      : new HTTPReceiver({
          signingSecret: env.SLACK_SIGNING_SECRET ?? "",
          endpoints: "/slack/events",
          logger,
          customRoutes,
          processBeforeResponse: false,
        });
  const app = new App({ token: env.SLACK_BOT_TOKEN, receiver, logger, clientOptions });
  const slackDeps: SlackDeps = {
    ...deps,
    publisher: createPublisher(app.client, deps.logger, { channelPostIntervalMs: options.channelPostIntervalMs }),
    ...(options.schedules ? { schedules: options.schedules } : {}),
  };

  // One request id per Slack request, on every log line its handlers write.
  app.use(async ({ body, context, next }) => {
    const kind = "command" in body ? "slash_command" : typeof body.type === "string" ? body.type : "unknown";
    context.requestId = randomUUID();
    const log = deps.logger.child({ requestId: context.requestId, kind });
    context.log = log;
    deps.metrics.slackRequests.inc({ kind });
    const started = performance.now();
    await next();
    log.info({ ms: Math.round(performance.now() - started) }, "slack request handled");
  });
  app.error(async (error) => {
    deps.logger.error({ err: error }, "slack handler failed");
  });
  registerSlackHandlers(app, slackDeps);

  return {
    app,
    deps: slackDeps,
    async start() {
      if (env.SLACK_MODE === "socket") {
        await app.start();
        return { port: env.PORT };
      }
      const server = await app.start({ port: env.PORT, host: env.HOST });
      return { port: (server.address() as AddressInfo).port };
    },
    stop: () => app.stop().then(() => undefined),
  };
}
