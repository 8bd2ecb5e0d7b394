import type { ShopConfig } from "../../config/shops-schema.ts";
import type { HomeOverview } from "../../domain/home/get-home-overview.ts";
import { formatDay, formatInstant, formatMoney } from "../../i18n/format.ts";
import type { Translator } from "../../i18n/translate.ts";
import { ACTIONS } from "../ids.ts";
import { actions, type Block, button, context, divider, escapeMrkdwn, header, section, truncate } from "./block.ts";

/**
 * The App Home tab: buttons for the common actions, the person's open tasks (each with Done),
 * the spend requests waiting for them (with Approve / Reject) and the latest alerts.
 */
export function buildHomeView(overview: HomeOverview, shops: ShopConfig[], t: Translator): Record<string, unknown> {
  const shopOf = (id: string) => shops.find((s) => s.id === id);
  const blocks: Block[] = [
    header(t("home.title")),
    actions("home_actions", [
      button(t("home.newTask"), ACTIONS.homeNewTask, "new_task", "primary"),
      button(t("home.newSpend"), ACTIONS.homeNewSpend, "new_spend"),
    ]),
    context(t("home.help")),
    divider(),
    section(`*${t("home.tasks")}*`),
  ];
  if (overview.tasks.length === 0) blocks.push(context(t("home.noTasks")));
  for (const task of overview.tasks) {
    const shop = shopOf(task.shopId);
    const due = task.dueDay && shop ? t("task.due", { day: formatDay(task.dueDay, shop.locale) }) : t("task.noDue");
    blocks.push({
      ...section(`#${task.id} ${escapeMrkdwn(truncate(task.title, 200))}\n_${due}_`),
      accessory: button(t("task.button.done"), ACTIONS.taskDone, String(task.id)),
    });
  }
  blocks.push(divider(), section(`*${t("home.approvals")}*`));
  if (overview.approvals.length === 0) blocks.push(context(t("home.noApprovals")));
  for (const view of overview.approvals) {
    const shop = shopOf(view.shopId);
    const amount = shop ? formatMoney(view.amount, view.currency, shop.locale) : String(view.amount);
    blocks.push(
      section(
        `${t("spend.message.fallback", { id: view.id, amount, channel: escapeMrkdwn(view.channel), user: view.requesterId })}\n${escapeMrkdwn(truncate(view.reason, 300))}`,
      ),
      actions(`home_spend_${view.id}`, [
        button(t("spend.button.approve"), ACTIONS.spendApprove, String(view.id), "primary"),
        button(t("spend.button.reject"), ACTIONS.spendReject, String(view.id), "danger"),
      ]),
    );
  }
  blocks.push(divider(), section(`*${t("home.alerts")}*`));
  if (overview.alerts.length === 0) blocks.push(context(t("home.noAlerts")));
  for (const alert of overview.alerts) {
    const shop = shopOf(alert.shopId);
    blocks.push(
      context(
        t("home.alertRow", {
          severity: alert.severity,
          kind: alert.kind,
          shop: shop?.name ?? alert.shopId,
          status: alert.status,
          when: shop ? formatInstant(alert.openedAt, shop.timezone, shop.locale) : alert.openedAt.toISOString(),
        }),
      ),
    );
  }
  // A Home tab holds at most 100 blocks.
  return { type: "home", blocks: blocks.slice(0, 100) };
}
