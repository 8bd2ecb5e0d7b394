import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import type { Day } from "../../shared/time.ts";
import { createTaskStore, type Task } from "./task-store.ts";

/**
 * Open tasks of the shop due on `day` (shop time zone) whose reminder this call claimed: each
 * task is returned once per day however often, and on however many instances, this runs.
 */
export async function claimTaskReminders(deps: Pick<Deps, "db">, shop: ShopConfig, day: Day): Promise<Task[]> {
  const store = createTaskStore(deps.db);
  const claimed: Task[] = [];
  for (const task of await store.dueOn(shop.id, day)) if (await store.claimReminder(task.id, day)) claimed.push(task);
  return claimed;
}
