import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { checkCanDecide } from "../../domain/approvals/decide-spend.ts";
import { createTranslator } from "../../i18n/translate.ts";
import type { Logger } from "../../shared/logger.ts";
import { buildSpendRejectModal } from "../blocks/spend-blocks.ts";
import { ACTIONS } from "../ids.ts";
import type { SlackDeps } from "../publish/publisher.ts";
import { tellUser, translatorFor, userErrorText } from "../workflow-support.ts";
import { clickSite } from "./action-context.ts";

/** `spend_reject` (value = request id): opens the modal asking why, if the clicker may decide. */
export function handleSpendReject(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(
    ACTIONS.spendReject,
    async ({ ack, body, action, respond, client, context }) => {
      await ack();
      const log = (context.log as Logger | undefined) ?? deps.logger;
      const site = clickSite(body, respond);
      try {
        const { record, shop } = await checkCanDecide(deps, {
          requestId: Number(action.value),
          actorId: site.userId,
          decision: "reject",
        });
        await client.views.open({
          trigger_id: body.trigger_id,
          view: buildSpendRejectModal(createTranslator(shop.locale), record.id) as never,
        });
      } catch (error) {
        await tellUser(deps, site, { text: userErrorText(error, translatorFor(deps), log) });
      }
    },
  );
}
