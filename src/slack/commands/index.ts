import type { App } from "@slack/bolt";
import type { MessageKey } from "../../i18n/translate.ts";
import type { CommandName } from "../ids.ts";
import type { SlackDeps } from "../publish/publisher.ts";
import { kpiCommand } from "./kpi-command.ts";
import { shopopsCommand } from "./shopops-command.ts";
import { registerSlashCommand, type SlashCommand, unknownSubcommand } from "./slash-command.ts";

/** A command whose subcommands are not built yet answers `help` and names unknown input. */
const usageOnly = (name: CommandName, usageKey: MessageKey): SlashCommand => ({
  name,
  usageKey,
  needsShop: false,
  async handle({ args }) {
    throw unknownSubcommand(name, args[0] ?? "");
  },
});

/** Every slash command; the manifest guard test checks this list against manifests/. */
export const SLASH_COMMANDS: SlashCommand[] = [
  shopopsCommand,
  kpiCommand,
  usageOnly("/task", "usage.task"),
  usageOnly("/spend", "usage.spend"),
  usageOnly("/competitor", "usage.competitor"),
  usageOnly("/promo", "usage.promo"),
];

export function registerCommands(app: App, deps: SlackDeps): void {
  for (const command of SLASH_COMMANDS) registerSlashCommand(app, deps, command);
}
