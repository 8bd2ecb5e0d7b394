import { addTask } from "../../domain/tasks/add-task.ts";
import { completeTask } from "../../domain/tasks/complete-task.ts";
import { listTasks } from "../../domain/tasks/list-tasks.ts";
import { parseTaskCommand } from "../../domain/tasks/parse-task-command.ts";
import { reassignTask } from "../../domain/tasks/reassign-task.ts";
import { formatDay } from "../../i18n/format.ts";
import { localDay } from "../../shared/time.ts";
import { escapeMrkdwn, section } from "../blocks/block.ts";
import { buildTaskListMessage, buildTaskMessage } from "../blocks/task-blocks.ts";
import { asCommandInputError, bestEffort, ensureSlackUser } from "../workflow-support.ts";
import type { CommandReply, CommandRequest, SlashCommand } from "./slash-command.ts";

/** `/task add|list|done|reassign`: the assignee gets a DM with a Done button; completing tells the creator. */
export const taskCommand: SlashCommand = {
  name: "/task",
  usageKey: "usage.task",
  needsShop: true,
  handle: (request) => handleTask(request).catch(asCommandInputError),
};

async function handleTask(request: CommandRequest): Promise<CommandReply> {
  const { deps, t, log, userId, client } = request;
  const shop = request.shop!;
  const command = parseTaskCommand(request.text, localDay(deps.clock.now(), shop.timezone));
  const reply = (text: string): CommandReply => ({ text, blocks: [section(text)] });
  switch (command.kind) {
    case "add": {
      await ensureSlackUser(client, command.assigneeId);
      const task = await addTask(deps, shop, {
        creatorId: userId,
        assigneeId: command.assigneeId,
        title: command.title,
        dueDay: command.dueDay,
      });
      const headline = t("task.assigned", { creator: userId, id: task.id, title: escapeMrkdwn(task.title) });
      await bestEffort(log, "task dm", () =>
        deps.publisher.dm(task.assigneeId, buildTaskMessage(task, headline, t, shop.locale)),
      );
      const due = task.dueDay ? t("task.dueSuffix", { day: formatDay(task.dueDay, shop.locale) }) : "";
      return reply(t("task.created", { id: task.id, user: task.assigneeId, due }));
    }
    case "list": {
      const scope = command.scope;
      const assigneeId = scope === "mine" ? userId : scope === "all" ? undefined : scope.assigneeId;
      const tasks = await listTasks(deps, { shopId: shop.id, ...(assigneeId ? { assigneeId } : {}) });
      return buildTaskListMessage(tasks, shop, t);
    }
    case "done": {
      const { task } = await completeTask(deps, { taskId: command.id, actorId: userId, shopId: shop.id });
      if (task.creatorId !== userId)
        await bestEffort(log, "task done dm", () =>
          deps.publisher.dm(task.creatorId, {
            text: t("task.completedForCreator", { user: userId, id: task.id, title: escapeMrkdwn(task.title) }),
          }),
        );
      return reply(t("task.done", { id: task.id }));
    }
    case "reassign": {
      await ensureSlackUser(client, command.assigneeId);
      const { task } = await reassignTask(deps, {
        taskId: command.id,
        actorId: userId,
        assigneeId: command.assigneeId,
        shopId: shop.id,
      });
      const headline = t("task.reassignedToYou", { actor: userId, id: task.id, title: escapeMrkdwn(task.title) });
      await bestEffort(log, "task dm", () =>
        deps.publisher.dm(task.assigneeId, buildTaskMessage(task, headline, t, shop.locale)),
      );
      return reply(t("task.reassigned", { id: task.id, user: task.assigneeId }));
    }
  }
}
