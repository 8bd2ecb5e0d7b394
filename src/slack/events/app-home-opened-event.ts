import type { App } from "@slack/bolt";
import type { Logger } from "../../shared/logger.ts";
import { publishHome } from "../home/publish-home.ts";
import type { SlackDeps } from "../publish/publisher.ts";

/** app_home_opened on the Home tab → views.publish with the person's tasks, approvals and alerts. */
export function handleAppHomeOpened(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", async ({ event, client, context }) => {
    if (event.tab !== "home") return;
    await publishHome(deps, client, event.user, (context.log as Logger | undefined) ?? deps.logger);
  });
}
