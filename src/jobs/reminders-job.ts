import type { ShopConfig } from "../config/shops-schema.ts";
import { expireSpendRequests } from "../domain/approvals/expire-spend-requests.ts";
import { remindApprovers } from "../domain/approvals/remind-approvers.ts";
import { claimTaskReminders } from "../domain/tasks/claim-task-reminders.ts";
import { createTranslator } from "../i18n/translate.ts";
import { localDay } from "../shared/time.ts";
import { escapeMrkdwn } from "../slack/blocks/block.ts";
import { buildSpendReminderDm } from "../slack/blocks/spend-blocks.ts";
import { buildTaskMessage } from "../slack/blocks/task-blocks.ts";
import type { SlackDeps } from "../slack/publish/publisher.ts";
import { announceSpendOutcome } from "../slack/publish/spend-messages.ts";
import type { ScheduledJob } from "./scheduler.ts";

/** How often pending spend requests are checked for reminders and expiry. */
export const SPEND_SWEEP_CRON = "*/15 * * * *";

/**
 * Per shop: task reminders at 09:00 shop time on the due day (`task-reminders:<shop>`), and a
 * sweep of pending spend requests every 15 minutes (`spend-reminders:<shop>`) that expires
 * those older than `approvals.expireAfterDays` (the requester is told, the message updated)
 * and reminds approvers of those older than `approvals.remindAfterHours`. Every reminder is
 * claimed in the database first, so each is sent once even with several instances.
 */
export function createReminderJobs(deps: SlackDeps): ScheduledJob[] {
  return deps.config.shops.flatMap((shop) => [
    {
      key: `task-reminders:${shop.id}`,
      cron: "0 9 * * *",
      timezone: shop.timezone,
      run: async (scheduledAt: Date) => {
        await sendTaskReminders(deps, shop, scheduledAt);
      },
    },
    {
      key: `spend-reminders:${shop.id}`,
      cron: SPEND_SWEEP_CRON,
      timezone: shop.timezone,
      run: async (scheduledAt: Date) => {
        await sweepSpendRequests(deps, shop, scheduledAt);
      },
    },
  ]);
}

/** DMs each assignee whose open task is due on the shop-local day of `at`. */
export async function sendTaskReminders(deps: SlackDeps, shop: ShopConfig, at: Date): Promise<number> {
  const t = createTranslator(shop.locale);
  const log = deps.logger.child({ shopId: shop.id, job: "task-reminders" });
  const tasks = await claimTaskReminders(deps, shop, localDay(at, shop.timezone));
  for (const task of tasks) {
    const headline = t("task.reminder", { id: task.id, title: escapeMrkdwn(task.title) });
    await deps.publisher
      .dm(task.assigneeId, buildTaskMessage(task, headline, t, shop.locale))
      .catch((error: unknown) => {
        log.warn({ err: error, taskId: task.id }, "task reminder not sent");
      });
  }
  return tasks.length;
}

/** Expires overdue spend requests (requester told), then reminds approvers of the ones waiting too long. */
export async function sweepSpendRequests(
  deps: SlackDeps,
  shop: ShopConfig,
  at: Date,
): Promise<{ expired: number; reminded: number }> {
  const t = createTranslator(shop.locale);
  const log = deps.logger.child({ shopId: shop.id, job: "spend-reminders" });
  const expired = await expireSpendRequests(deps, shop, at);
  for (const view of expired) await announceSpendOutcome(deps, shop, view, log);
  const reminders = await remindApprovers(deps, shop, at);
  for (const { view, deciders } of reminders) {
    for (const user of deciders)
      await deps.publisher.dm(user, buildSpendReminderDm(view, shop, t)).catch((error: unknown) => {
        log.warn({ err: error, requestId: view.id, user }, "approval reminder not sent");
      });
  }
  return { expired: expired.length, reminded: reminders.length };
}
