import type { BlockAction, BlockElementAction, RespondFn } from "@slack/bolt";
import type { AlertRecord } from "../../domain/alerts/alert-store.ts";
import { invalidInput } from "../../shared/errors.ts";
import type { Logger } from "../../shared/logger.ts";
import { ALERT_ACTIONS_BLOCK, alertRenderOptions, buildAlertMessage } from "../blocks/alert-blocks.ts";
import type { SlackDeps } from "../publish/publisher.ts";
import { bestEffort, shopById } from "../workflow-support.ts";

/** What an alert button or menu click says: which alert, and the chosen option of a menu. */
export type AlertClick = { alertId: number; choice: string | undefined; userId: string; respond: RespondFn };

/**
 * Reads the alert id from a button's value ("42"), a menu option's value ("42:4h" or "4h"),
 * or the actions block id ("alert_actions:42"); the choice is a menu option's last part.
 */
export function parseAlertClick(body: BlockAction, action: BlockElementAction, respond: RespondFn): AlertClick {
  const value = "value" in action && typeof action.value === "string" ? action.value : undefined;
  const selected =
    "selected_option" in action && action.selected_option ? String(action.selected_option.value) : undefined;
  const raw = selected ?? value ?? "";
  const [first = "", second] = raw.split(":");
  const fromBlock = action.block_id.startsWith(`${ALERT_ACTIONS_BLOCK}:`) ? action.block_id.split(":")[1] : undefined;
  const idText = /^\d+$/.test(first) ? first : (fromBlock ?? (value && /^\d+$/.test(value) ? value : ""));
  const choice = second ?? (selected && !/^\d+$/.test(first) ? first : undefined);
  const alertId = Number(idText);
  if (!Number.isInteger(alertId) || alertId <= 0)
    throw invalidInput(`no alert id in ${action.action_id}`, { key: "alerts.notFound", params: { id: raw } });
  return { alertId, choice, userId: body.user.id, respond };
}

/** Re-renders an alert's message in place with its new state (ack, snooze, expected). */
export async function refreshAlertMessage(deps: SlackDeps, alert: AlertRecord, log: Logger): Promise<void> {
  const shop = shopById(deps, alert.shopId);
  if (!shop || !alert.channelId || !alert.messageTs) return;
  const at = { channel: alert.channelId, ts: alert.messageTs };
  await bestEffort(log, "alert message update", () =>
    deps.publisher.update(at, buildAlertMessage(alert, alertRenderOptions(shop))),
  );
}
