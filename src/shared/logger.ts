import { type Logger, pino } from "pino";
import { createRedactor } from "./redact.ts";

export type { Logger };

export type LoggerOptions = {
  level?: string;
  /** Secret values to scrub from every line (tokens, signing secret, database password). */
  secrets?: Array<string | undefined>;
  /** Where lines go; stdout by default. Tests pass a stream to read them back. */
  destination?: NodeJS.WritableStream;
};

/**
 * Structured JSON logs: `{ shopId, job, source, requestId }` fields plus a short message.
 * Values at well-known secret paths are replaced, and every written line is scrubbed of
 * known secrets and token-shaped strings, so an error that quotes a token stays safe.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const scrub = createRedactor(options.secrets ?? []);
  const target = options.destination ?? process.stdout;
  const stream = { write: (line: string) => target.write(scrub(line)) };
  return pino(
    {
      level: options.level ?? "info",
      base: undefined,
      redact: {
        paths: [
          "token",
          "*.token",
          "authorization",
          "*.authorization",
          "headers.authorization",
          "*.headers.authorization",
          "password",
          "*.password",
          "secret",
          "*.secret",
          "accessToken",
          "*.accessToken",
        ],
        censor: "[redacted]",
      },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
}
