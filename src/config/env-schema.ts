import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "../db/database-url.ts";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const url = (name: string) => z.string().refine((v) => URL.canParse(v), { message: `${name} must be an absolute URL` });

const withTrailingSlash = (v: string) => (v.endsWith("/") ? v : `${v}/`);

/**
 * How long a digest delivery claim lives before another instance (or the retry sweep) may take
 * it over as a dead instance's: longer than any delivery takes, Slack retries included.
 */
export const DEFAULT_DELIVERY_STALE_SECONDS = 300;
/** When the sweep that finishes failed or abandoned digest deliveries runs (UTC). */
export const DEFAULT_DIGEST_RETRY_CRON = "*/5 * * * *";

/** Every environment variable ShopOps reads, with its default. `.env.example` documents the same list. */
export const EnvSchema = z
  .object({
    SLACK_BOT_TOKEN: z.string().optional(),
    SLACK_SIGNING_SECRET: z.string().optional(),
    SLACK_APP_TOKEN: z.string().optional(),
    SLACK_MODE: z.enum(["socket", "http"]).optional(),
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    SLACK_API_URL: url("SLACK_API_URL").default("https://slack.com/api/").transform(withTrailingSlash),
    DATABASE_URL: z
      .string()
      .default(DEFAULT_DATABASE_URL)
      .refine((v) => /^(file:|postgres(ql)?:\/\/)/i.test(v), {
        message: 'DATABASE_URL must start with "file:" (SQLite) or "postgres://" / "postgresql://"',
      }),
    SHOPOPS_CONFIG: z.string().default("./shopops.config.yaml"),
    GOOGLE_APPLICATION_CREDENTIALS: z.string().optional(),
    GOOGLE_OAUTH_CLIENT_ID: z.string().optional(),
    GOOGLE_OAUTH_CLIENT_SECRET: z.string().optional(),
    GOOGLE_OAUTH_REFRESH_TOKEN: z.string().optional(),
    GOOGLE_TOKEN_URL: url("GOOGLE_TOKEN_URL").default("https://oauth2.googleapis.com/token"),
    GA4_API_URL: url("GA4_API_URL").default("https://analyticsdata.googleapis.com/").transform(withTrailingSlash),
    GOOGLE_ADS_API_URL: url("GOOGLE_ADS_API_URL")
      .default("https://googleads.googleapis.com/")
      .transform(withTrailingSlash),
    GOOGLE_ADS_API_VERSION: z.string().default("v22"),
    GOOGLE_ADS_DEVELOPER_TOKEN: z.string().optional(),
    META_API_URL: url("META_API_URL").default("https://graph.facebook.com/").transform(withTrailingSlash),
    META_API_VERSION: z.string().default("v24.0"),
    META_ACCESS_TOKEN: z.string().optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
    SHOPOPS_INSTANCE_ID: z.string().optional(),
    SHOPOPS_DELIVERY_STALE_SECONDS: z.coerce.number().int().positive().default(DEFAULT_DELIVERY_STALE_SECONDS),
    /** A digest slot missed while no instance ran is sent at start if at most this old; 0 never. */
    SHOPOPS_DIGEST_CATCH_UP_MINUTES: z.coerce.number().int().min(0).default(360),
    SHOPOPS_DIGEST_RETRY_CRON: z
      .string()
      .default(DEFAULT_DIGEST_RETRY_CRON)
      .refine((v) => [5, 6].includes(v.trim().split(/\s+/).length), {
        message: "SHOPOPS_DIGEST_RETRY_CRON must be a cron expression with 5 or 6 fields",
      }),
  })
  .transform((env) => ({
    ...env,
    // Socket Mode when an app-level token is set, unless told otherwise.
    SLACK_MODE: env.SLACK_MODE ?? (env.SLACK_APP_TOKEN ? "socket" : "http"),
  }));

export type Env = z.infer<typeof EnvSchema>;

/** Values that must never be printed or logged. */
export function secretsOf(env: Env): string[] {
  const password = (() => {
    try {
      return /^postgres/i.test(env.DATABASE_URL) ? decodeURIComponent(new URL(env.DATABASE_URL).password) : "";
    } catch {
      return "";
    }
  })();
  return [
    env.SLACK_BOT_TOKEN,
    env.SLACK_SIGNING_SECRET,
    env.SLACK_APP_TOKEN,
    env.GOOGLE_ADS_DEVELOPER_TOKEN,
    env.GOOGLE_OAUTH_CLIENT_SECRET,
    env.GOOGLE_OAUTH_REFRESH_TOKEN,
    env.META_ACCESS_TOKEN,
    password,
  ].filter((s): s is string => typeof s === "string" && s.length > 0);
}
