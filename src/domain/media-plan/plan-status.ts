import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { firstDayOfMonth, lastDayOfMonth, type Month } from "../../shared/time.ts";
import { createSpendStore } from "../approvals/spend-store.ts";
import { createMetricStore, fromMicros, toMicros } from "../metrics/metric-store.ts";
import { createMediaPlanStore } from "./media-plan-store.ts";

/** Ad platforms ShopOps pulls spend from; always valid spend channels. */
export const AD_CHANNELS = ["google-ads", "meta"] as const;

/** One channel of one month, in currency units. `budget`/`remaining` undefined: no plan for it. */
export type PlanLine = {
  channel: string;
  budget: number | undefined;
  approved: number;
  spent: number;
  remaining: number | undefined;
};
export type PlanStatus = { month: Month; currency: string; lines: PlanLine[] };

/**
 * The media plan of `month` and what is left per channel: remaining = budget − approved spend
 * requests − actual ad spend (metric `cost` by platform, from the pulled data). Budgets come
 * from the database (imported or synced) and, where it has none, straight from the YAML.
 * `exceptRequestId` leaves one request out, so a request's own message shows what was left before it.
 */
export async function getPlanStatus(
  deps: Pick<Deps, "db">,
  shop: ShopConfig,
  month: Month,
  options: { exceptRequestId?: number } = {},
): Promise<PlanStatus> {
  const budgets = new Map<string, bigint>();
  for (const [channel, budget] of Object.entries(shop.mediaPlan[month] ?? {})) budgets.set(channel, toMicros(budget));
  for (const cell of await createMediaPlanStore(deps.db).month(shop.id, month))
    budgets.set(cell.channel, cell.budgetMicros);
  const approved = await createSpendStore(deps.db).approvedByChannel(shop.id, month, options.exceptRequestId);
  const spent = new Map<string, bigint>();
  const totals = await createMetricStore(deps.db).totals({
    shopId: shop.id,
    granularity: "day",
    from: firstDayOfMonth(month),
    to: lastDayOfMonth(month),
    dimension: "platform",
    metrics: ["cost"],
  });
  for (const t of totals) spent.set(t.dimensionValue, (spent.get(t.dimensionValue) ?? 0n) + toMicros(t.value));
  const channels = [...new Set([...budgets.keys(), ...approved.keys()])].sort();
  // Spend on a platform with no plan and no requests is still shown: it eats nobody's budget but is worth seeing.
  for (const channel of spent.keys())
    if (!channels.includes(channel) && (spent.get(channel) ?? 0n) > 0n) channels.push(channel);
  return {
    month,
    currency: shop.currency,
    lines: channels.map((channel) => {
      const budget = budgets.get(channel);
      const a = approved.get(channel) ?? 0n;
      const s = spent.get(channel) ?? 0n;
      return {
        channel,
        budget: budget === undefined ? undefined : fromMicros(budget),
        approved: fromMicros(a),
        spent: fromMicros(s),
        remaining: budget === undefined ? undefined : fromMicros(budget - a - s),
      };
    }),
  };
}

/** Channels a spend request may name: the ad platforms and every channel of the shop's plans. */
export async function knownChannels(deps: Pick<Deps, "db">, shop: ShopConfig): Promise<string[]> {
  const fromConfig = Object.values(shop.mediaPlan).flatMap((m) => Object.keys(m));
  const fromDb = await createMediaPlanStore(deps.db).channels(shop.id);
  return [...new Set([...AD_CHANNELS, ...fromConfig, ...fromDb])].sort();
}
