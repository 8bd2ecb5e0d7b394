import type { App, BlockAction } from "@slack/bolt";
import { createAlertStore } from "../../domain/alerts/alert-store.ts";
import { notFound } from "../../shared/errors.ts";
import type { Logger } from "../../shared/logger.ts";
import { buildAlertTaskModal } from "../blocks/alert-blocks.ts";
import { ACTIONS } from "../ids.ts";
import type { SlackDeps } from "../publish/publisher.ts";
import { shopById, tellUser, translatorFor, userErrorText } from "../workflow-support.ts";
import { parseAlertClick } from "./alert-action-support.ts";

/** `alert_task` (value = alert id): opens the task modal prefilled from the alert, assigned to the clicker. */
export function handleAlertTask(app: App, deps: SlackDeps): void {
  app.action<BlockAction>(ACTIONS.alertTask, async ({ ack, body, action, respond, client, context }) => {
    await ack();
    const log = (context.log as Logger | undefined) ?? deps.logger;
    try {
      const click = parseAlertClick(body, action, respond);
      const alert = await createAlertStore(deps.db).get(click.alertId);
      const shop = shopById(deps, alert?.shopId);
      if (!alert || !shop)
        throw notFound(`alert ${click.alertId}`, { key: "alerts.notFound", params: { id: click.alertId } });
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildAlertTaskModal(alert, shop, click.userId) as never,
      });
    } catch (error) {
      await tellUser(deps, { userId: body.user.id, respond }, { text: userErrorText(error, translatorFor(deps), log) });
    }
  });
}
