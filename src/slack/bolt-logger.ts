import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../shared/logger.ts";

/** Bolt and the Web API client log through our pino logger, so their lines are JSON and redacted too. */
export function toBoltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: "slack" });
  const write =
    (level: "debug" | "info" | "warn" | "error") =>
    (...msg: unknown[]) => {
      // Bolt logs at debug several times per request: format only what will be written.
      if (!log.isLevelEnabled(level)) return;
      log[level](msg.map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" "));
    };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
