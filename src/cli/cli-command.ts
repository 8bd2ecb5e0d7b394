/**
 * One `shopops` subcommand. `run` gets the arguments after the command name and returns the
 * process exit code: 0 done, 1 a check or operation failed, 2 bad usage or configuration.
 */
export type CliCommand = {
  name: string;
  /** One line for `shopops help`. */
  summary: string;
  /** e.g. "pull --shop ID [--since YYYY-MM-DD]" */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
};

/** Where a command writes: stdout for its output, stderr for problems. Tests capture both. */
export type CliIo = {
  out(line: string): void;
  err(line: string): void;
  /** Whether stdout is a terminal (progress bars, colours). */
  isTty: boolean;
  env: NodeJS.ProcessEnv;
};
