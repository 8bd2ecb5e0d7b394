import type { App } from "@slack/bolt";
import type { SlackDeps } from "../publish/publisher.ts";
import { competitorCommand } from "./competitor-command.ts";
import { kpiCommand } from "./kpi-command.ts";
import { promoCommand } from "./promo-command.ts";
import { shopopsCommand } from "./shopops-command.ts";
import { registerSlashCommand, type SlashCommand } from "./slash-command.ts";
import { spendCommand } from "./spend-command.ts";
import { taskCommand } from "./task-command.ts";

/** Every slash command; the manifest guard test checks this list against manifests/. */
export const SLASH_COMMANDS: SlashCommand[] = [
  shopopsCommand,
  kpiCommand,
  taskCommand,
  spendCommand,
  competitorCommand,
  promoCommand,
];

export function registerCommands(app: App, deps: SlackDeps): void {
  for (const command of SLASH_COMMANDS) registerSlashCommand(app, deps, command);
}
