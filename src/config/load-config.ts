import { readFileSync } from "node:fs";
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { z } from "zod";
import { ShopOpsError } from "../shared/errors.ts";
import { type Env, EnvSchema } from "./env-schema.ts";
import { type ShopConfig, ShopsFileSchema } from "./shops-schema.ts";

export type Config = { env: Env; shops: ShopConfig[] };

/** Thrown with every problem found, one line each, so a user fixes them all in one go. */
export class ConfigError extends ShopOpsError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super("config_invalid", `invalid configuration:\n${problems.join("\n")}`);
    this.problems = problems;
  }
}

/** `["shops", 0, "timezone"]` → `shops[0].timezone` */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === "number") return `${out}[${part}]`;
    return out === "" ? String(part) : `${out}.${String(part)}`;
  }, "");
}

function issuesToLines(issues: z.core.$ZodIssue[], prefix = ""): string[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path);
    const where = prefix && path ? `${prefix}.${path}` : prefix || path || "(root)";
    return `${where}: ${issue.message}`;
  });
}

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  // Empty strings mean "not set", as in most .env loaders.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) throw new ConfigError(issuesToLines(result.error.issues));
  return result.data;
}

/** Parses shops YAML text; `origin` names the file in messages. */
export function parseShopsYaml(text: string, origin: string): ShopConfig[] {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    const detail = error instanceof YAMLParseError ? error.message.split("\n")[0] : String(error);
    throw new ConfigError([`${origin}: not valid YAML: ${detail}`]);
  }
  const result = ShopsFileSchema.safeParse(raw ?? {});
  if (!result.success) throw new ConfigError(issuesToLines(result.error.issues));
  return result.data.shops;
}

export function readShopsFile(path: string): ShopConfig[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new ConfigError([
      `SHOPOPS_CONFIG: cannot read "${path}" (copy shopops.config.example.yaml to shopops.config.yaml, or set SHOPOPS_CONFIG)`,
    ]);
  }
  return parseShopsYaml(text, path);
}

/**
 * The only place that reads process.env and the shops file. Every problem in both is
 * collected before failing, so a bad setup is reported in one go.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  let env: Env | undefined;
  const problems: string[] = [];
  try {
    env = parseEnv(source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  let shops: ShopConfig[] = [];
  try {
    shops = readShopsFile(env?.SHOPOPS_CONFIG ?? source.SHOPOPS_CONFIG ?? "./shopops.config.yaml");
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0 || !env) throw new ConfigError(problems);
  return { env, shops };
}

/** What `npm start` needs beyond the CLI: Slack credentials for the chosen mode. */
export function slackProblems(env: Env): string[] {
  const problems: string[] = [];
  if (!env.SLACK_BOT_TOKEN) problems.push("SLACK_BOT_TOKEN: required to run the Slack app (xoxb-…)");
  if (env.SLACK_MODE === "socket" && !env.SLACK_APP_TOKEN)
    problems.push("SLACK_APP_TOKEN: required in socket mode (xapp-…); or set SLACK_MODE=http");
  if (env.SLACK_MODE === "http" && !env.SLACK_SIGNING_SECRET)
    problems.push("SLACK_SIGNING_SECRET: required in http mode");
  return problems;
}
