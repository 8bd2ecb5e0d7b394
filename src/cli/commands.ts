import type { CliCommand } from "./cli-command.ts";
import { migrateCommand } from "./migrate-command.ts";

/** Every `shopops` subcommand, in the order `shopops help` lists them. */
export const COMMANDS: CliCommand[] = [migrateCommand];
