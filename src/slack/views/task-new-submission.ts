import type { App } from "@slack/bolt";
import { addTask } from "../../domain/tasks/add-task.ts";
import { createTranslator } from "../../i18n/translate.ts";
import type { Logger } from "../../shared/logger.ts";
import { parseAlertTaskMetadata } from "../blocks/alert-blocks.ts";
import { escapeMrkdwn } from "../blocks/block.ts";
import { buildTaskMessage, TASK_MODAL } from "../blocks/task-blocks.ts";
import { VIEWS } from "../ids.ts";
import type { SlackDeps } from "../publish/publisher.ts";
import { bestEffort, shopById, translatorFor } from "../workflow-support.ts";
import { modalErrors } from "./modal-errors.ts";

/** The "New task" modal: validated before the modal closes (inline errors, nothing stored), then the assignee's DM. */
export function handleTaskNewSubmission(app: App, deps: SlackDeps): void {
  app.view(VIEWS.taskNew, async ({ ack, body, view, context }) => {
    const log = (context.log as Logger | undefined) ?? deps.logger;
    const values = view.state.values;
    const field = (block: string) => values[block]?.[TASK_MODAL.value];
    // From an alert's "Create task" the metadata names the shop and the alert; else it is a shop id.
    const fromAlert = parseAlertTaskMetadata(view.private_metadata);
    const shop =
      shopById(deps, field(TASK_MODAL.shop)?.selected_option?.value ?? fromAlert?.shopId ?? view.private_metadata) ??
      deps.config.shops[0];
    if (!shop) return void (await ack());
    const t = createTranslator(shop.locale);
    let task: Awaited<ReturnType<typeof addTask>>;
    try {
      task = await addTask(deps, shop, {
        creatorId: body.user.id,
        assigneeId: field(TASK_MODAL.assignee)?.selected_user ?? "",
        title: field(TASK_MODAL.title)?.value ?? "",
        dueDay: field(TASK_MODAL.due)?.selected_date ?? undefined,
        ...(fromAlert ? { alertId: fromAlert.alertId } : {}),
      });
    } catch (error) {
      await ack(
        modalErrors(error, translatorFor(deps, shop), log, (key) =>
          key.startsWith("input.") && key !== "input.missing" ? TASK_MODAL.due : TASK_MODAL.title,
        ),
      );
      return;
    }
    await ack();
    const headline = t("task.assigned", { creator: body.user.id, id: task.id, title: escapeMrkdwn(task.title) });
    await bestEffort(log, "task dm", () =>
      deps.publisher.dm(task.assigneeId, buildTaskMessage(task, headline, t, shop.locale)),
    );
  });
}
