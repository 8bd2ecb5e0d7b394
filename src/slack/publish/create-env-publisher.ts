import webApi from "@slack/web-api";
import type { Env } from "../../config/env-schema.ts";
import type { Logger } from "../../shared/logger.ts";
import { createPublisher, type Publisher } from "./publisher.ts";

/**
 * A publisher outside the Bolt app (the CLI's `--post`): a Web API client on SLACK_BOT_TOKEN
 * and SLACK_API_URL with Slack's usual retry policy. Undefined without a bot token.
 */
export function createEnvPublisher(
  env: Pick<Env, "SLACK_BOT_TOKEN" | "SLACK_API_URL">,
  logger: Logger,
  retryConfig: webApi.RetryOptions = webApi.retryPolicies.fiveRetriesInFiveMinutes,
): Publisher | undefined {
  if (!env.SLACK_BOT_TOKEN) return undefined;
  const client = new webApi.WebClient(env.SLACK_BOT_TOKEN, {
    slackApiUrl: env.SLACK_API_URL,
    retryConfig,
    rejectRateLimitedCalls: true,
  });
  return createPublisher(client, logger);
}
