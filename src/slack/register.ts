import type { App } from "@slack/bolt";
import { registerActions } from "./actions/index.ts";
import { registerCommands } from "./commands/index.ts";
import { registerEvents } from "./events/index.ts";
import type { SlackDeps } from "./publish/publisher.ts";
import { registerViews } from "./views/index.ts";

/** Every Slack surface ShopOps answers; each folder's index lists its handlers. */
export function registerSlackHandlers(app: App, deps: SlackDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerEvents(app, deps);
}
