import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { decideSpend } from "../../domain/approvals/decide-spend.ts";
import { createTranslator } from "../../i18n/translate.ts";
import type { Logger } from "../../shared/logger.ts";
import { publishHome } from "../home/publish-home.ts";
import { ACTIONS } from "../ids.ts";
import type { SlackDeps } from "../publish/publisher.ts";
import { announceSpendOutcome } from "../publish/spend-messages.ts";
import { tellUser, translatorFor, userErrorText } from "../workflow-support.ts";
import { clickSite } from "./action-context.ts";

/**
 * `spend_approve` (value = request id): records the approval; the message is re-rendered in
 * place and, once settled, the requester gets a DM. A click that lost a race, or came after
 * the decision, gets an ephemeral "already decided by …".
 */
export function handleSpendApprove(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(
    ACTIONS.spendApprove,
    async ({ ack, body, action, respond, client, context }) => {
      await ack();
      const log = (context.log as Logger | undefined) ?? deps.logger;
      const site = clickSite(body, respond);
      try {
        const { view, shop, settled } = await decideSpend(deps, {
          requestId: Number(action.value),
          actorId: site.userId,
          decision: "approve",
        });
        await announceSpendOutcome(deps, shop, view, log);
        if (!settled)
          await tellUser(deps, site, { text: createTranslator(shop.locale)("spend.approvalAdded", { id: view.id }) });
        if (site.fromHome) await publishHome(deps, client, site.userId, log);
      } catch (error) {
        await tellUser(deps, site, { text: userErrorText(error, translatorFor(deps), log) });
      }
    },
  );
}
