import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { fromMicros } from "../metrics/metric-store.ts";
import { createSpendStore, type SpendStatus } from "./spend-store.ts";

export type SpendSummary = {
  id: number;
  amount: number;
  currency: string;
  channel: string;
  reason: string;
  requesterId: string;
  status: SpendStatus;
  createdAt: Date;
};

export const SPEND_LIST_LIMIT = 30;

/** The shop's latest requests (pending only, or all), newest first; amounts in currency units. */
export async function listSpendRequests(
  deps: Pick<Deps, "db">,
  shop: ShopConfig,
  which: "pending" | "all",
): Promise<SpendSummary[]> {
  const records = await createSpendStore(deps.db).list(
    shop.id,
    which === "pending" ? "pending" : undefined,
    SPEND_LIST_LIMIT,
  );
  return records.map((r) => ({
    id: r.id,
    amount: fromMicros(r.amountMicros),
    currency: r.currency,
    channel: r.channel,
    reason: r.reason,
    requesterId: r.requesterId,
    status: r.status,
    createdAt: r.createdAt,
  }));
}
