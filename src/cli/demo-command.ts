import { join, resolve } from "node:path";
import { parseEnv } from "../config/load-config.ts";
import { LOCALES, type Locale, type ShopConfig, ShopSchema } from "../config/shops-schema.ts";
import { createDeps } from "../create-deps.ts";
import { migrate } from "../db/migrate.ts";
import { evaluateShop } from "../domain/alerts/evaluate-shop.ts";
import { createMetricStore } from "../domain/metrics/metric-store.ts";
import { backfill, pullShop } from "../domain/metrics/pull-shop.ts";
import { createSourceStateStore } from "../domain/metrics/source-state-store.ts";
import { createLogger } from "../shared/logger.ts";
import { addDays, localDay, monthOf } from "../shared/time.ts";
import type { CliCommand } from "./cli-command.ts";
import { previewAlerts } from "./detect-shop.ts";
import { digestPeriodFor, previewDigest } from "./digest-command.ts";
import { usage } from "./open-deps.ts";
import { parseFlags } from "./parse-flags.ts";

const HISTORY_DAYS = 120;

/** The built-in demo shop: every feature on, no credentials needed (data from the demo source). */
export function demoShop(locale: Locale, today: string): ShopConfig {
  const month = monthOf(today);
  return ShopSchema.parse({
    id: "demo",
    name: "Demo Outdoor Store",
    timezone: "Europe/Warsaw",
    currency: locale === "pl" ? "PLN" : "EUR",
    locale,
    sources: { demo: {} },
    channels: { digests: "C0DIGEST", alerts: "C0ALERTS", approvals: "C0APPROVE" },
    approvers: ["U0MANAGER"],
    admins: ["U0MANAGER"],
    targets: { [month]: { revenue: locale === "pl" ? 1_400_000 : 330_000, transactions: 3_600 } },
    mediaPlan: {
      [month]: { "google-ads": locale === "pl" ? 120_000 : 28_000, meta: locale === "pl" ? 60_000 : 14_000 },
    },
  });
}

/**
 * `npm run demo`: pulls the demo shop into the configured database (SQLite by default), then
 * prints the latest daily and weekly digests and the open alerts as they read in Slack, with
 * the Block Kit JSON and chart PNGs in ./out and a Block Kit Builder link per message.
 */
export const demoCommand: CliCommand = {
  name: "demo",
  summary: "pull the built-in demo shop and show its digests and alerts, no Slack needed",
  usage: "demo [--locale en|pl|it|es] [--out DIR]",
  async run(args, io) {
    const flags = parseFlags(args, { valued: ["locale", "out"] });
    const locale = (flags.values.get("locale") ?? "en") as Locale;
    if (!LOCALES.includes(locale)) throw usage(`--locale must be one of ${LOCALES.join(", ")}`);
    const outDir = resolve(flags.values.get("out") ?? "out");
    const env = parseEnv(io.env);
    const logger = createLogger({ level: "warn", destination: process.stderr });
    await migrate(env.DATABASE_URL);
    const now = new Date();
    const shop = demoShop(locale, localDay(now, "Europe/Warsaw"));
    const deps = await createDeps({ env, shops: [shop] }, { logger, poolSize: 4 });
    try {
      const today = localDay(deps.clock.now(), shop.timezone);
      const input = {
        shop,
        sources: deps.sources.filter((s) => s.id === "demo"),
        store: createMetricStore(deps.db),
        sourceStates: createSourceStateStore(deps.db),
        clock: deps.clock,
        logger,
      };
      io.out(`Pulling ${HISTORY_DAYS} days of the demo shop "${shop.name}" into ${env.DATABASE_URL} …`);
      const summary = await backfill({
        ...input,
        range: { from: addDays(today, -HISTORY_DAYS), to: today },
        granularity: "day",
      });
      await pullShop({ ...input, range: { from: addDays(today, -3), to: today }, granularity: "hour" });
      const rows = summary.sources.reduce((n, s) => n + s.rows, 0);
      io.out(`✓ ${rows.toLocaleString("en")} daily figures stored\n`);

      for (const kind of ["yesterday", "last-week"] as const) {
        const preview = await previewDigest({ deps, shop, period: digestPeriodFor(kind, shop, now), outDir });
        io.out(`${"─".repeat(72)}\n${preview.text}\n`);
        io.out(
          `Block Kit JSON and charts: ${preview.files.map((f) => join("out", f.slice(outDir.length + 1))).join(", ")}`,
        );
        io.out(`Open in Block Kit Builder: ${preview.builderUrl}\n`);
      }

      await evaluateShop({
        shop,
        db: deps.db,
        store: input.store,
        clock: deps.clock,
        sourceStates: input.sourceStates,
      });
      const alerts = await previewAlerts({ deps, shop });
      io.out(`${"─".repeat(72)}\n${alerts ? `Open alerts\n\n${alerts}` : "No open alerts."}\n`);
      io.out("Next: create the Slack app from manifests/ and run `npm start` (see the README).");
      return 0;
    } finally {
      await deps.close();
    }
  },
};
