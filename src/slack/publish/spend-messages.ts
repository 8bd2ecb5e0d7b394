import type { ShopConfig } from "../../config/shops-schema.ts";
import { attachSpendMessage } from "../../domain/approvals/request-spend.ts";
import type { SpendView } from "../../domain/approvals/spend-view.ts";
import { createTranslator } from "../../i18n/translate.ts";
import type { Logger } from "../../shared/logger.ts";
import { buildSpendOutcomeDm, buildSpendRequestMessage } from "../blocks/spend-blocks.ts";
import type { PostedMessage, SlackDeps } from "./publisher.ts";

/** Posts a new request's approval message and remembers where, so every later step updates it in place. */
export async function postSpendRequest(
  deps: SlackDeps,
  shop: ShopConfig,
  view: SpendView,
  channel: string,
): Promise<PostedMessage> {
  const posted = await deps.publisher.post(
    channel,
    buildSpendRequestMessage(view, shop, createTranslator(shop.locale)),
  );
  await attachSpendMessage(deps, view.id, posted.channel, posted.ts);
  return posted;
}

/**
 * After a decision or an expiry: re-renders the approval message in place and, once the
 * request is settled, DMs the requester. Both are notices: failures are logged, the decision stands.
 */
export async function announceSpendOutcome(
  deps: SlackDeps,
  shop: ShopConfig,
  view: SpendView,
  log: Logger,
): Promise<void> {
  const t = createTranslator(shop.locale);
  if (view.channelId && view.messageTs) {
    const at = { channel: view.channelId, ts: view.messageTs };
    await deps.publisher.update(at, buildSpendRequestMessage(view, shop, t)).catch((error: unknown) => {
      log.warn({ err: error, requestId: view.id }, "spend message update failed");
    });
  }
  if (view.status !== "pending")
    await deps.publisher.dm(view.requesterId, buildSpendOutcomeDm(view, shop, t)).catch((error: unknown) => {
      log.warn({ err: error, requestId: view.id }, "spend outcome dm failed");
    });
}
