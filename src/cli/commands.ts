import { backupCommand } from "./backup-command.ts";
import type { CliCommand } from "./cli-command.ts";
import { demoCommand } from "./demo-command.ts";
import { detectCommand } from "./detect-command.ts";
import { digestCommand } from "./digest-command.ts";
import { doctorCommand } from "./doctor-command.ts";
import { importCommand } from "./import-command.ts";
import { importPlanCommand } from "./import-plan-command.ts";
import { migrateCommand } from "./migrate-command.ts";
import { pullCommand } from "./pull-command.ts";

/** Every `shopops` subcommand, in the order `shopops help` lists them. */
export const COMMANDS: CliCommand[] = [
  demoCommand,
  migrateCommand,
  doctorCommand,
  pullCommand,
  importCommand,
  digestCommand,
  backupCommand,
  importPlanCommand,
  detectCommand,
];
