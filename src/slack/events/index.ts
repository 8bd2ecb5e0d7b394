import type { App } from "@slack/bolt";
import type { SlackDeps } from "../publish/publisher.ts";

/** Registers every event handler; one handler per file in this folder. */
export function registerEvents(_app: App, _deps: SlackDeps): void {}
