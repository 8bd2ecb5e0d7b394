import type { App } from "@slack/bolt";
import type { SlackDeps } from "../publish/publisher.ts";

/** Registers every action handler; one handler per file in this folder. */
export function registerActions(_app: App, _deps: SlackDeps): void {}
