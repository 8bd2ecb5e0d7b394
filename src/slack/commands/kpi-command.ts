import { buildShopDigest } from "../../domain/digests/build-digest.ts";
import { type PeriodKind, periodOf } from "../../domain/digests/period.ts";
import { invalidInput } from "../../shared/errors.ts";
import { buildKpiReply, digestRenderOptions } from "../blocks/digest-blocks.ts";
import type { SlashCommand } from "./slash-command.ts";

const PERIODS: Record<string, PeriodKind> = {
  today: "today",
  yesterday: "yesterday",
  "7d": "7d",
  "30d": "30d",
  mtd: "month-to-date",
};

export function parseKpiPeriod(word: string | undefined): PeriodKind {
  const kind = PERIODS[(word ?? "yesterday").toLowerCase()];
  if (!kind) throw invalidInput(`unknown period ${word}`, { key: "kpi.unknownPeriod", params: { period: word ?? "" } });
  return kind;
}

/**
 * `/kpi [shop] [today|yesterday|7d|30d|mtd]`: the digest for the period, only for the asker,
 * with a "Share to channel" button. Native charts only: an ephemeral reply can't carry files.
 */
export const kpiCommand: SlashCommand = {
  name: "/kpi",
  usageKey: "usage.kpi",
  needsShop: true,
  runsWithoutArgs: true,
  async handle({ args, shop, deps }) {
    if (!shop) return undefined;
    if (args.length > 1)
      throw invalidInput("too many words", { key: "kpi.unknownPeriod", params: { period: args.join(" ") } });
    const kind = parseKpiPeriod(args[0]);
    const period = periodOf(kind, deps.clock.now(), shop.timezone);
    const content = await buildShopDigest(deps, shop, period);
    return buildKpiReply(content, { ...digestRenderOptions(shop), charts: "native" });
  },
};
