import type { App, GlobalShortcut } from "@slack/bolt";
import type { Logger } from "../../shared/logger.ts";
import { buildTaskModal } from "../blocks/task-blocks.ts";
import { SHORTCUTS } from "../ids.ts";
import type { SlackDeps } from "../publish/publisher.ts";
import { translatorFor } from "../workflow-support.ts";

/** Global shortcut "New task": opens the task modal. */
export function handleTaskNewShortcut(app: App, deps: SlackDeps): void {
  app.shortcut<GlobalShortcut>(SHORTCUTS.taskNew, async ({ ack, body, client, context }) => {
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
