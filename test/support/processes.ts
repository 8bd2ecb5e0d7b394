import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from "./app-harness.ts";

/**
 * tsx as a loader inside the one process, not its CLI: the CLI runs the entry in a child
 * process, which a SIGKILL of the CLI leaves running (an orphan still holding jobs).
 */
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

export type Started = {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first JSON log line matching `msg`. */
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
};

/**
 * `npm start` as a real process: HTTP mode on a free port of 127.0.0.1, signed with the test
 * app's secrets, against the fake Slack, a database and a shops file; `env` adds or overrides.
 */
export function startShopOps(
  setup: { slackApiUrl: string; databaseUrl: string; shopsFile: string },
  env: Record<string, string> = {},
  entry = "src/main.ts",
): Started {
  return startProcess(entry, [], {
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_MODE: "http",
    PORT: "0",
    HOST: "127.0.0.1",
    SLACK_API_URL: setup.slackApiUrl,
    DATABASE_URL: setup.databaseUrl,
    SHOPOPS_CONFIG: setup.shopsFile,
    ...env,
  });
}

/**
 * Starts a ShopOps entry point as a real process: a source (src/main.ts, src/cli/index.ts)
 * under tsx, or the build (dist/main.js) under plain node, as `npm start` runs it.
 */
export function startProcess(entry: string, args: string[], env: Record<string, string>): Started {
  const loader = entry.endsWith(".ts") ? ["--import", tsxLoader] : [];
  const child = spawn(process.execPath, [...loader, entry, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  const collect = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    for (const wake of waiters.splice(0)) wake();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    waitForLog(msg, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${msg}" log line; got:\n${lines.join("\n")}`)), timeoutMs);
        const check = () => {
          for (const line of lines) {
            try {
              const parsed = JSON.parse(line) as Record<string, unknown>;
              if (parsed.msg === msg) {
                clearTimeout(timer);
                resolve(parsed);
                return;
              }
            } catch {
              // not a JSON line (e.g. a stack trace); keep looking
            }
          }
          waiters.push(check);
        };
        check();
      });
    },
  };
}

/** Polls `check` until it returns a value (not undefined/false); fails naming `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Resolves with the exit code, or rejects when the process has not exited within `ms`. */
export function exitWithin(process: Started, ms: number): Promise<number | null> {
  return Promise.race([
    process.exited,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no exit within ${ms} ms`)), ms).unref()),
  ]);
}
