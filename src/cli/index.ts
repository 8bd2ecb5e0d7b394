import { ConfigError } from "../config/load-config.ts";
import { isShopOpsError } from "../shared/errors.ts";
import type { CliCommand, CliIo } from "./cli-command.ts";
import { COMMANDS } from "./commands.ts";

/** argv → command → exit code. Bad usage and configuration exit 2, failed checks 1. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    printHelp(io.out);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`unknown command "${name}"`);
    printHelp(io.err);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    return reportFailure(error, command, io);
  }
}

function reportFailure(error: unknown, command: CliCommand, io: CliIo): number {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) io.err(problem);
    return 2;
  }
  if (isShopOpsError(error, "invalid_input")) {
    io.err(`${error.message}\nusage: shopops ${command.usage}`);
    return 2;
  }
  if (isShopOpsError(error)) {
    io.err(error.message);
    return 1;
  }
  throw error;
}

function printHelp(write: (line: string) => void): void {
  write("usage: shopops <command> [options]\n");
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  for (const c of COMMANDS) write(`  ${c.usage.padEnd(width)}  ${c.summary}`);
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const io: CliIo = {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    isTty: Boolean(process.stdout.isTTY),
    env: process.env,
  };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 1;
    },
  );
}
