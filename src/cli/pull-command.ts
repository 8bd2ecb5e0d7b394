import { SingleBar } from "cli-progress";
import { createMetricStore } from "../domain/metrics/metric-store.ts";
import type { DayRange } from "../domain/metrics/observation.ts";
import { backfill, type PullOutcome, pullShop, recentDays } from "../domain/metrics/pull-shop.ts";
import { createSourceStateStore } from "../domain/metrics/source-state-store.ts";
import { addDays, isValidDay } from "../shared/time.ts";
import type { CliCommand } from "./cli-command.ts";
import { findShop, openDeps, usage } from "./open-deps.ts";
import { parseFlags } from "./parse-flags.ts";

const SOURCE_CHOICES = ["ga4", "google-ads", "meta", "demo", "all"] as const;
/** Hours GA4 keeps revising; a pull reaching into them also re-pulls them hour by hour. */
const RECENT_DAYS = 3;

function parseDay(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && !isValidDay(value)) throw usage(`--${flag} must be a day YYYY-MM-DD, got "${value}"`);
  return value;
}

function describe(o: PullOutcome): string {
  if (o.status === "ok") return `${o.source} ${o.rows.toLocaleString("en")} rows`;
  if (o.status === "deferred") return `${o.source} deferred until ${o.until.toISOString()}`;
  return `${o.source} failed (${o.kind}): ${o.error}`;
}

export const pullCommand: CliCommand = {
  name: "pull",
  summary: "pull a shop's sources into the database (backfill month by month with --since)",
  usage: "pull --shop ID [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--source ga4|google-ads|meta|demo|all]",
  async run(args, io) {
    const flags = parseFlags(args, { valued: ["shop", "since", "until", "source"] });
    if (flags.positional.length > 0) throw usage(`unexpected argument "${flags.positional[0]}"`);
    const choice = flags.values.get("source") ?? "all";
    if (!(SOURCE_CHOICES as readonly string[]).includes(choice))
      throw usage(`--source must be one of ${SOURCE_CHOICES.join(", ")}`);
    const since = parseDay("since", flags.values.get("since"));
    const until = parseDay("until", flags.values.get("until"));

    const deps = await openDeps(io);
    try {
      const shop = findShop(deps.config, flags.values.get("shop"));
      const recent = recentDays(deps.clock.now(), shop.timezone, RECENT_DAYS);
      const to = until ?? recent.to;
      const range: DayRange = { from: since ?? addDays(to, -RECENT_DAYS), to };
      if (range.from > range.to) throw usage(`--since ${range.from} is after --until ${range.to}`);
      const sources = deps.sources.filter((s) => (choice === "all" || s.id === choice) && s.isConfigured(shop));
      if (sources.length === 0)
        throw usage(
          choice === "all"
            ? `shop "${shop.id}" has no source configured (sources: in shopops.config.yaml)`
            : `source ${choice} is not configured for shop "${shop.id}" (or its credentials are missing)`,
        );

      const input = {
        shop,
        sources,
        store: createMetricStore(deps.db),
        sourceStates: createSourceStateStore(deps.db),
        clock: deps.clock,
        logger: deps.logger,
      };
      io.out(`pulling ${shop.id} ${range.from}..${range.to} from ${sources.map((s) => s.id).join(", ")}`);
      const bar = io.isTty
        ? new SingleBar({ format: "  {bar} {value}/{total} months  {month}", hideCursor: true })
        : undefined;
      // A bar redraws its line, so problems are printed once it is done.
      const problems: string[] = [];
      const summary = await backfill({
        ...input,
        range,
        granularity: "day",
        onProgress: ({ done, total, month, outcomes }) => {
          const label = month.from.slice(0, 7);
          if (bar) {
            if (done === 1) bar.start(total, 0, { month: label });
            bar.update(done, { month: label });
            for (const o of outcomes) if (o.status !== "ok") problems.push(`  ${label}: ${describe(o)}`);
          } else io.out(`  ${label} (${done}/${total}): ${outcomes.map(describe).join("; ")}`);
        },
      });
      bar?.stop();
      for (const line of problems) io.out(line);

      // The recent days GA4 still revises are pulled hour by hour as well.
      const hourly: DayRange = { from: [range.from, recent.from].sort()[1]!, to: range.to };
      const hourOutcomes =
        hourly.from <= hourly.to ? await pullShop({ ...input, range: hourly, granularity: "hour" }) : [];
      if (hourOutcomes.length > 0)
        io.out(`  hours ${hourly.from}..${hourly.to}: ${hourOutcomes.map(describe).join("; ")}`);

      let failed = hourOutcomes.some((o) => o.status === "failed");
      for (const s of summary.sources) {
        failed ||= s.failures.length > 0;
        const failures = s.failures.map((f) => `${f.month.from.slice(0, 7)} ${f.kind}: ${f.error}`);
        io.out(
          `${s.failures.length === 0 ? "✓" : "✗"} ${s.source}: ${s.rows.toLocaleString("en")} daily rows` +
            (failures.length > 0 ? `; failed ${failures.join("; ")}` : ""),
        );
      }
      return failed ? 1 : 0;
    } finally {
      await deps.close();
    }
  },
};
