import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { notAllowed, ShopOpsError } from "../../shared/errors.ts";
import { createAuditLogStore } from "../audit/audit-log-store.ts";
import { findTask } from "./find-task.ts";
import { createTaskStore, type Task } from "./task-store.ts";

/** Hands an open task to someone else (assignee, creator or an admin may); audited. */
export async function reassignTask(
  deps: Pick<Deps, "db" | "clock" | "config">,
  input: { taskId: number; actorId: string; assigneeId: string; shopId?: string },
): Promise<{ task: Task; previousAssigneeId: string; shop: ShopConfig }> {
  const { task, shop } = await findTask(deps, input.taskId, input.shopId);
  if ([task.assigneeId, task.creatorId, ...shop.admins].includes(input.actorId) === false)
    throw notAllowed("not the task's people", { key: "task.notAllowed", params: { id: task.id } });
  const store = createTaskStore(deps.db);
  if (task.status === "done" || !(await store.reassign(task.id, input.assigneeId)))
    throw new ShopOpsError("already_decided", `task ${task.id} is done`, {
      user: { key: "task.alreadyDone", params: { id: task.id, user: task.doneBy ?? "" } },
    });
  await createAuditLogStore(deps.db).record({
    shopId: shop.id,
    actorId: input.actorId,
    action: "task.reassigned",
    subjectType: "task",
    subjectId: task.id,
    details: { from: task.assigneeId, to: input.assigneeId },
    at: deps.clock.now(),
  });
  return { task: { ...task, assigneeId: input.assigneeId }, previousAssigneeId: task.assigneeId, shop };
}
