import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import { createTaskStore, type Task } from "./task-store.ts";

/** A task of a configured shop (of `shopId` when given), or `not_found` naming the id. */
export async function findTask(
  deps: Pick<Deps, "db" | "config">,
  taskId: number,
  shopId?: string,
): Promise<{ task: Task; shop: ShopConfig }> {
  const task = await createTaskStore(deps.db).get(taskId);
  const shop = deps.config.shops.find((s) => s.id === task?.shopId);
  if (!task || !shop || (shopId !== undefined && task.shopId !== shopId))
    throw notFound(`no task ${taskId}`, { key: "task.notFound", params: { id: taskId } });
  return { task, shop };
}
