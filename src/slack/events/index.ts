import type { App } from "@slack/bolt";
import type { SlackDeps } from "../publish/publisher.ts";
import { handleAppHomeOpened } from "./app-home-opened-event.ts";

/** Registers every event handler; one handler per file in this folder. */
export function registerEvents(app: App, deps: SlackDeps): void {
  handleAppHomeOpened(app, deps);
}
