import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { invalidInput } from "../../shared/errors.ts";
import { type Day, isValidDay, localDay } from "../../shared/time.ts";
import { createAuditLogStore } from "../audit/audit-log-store.ts";
import { requireText } from "../input/parse-input.ts";
import { createTaskStore, type Task } from "./task-store.ts";

export type AddTaskInput = {
  creatorId: string;
  assigneeId: string;
  title: string;
  dueDay: Day | undefined;
  alertId?: number;
};

/**
 * Stores an open task for `shop` and audits it. The due day is a day in the shop's time zone
 * and must not be before the shop's today; the title is stored verbatim. Validation happens
 * before anything is written, so bad input stores nothing.
 */
export async function addTask(deps: Pick<Deps, "db" | "clock">, shop: ShopConfig, input: AddTaskInput): Promise<Task> {
  const now = deps.clock.now();
  const title = requireText("title", input.title);
  if (input.dueDay !== undefined) {
    if (!isValidDay(input.dueDay))
      throw invalidInput("bad due day", { key: "input.badDay", params: { text: input.dueDay } });
    if (input.dueDay < localDay(now, shop.timezone))
      throw invalidInput("due day in the past", { key: "input.dayInPast", params: { day: input.dueDay } });
  }
  const task = await createTaskStore(deps.db).create({
    shopId: shop.id,
    title,
    assigneeId: input.assigneeId,
    creatorId: input.creatorId,
    dueDay: input.dueDay,
    at: now,
    ...(input.alertId === undefined ? {} : { alertId: input.alertId }),
  });
  await createAuditLogStore(deps.db).record({
    shopId: shop.id,
    actorId: input.creatorId,
    action: "task.created",
    subjectType: "task",
    subjectId: task.id,
    details: { title, assigneeId: task.assigneeId, dueDay: task.dueDay ?? null },
    at: now,
  });
  return task;
}
