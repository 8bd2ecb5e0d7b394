import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { invalidInput } from "../../shared/errors.ts";
import { localDay, monthOf } from "../../shared/time.ts";
import { createAuditLogStore } from "../audit/audit-log-store.ts";
import { requireText } from "../input/parse-input.ts";
import { knownChannels } from "../media-plan/plan-status.ts";
import { createSpendStore } from "./spend-store.ts";
import { type SpendView, toSpendView } from "./spend-view.ts";

export type SpendRequestInput = {
  requesterId: string;
  amountMicros: bigint;
  currency: string;
  channel: string;
  reason: string;
};

/**
 * Stores a pending spend request against the current month (shop time zone) and audits it.
 * The currency must be the shop's (the media plan's), the channel one the shop knows;
 * everything is checked before the insert, so a refused request stores nothing.
 */
export async function requestSpend(
  deps: Pick<Deps, "db" | "clock">,
  shop: ShopConfig,
  input: SpendRequestInput,
): Promise<SpendView> {
  if (input.amountMicros <= 0n)
    throw invalidInput("amount not positive", {
      key: "spend.amountNotPositive",
      params: { text: String(input.amountMicros) },
    });
  if (input.currency !== shop.currency)
    throw invalidInput(`currency ${input.currency} is not the shop's`, {
      key: "spend.currencyMismatch",
      params: { currency: shop.currency, text: input.currency },
    });
  const channels = await knownChannels(deps, shop);
  if (!channels.includes(input.channel))
    throw invalidInput(`unknown channel ${input.channel}`, {
      key: "spend.channelUnknown",
      params: { text: input.channel, channels: channels.join(", ") },
    });
  const reason = requireText("reason", input.reason);
  const now = deps.clock.now();
  const record = await createSpendStore(deps.db).create({
    shopId: shop.id,
    amountMicros: input.amountMicros,
    currency: input.currency,
    channel: input.channel,
    reason,
    month: monthOf(localDay(now, shop.timezone)),
    requesterId: input.requesterId,
    at: now,
  });
  await createAuditLogStore(deps.db).record({
    shopId: shop.id,
    actorId: input.requesterId,
    action: "spend.requested",
    subjectType: "spend_request",
    subjectId: record.id,
    details: {
      amountMicros: record.amountMicros,
      currency: record.currency,
      channel: record.channel,
      reason,
      month: record.month,
    },
    at: now,
  });
  return toSpendView(deps, shop, record);
}

/** Remembers where the request's approval message was posted, so decisions update it in place. */
export async function attachSpendMessage(
  deps: Pick<Deps, "db">,
  id: number,
  channelId: string,
  ts: string,
): Promise<void> {
  await createSpendStore(deps.db).attachMessage(id, channelId, ts);
}
