import type { App, BlockAction } from "@slack/bolt";
import { acknowledgeAlert } from "../../domain/alerts/acknowledge-alert.ts";
import type { Logger } from "../../shared/logger.ts";
import { ACTIONS } from "../ids.ts";
import type { SlackDeps } from "../publish/publisher.ts";
import { tellUser, translatorFor, userErrorText } from "../workflow-support.ts";
import { parseAlertClick, refreshAlertMessage } from "./alert-action-support.ts";

/** `alert_ack` (value = alert id): records who took the alert on and updates its message in place. */
export function handleAlertAck(app: App, deps: SlackDeps): void {
  app.action<BlockAction>(ACTIONS.alertAck, async ({ ack, body, action, respond, context }) => {
    await ack();
    const log = (context.log as Logger | undefined) ?? deps.logger;
    try {
      const click = parseAlertClick(body, action, respond);
      const alert = await acknowledgeAlert(deps, { alertId: click.alertId, userId: click.userId });
      await refreshAlertMessage(deps, alert, log);
    } catch (error) {
      await tellUser(deps, { userId: body.user.id, respond }, { text: userErrorText(error, translatorFor(deps), log) });
    }
  });
}
