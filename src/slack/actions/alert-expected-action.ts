import type { App, BlockAction } from "@slack/bolt";
import { createAlertStore } from "../../domain/alerts/alert-store.ts";
import { markAlertExpected } from "../../domain/alerts/mark-alert-expected.ts";
import { notFound } from "../../shared/errors.ts";
import type { Logger } from "../../shared/logger.ts";
import { ACTIONS } from "../ids.ts";
import type { SlackDeps } from "../publish/publisher.ts";
import { shopById, tellUser, translatorFor, userErrorText } from "../workflow-support.ts";
import { parseAlertClick, refreshAlertMessage } from "./alert-action-support.ts";

/**
 * `alert_expected` (expected / false alarm / expected uplift): records the feedback that
 * lowers the metric's future sensitivity, marks the alert, and for an expected uplift adds
 * the promo entry (told to the clicker). A plain button click counts as "expected".
 */
export function handleAlertExpected(app: App, deps: SlackDeps): void {
  app.action<BlockAction>(ACTIONS.alertExpected, async ({ ack, body, action, respond, context }) => {
    await ack();
    const log = (context.log as Logger | undefined) ?? deps.logger;
    try {
      const click = parseAlertClick(body, action, respond);
      const stored = await createAlertStore(deps.db).get(click.alertId);
      const shop = shopById(deps, stored?.shopId);
      if (!stored || !shop)
        throw notFound(`alert ${click.alertId}`, { key: "alerts.notFound", params: { id: click.alertId } });
      const { alert, promo } = await markAlertExpected(deps, shop, {
        alertId: click.alertId,
        userId: click.userId,
        choice: click.choice ?? "expected",
      });
      await refreshAlertMessage(deps, alert, log);
      if (promo) {
        const t = translatorFor(deps, shop);
        const text = t("alerts.promoCreated", { name: promo.name, from: promo.startDay, to: promo.endDay });
        await tellUser(deps, { userId: click.userId, respond }, { text });
      }
    } catch (error) {
      await tellUser(deps, { userId: body.user.id, respond }, { text: userErrorText(error, translatorFor(deps), log) });
    }
  });
}
