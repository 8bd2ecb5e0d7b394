import { type Config, loadConfig } from "../config/load-config.ts";
import { createDb, type Db } from "../db/create-db.ts";
import { pendingMigrations } from "../db/migrate.ts";
import { createSourceStateStore } from "../domain/metrics/source-state-store.ts";
import type { CliCommand } from "./cli-command.ts";
import { parseFlags } from "./parse-flags.ts";

type Check = { ok: boolean; line: string };

/** Any HTTP answer means the host is reachable; only network errors and timeouts fail. */
async function reachable(name: string, url: string): Promise<Check> {
  try {
    const res = await fetch(url, { method: "GET", signal: AbortSignal.timeout(5000) });
    return { ok: true, line: `${name} reachable at ${url} (HTTP ${res.status})` };
  } catch (error) {
    const reason =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    return { ok: false, line: `${name} not reachable at ${url}: ${reason}` };
  }
}

async function databaseChecks(db: Db): Promise<Check[]> {
  const pending = await pendingMigrations(db);
  return [
    {
      ok: pending.length === 0,
      line:
        pending.length === 0
          ? `database (${db.provider}) answers; migrations applied`
          : `database (${db.provider}) has ${pending.length} pending migration(s): run \`npm run shopops -- migrate\``,
    },
  ];
}

function apiChecks(config: Config): Promise<Check[]> {
  const { env, shops } = config;
  const uses = (key: "ga4" | "googleAds" | "meta") => shops.some((s) => s.sources[key] !== undefined);
  const targets: Array<[string, string]> = [["Slack API", env.SLACK_API_URL]];
  if (uses("ga4") || uses("googleAds")) targets.push(["Google token endpoint", env.GOOGLE_TOKEN_URL]);
  if (uses("ga4")) targets.push(["GA4 Data API", env.GA4_API_URL]);
  if (uses("googleAds")) targets.push(["Google Ads API", env.GOOGLE_ADS_API_URL]);
  if (uses("meta")) targets.push(["Meta Graph API", env.META_API_URL]);
  return Promise.all(targets.map(([name, url]) => reachable(name, url)));
}

function credentialChecks(config: Config): Check[] {
  const { env, shops } = config;
  const checks: Check[] = [];
  const google = Boolean(env.GOOGLE_APPLICATION_CREDENTIALS || env.GOOGLE_OAUTH_REFRESH_TOKEN);
  for (const shop of shops) {
    if (shop.sources.ga4 || shop.sources.googleAds)
      checks.push({
        ok: google,
        line: `${shop.id}: Google credentials ${google ? "set" : "missing (GOOGLE_APPLICATION_CREDENTIALS or GOOGLE_OAUTH_*)"}`,
      });
    if (shop.sources.googleAds)
      checks.push({
        ok: Boolean(env.GOOGLE_ADS_DEVELOPER_TOKEN),
        line: `${shop.id}: GOOGLE_ADS_DEVELOPER_TOKEN ${env.GOOGLE_ADS_DEVELOPER_TOKEN ? "set" : "missing"}`,
      });
    if (shop.sources.meta)
      checks.push({
        ok: Boolean(env.META_ACCESS_TOKEN),
        line: `${shop.id}: META_ACCESS_TOKEN ${env.META_ACCESS_TOKEN ? "set" : "missing"}`,
      });
  }
  return checks;
}

async function freshnessChecks(db: Db, config: Config): Promise<Check[]> {
  const states = createSourceStateStore(db);
  const checks: Check[] = [];
  for (const shop of config.shops) {
    for (const state of await states.forShop(shop.id)) {
      const last = state.lastSuccessAt ? state.lastSuccessAt.toISOString() : "never";
      const deferred = state.deferredUntil ? `; deferred until ${state.deferredUntil.toISOString()}` : "";
      checks.push({
        ok: !state.lastError,
        line: `${shop.id}/${state.source}: last successful pull ${last}${
          state.lastError ? `; last error (${state.errorKind}): ${state.lastError}` : ""
        }${deferred}`,
      });
    }
  }
  return checks;
}

export const doctorCommand: CliCommand = {
  name: "doctor",
  summary: "check configuration, database, API reachability and each source's last pull",
  usage: "doctor",
  async run(args, io) {
    parseFlags(args, {});
    const config = loadConfig(io.env);
    const checks: Check[] = [
      { ok: true, line: `configuration: ${config.shops.length} shop(s): ${config.shops.map((s) => s.id).join(", ")}` },
    ];
    let db: Db | undefined;
    try {
      db = await createDb(config.env.DATABASE_URL, { poolSize: 2 });
      checks.push(...(await databaseChecks(db)));
    } catch (error) {
      checks.push({
        ok: false,
        line: `database not usable: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    checks.push(...credentialChecks(config), ...(await apiChecks(config)));
    if (db) {
      checks.push(...(await freshnessChecks(db, config).catch(() => [])));
      await db.close();
    }
    for (const check of checks) io.out(`${check.ok ? "✓" : "✗"} ${check.line}`);
    return checks.every((c) => c.ok) ? 0 : 1;
  },
};
