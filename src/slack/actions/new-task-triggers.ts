import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, GlobalShortcut } from "@slack/bolt";
import type { Logger } from "../../shared/logger.ts";
import { buildTaskModal } from "../blocks/task-blocks.ts";
import { ACTIONS, SHORTCUTS } from "../ids.ts";
import type { SlackDeps } from "../publish/publisher.ts";
import { translatorFor } from "../workflow-support.ts";

/** The global "New task" shortcut and the App Home button open the same task modal. */
export function handleNewTaskTriggers(app: App, deps: SlackDeps): void {
  const open = async (triggerId: string, { client, context }: AllMiddlewareArgs) => {
    const log = (context.log as Logger | undefined) ?? deps.logger;
    try {
      await client.views.open({
        trigger_id: triggerId,
        view: buildTaskModal(translatorFor(deps), deps.config.shops) as never,
      });
    } catch (error) {
      log.warn({ err: error }, "task modal did not open");
    }
  };
  app.shortcut<GlobalShortcut>(SHORTCUTS.taskNew, async (args) => {
    await args.ack();
    await open(args.body.trigger_id, args);
  });
  app.action<BlockAction<ButtonAction>>(ACTIONS.homeNewTask, async (args) => {
    await args.ack();
    await open(args.body.trigger_id, args);
  });
}
