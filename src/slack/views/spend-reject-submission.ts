import type { App } from "@slack/bolt";
import { decideSpend } from "../../domain/approvals/decide-spend.ts";
import type { Logger } from "../../shared/logger.ts";
import { SPEND_MODAL } from "../blocks/spend-blocks.ts";
import { VIEWS } from "../ids.ts";
import type { SlackDeps } from "../publish/publisher.ts";
import { announceSpendOutcome } from "../publish/spend-messages.ts";
import { translatorFor } from "../workflow-support.ts";
import { modalErrors } from "./modal-errors.ts";

/**
 * The reject modal: a reason is required. If someone decided meanwhile, the modal shows
 * "already decided by …" instead of closing; otherwise the message is re-rendered and the requester told.
 */
export function handleSpendRejectSubmission(app: App, deps: SlackDeps): void {
  app.view(VIEWS.spendReject, async ({ ack, body, view, context }) => {
    const log = (context.log as Logger | undefined) ?? deps.logger;
    const reason = view.state.values[SPEND_MODAL.reason]?.[SPEND_MODAL.value]?.value ?? "";
    try {
      const result = await decideSpend(deps, {
        requestId: Number(view.private_metadata),
        actorId: body.user.id,
        decision: "reject",
        reason,
      });
      await ack();
      await announceSpendOutcome(deps, result.shop, result.view, log);
    } catch (error) {
      await ack(modalErrors(error, translatorFor(deps), log, () => SPEND_MODAL.reason));
    }
  });
}
