import type { App } from "@slack/bolt";
import type { SlackDeps } from "../publish/publisher.ts";
import { handleKpiShare } from "./kpi-share-action.ts";

/** Registers every action handler (buttons and shortcuts); one handler per file in this folder. */
export function registerActions(app: App, deps: SlackDeps): void {
  handleKpiShare(app, deps);
}
