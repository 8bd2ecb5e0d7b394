import type { App } from "@slack/bolt";
import { parseAmount } from "../../domain/approvals/parse-spend-command.ts";
import { requestSpend } from "../../domain/approvals/request-spend.ts";
import { formatMoney } from "../../i18n/format.ts";
import { createTranslator } from "../../i18n/translate.ts";
import type { Logger } from "../../shared/logger.ts";
import { SPEND_MODAL } from "../blocks/spend-blocks.ts";
import { VIEWS } from "../ids.ts";
import type { SlackDeps } from "../publish/publisher.ts";
import { postSpendRequest } from "../publish/spend-messages.ts";
import { bestEffort, shopById, translatorFor } from "../workflow-support.ts";
import { modalErrors } from "./modal-errors.ts";

/** The App Home spend modal: same checks as `/spend request` (in the shop's currency), then the approval message. */
export function handleSpendNewSubmission(app: App, deps: SlackDeps): void {
  app.view(VIEWS.spendNew, async ({ ack, body, view, context }) => {
    const log = (context.log as Logger | undefined) ?? deps.logger;
    const field = (block: string) => view.state.values[block]?.[SPEND_MODAL.value];
    const shop =
      shopById(deps, field(SPEND_MODAL.shop)?.selected_option?.value ?? view.private_metadata) ?? deps.config.shops[0];
    if (!shop) return void (await ack());
    let result: Awaited<ReturnType<typeof requestSpend>>;
    try {
      result = await requestSpend(deps, shop, {
        requesterId: body.user.id,
        amountMicros: parseAmount(field(SPEND_MODAL.amount)?.value ?? ""),
        currency: shop.currency,
        channel: field(SPEND_MODAL.channel)?.selected_option?.value ?? "",
        reason: field(SPEND_MODAL.reason)?.value ?? "",
      });
    } catch (error) {
      await ack(
        modalErrors(error, translatorFor(deps, shop), log, (key) =>
          key.startsWith("spend.amount")
            ? SPEND_MODAL.amount
            : key.startsWith("spend.channel")
              ? SPEND_MODAL.channel
              : SPEND_MODAL.reason,
        ),
      );
      return;
    }
    await ack();
    const t = createTranslator(shop.locale);
    const request = result;
    await bestEffort(log, "spend request post", async () => {
      const posted = await postSpendRequest(deps, shop, request, shop.channels.approvals ?? body.user.id);
      const amount = formatMoney(request.amount, request.currency, shop.locale);
      await deps.publisher.dm(body.user.id, {
        text: t("spend.requested", { id: request.id, amount, channel: posted.channel }),
      });
    });
  });
}
