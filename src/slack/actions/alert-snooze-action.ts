import type { App, BlockAction } from "@slack/bolt";
import { snoozeAlert } from "../../domain/alerts/snooze-alert.ts";
import type { Logger } from "../../shared/logger.ts";
import { ACTIONS } from "../ids.ts";
import type { SlackDeps } from "../publish/publisher.ts";
import { tellUser, translatorFor, userErrorText } from "../workflow-support.ts";
import { parseAlertClick, refreshAlertMessage } from "./alert-action-support.ts";

/** `alert_snooze` (1h / 4h / 24h): silences the alert until then and shows it on the message. */
export function handleAlertSnooze(app: App, deps: SlackDeps): void {
  app.action<BlockAction>(ACTIONS.alertSnooze, async ({ ack, body, action, respond, context }) => {
    await ack();
    const log = (context.log as Logger | undefined) ?? deps.logger;
    try {
      const click = parseAlertClick(body, action, respond);
      const alert = await snoozeAlert(deps, {
        alertId: click.alertId,
        userId: click.userId,
        duration: click.choice ?? "1h",
      });
      await refreshAlertMessage(deps, alert, log);
    } catch (error) {
      await tellUser(deps, { userId: body.user.id, respond }, { text: userErrorText(error, translatorFor(deps), log) });
    }
  });
}
