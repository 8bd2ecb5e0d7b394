import type { WebClient } from "@slack/web-api";
import { getHomeOverview } from "../../domain/home/get-home-overview.ts";
import type { Logger } from "../../shared/logger.ts";
import { buildHomeView } from "../blocks/home-blocks.ts";
import type { SlackDeps } from "../publish/publisher.ts";
import { translatorFor } from "../workflow-support.ts";

/** Publishes a person's App Home: when they open it, and after they act from it. Failures are logged. */
export async function publishHome(deps: SlackDeps, client: WebClient, userId: string, log: Logger): Promise<void> {
  try {
    const overview = await getHomeOverview(deps, userId);
    const view = buildHomeView(overview, deps.config.shops, translatorFor(deps));
    await client.views.publish({ user_id: userId, view: view as never });
  } catch (error) {
    log.warn({ err: error, userId }, "app home publish failed");
  }
}
