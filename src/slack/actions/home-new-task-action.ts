import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { Logger } from "../../shared/logger.ts";
import { buildTaskModal } from "../blocks/task-blocks.ts";
import { ACTIONS } from "../ids.ts";
import type { SlackDeps } from "../publish/publisher.ts";
import { translatorFor } from "../workflow-support.ts";

/** App Home "New task": the same modal as the global shortcut. */
export function handleHomeNewTask(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(ACTIONS.homeNewTask, async ({ ack, body, client, context }) => {
    await ack();
    const log = (context.log as Logger | undefined) ?? deps.logger;
    try {
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildTaskModal(translatorFor(deps), deps.config.shops) as never,
      });
    } catch (error) {
      log.warn({ err: error }, "task modal did not open");
    }
  });
}
