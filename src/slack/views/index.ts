import type { App } from "@slack/bolt";
import type { SlackDeps } from "../publish/publisher.ts";

/** Registers every view handler; one handler per file in this folder. */
export function registerViews(_app: App, _deps: SlackDeps): void {}
