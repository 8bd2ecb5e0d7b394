import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { completeTask } from "../../domain/tasks/complete-task.ts";
import { createTranslator } from "../../i18n/translate.ts";
import type { Logger } from "../../shared/logger.ts";
import { escapeMrkdwn } from "../blocks/block.ts";
import { buildTaskMessage } from "../blocks/task-blocks.ts";
import { publishHome } from "../home/publish-home.ts";
import { ACTIONS } from "../ids.ts";
import type { SlackDeps } from "../publish/publisher.ts";
import { bestEffort, tellUser, translatorFor, userErrorText } from "../workflow-support.ts";
import { clickSite } from "./action-context.ts";

/** `task_done` (value = task id): completes the task, re-renders the DM without the button, tells the creator. */
export function handleTaskDone(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(ACTIONS.taskDone, async ({ ack, body, action, respond, client, context }) => {
    await ack();
    const log = (context.log as Logger | undefined) ?? deps.logger;
    const site = clickSite(body, respond);
    try {
      const { task, shop } = await completeTask(deps, { taskId: Number(action.value), actorId: site.userId });
      const t = createTranslator(shop.locale);
      const title = escapeMrkdwn(task.title);
      if (site.message) {
        const at = site.message;
        const headline = t("task.assigned", { creator: task.creatorId, id: task.id, title });
        await bestEffort(log, "task message update", () =>
          deps.publisher.update(at, buildTaskMessage(task, headline, t, shop.locale)),
        );
      }
      if (task.creatorId !== site.userId)
        await bestEffort(log, "task done dm", () =>
          deps.publisher.dm(task.creatorId, {
            text: t("task.completedForCreator", { user: site.userId, id: task.id, title }),
          }),
        );
      if (site.fromHome) await publishHome(deps, client, site.userId, log);
    } catch (error) {
      await tellUser(deps, site, { text: userErrorText(error, translatorFor(deps), log) });
    }
  });
}
