import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import { getPlanStatus } from "../media-plan/plan-status.ts";
import { fromMicros } from "../metrics/metric-store.ts";
import { requiredApprovals } from "./approval-policy.ts";
import { createSpendStore, type SpendRecord, type SpendStatus, type SpendVote } from "./spend-store.ts";

/** Everything a spend request's message shows; amounts in currency units. */
export type SpendView = {
  id: number;
  shopId: string;
  amount: number;
  currency: string;
  channel: string;
  reason: string;
  month: string;
  requesterId: string;
  status: SpendStatus;
  createdAt: Date;
  decidedAt: Date | undefined;
  approvals: SpendVote[];
  rejection: SpendVote | undefined;
  requiredApprovals: 1 | 2;
  /** What was left of the channel's month plan before this request; undefined: no plan. */
  planRemaining: number | undefined;
  exceedsPlan: boolean;
  channelId: string | undefined;
  messageTs: string | undefined;
};

/** A spend request of a configured shop, or `not_found` (of `shopId` when given). */
export async function findSpendRequest(
  deps: Pick<Deps, "db" | "config">,
  id: number,
  shopId?: string,
): Promise<{ record: SpendRecord; shop: ShopConfig }> {
  const record = await createSpendStore(deps.db).get(id);
  const shop = deps.config.shops.find((s) => s.id === record?.shopId);
  if (!record || !shop || (shopId !== undefined && record.shopId !== shopId))
    throw notFound(`no spend request ${id}`, { key: "spend.notFound", params: { id } });
  return { record, shop };
}

/** The view of a stored request, with the plan's remaining budget for its channel and month. */
export async function toSpendView(deps: Pick<Deps, "db">, shop: ShopConfig, record: SpendRecord): Promise<SpendView> {
  const plan = await getPlanStatus(deps, shop, record.month, { exceptRequestId: record.id });
  const line = plan.lines.find((l) => l.channel === record.channel);
  const amount = fromMicros(record.amountMicros);
  const planRemaining = line?.remaining;
  return {
    id: record.id,
    shopId: record.shopId,
    amount,
    currency: record.currency,
    channel: record.channel,
    reason: record.reason,
    month: record.month,
    requesterId: record.requesterId,
    status: record.status,
    createdAt: record.createdAt,
    decidedAt: record.decidedAt,
    approvals: record.votes.filter((v) => v.decision === "approve"),
    rejection: record.votes.find((v) => v.decision === "reject"),
    requiredApprovals: requiredApprovals(shop, amount),
    planRemaining,
    exceedsPlan: planRemaining !== undefined && amount > planRemaining,
    channelId: record.channelId,
    messageTs: record.messageTs,
  };
}

export async function getSpendView(deps: Pick<Deps, "db" | "config">, id: number, shopId?: string): Promise<SpendView> {
  const { record, shop } = await findSpendRequest(deps, id, shopId);
  return toSpendView(deps, shop, record);
}
