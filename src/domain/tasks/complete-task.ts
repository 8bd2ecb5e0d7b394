import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { notAllowed, ShopOpsError } from "../../shared/errors.ts";
import { createAuditLogStore } from "../audit/audit-log-store.ts";
import { findTask } from "./find-task.ts";
import { createTaskStore, type Task } from "./task-store.ts";

/**
 * Marks a task done for the assignee, its creator or a shop admin. Exactly one of several
 * concurrent completions wins; the others get `already_decided` naming who finished it.
 * `shopId` given: the task must belong to that shop (commands); else any configured shop (buttons).
 */
export async function completeTask(
  deps: Pick<Deps, "db" | "clock" | "config">,
  input: { taskId: number; actorId: string; shopId?: string },
): Promise<{ task: Task; shop: ShopConfig }> {
  const { task, shop } = await findTask(deps, input.taskId, input.shopId);
  if (task.status === "done") throw alreadyDone(task);
  const allowed = [task.assigneeId, task.creatorId, ...shop.admins].includes(input.actorId);
  if (!allowed) throw notAllowed("not the task's people", { key: "task.notAllowed", params: { id: task.id } });
  const now = deps.clock.now();
  const store = createTaskStore(deps.db);
  if (!(await store.complete(task.id, input.actorId, now))) {
    const current = await store.get(task.id);
    throw alreadyDone(current ?? task);
  }
  await createAuditLogStore(deps.db).record({
    shopId: shop.id,
    actorId: input.actorId,
    action: "task.done",
    subjectType: "task",
    subjectId: task.id,
    at: now,
  });
  return { task: { ...task, status: "done", doneAt: now, doneBy: input.actorId }, shop };
}

function alreadyDone(task: Task): ShopOpsError {
  return new ShopOpsError("already_decided", `task ${task.id} already done`, {
    user: { key: "task.alreadyDone", params: { id: task.id, user: task.doneBy ?? "" } },
  });
}
