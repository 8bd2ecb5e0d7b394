import type { Deps } from "../../deps.ts";
import { createTaskStore, type Task, type TaskFilter } from "./task-store.ts";

export const TASK_LIST_LIMIT = 30;

/** Tasks matching the filter, open ones first by due day; at most TASK_LIST_LIMIT. */
export function listTasks(deps: Pick<Deps, "db">, filter: TaskFilter): Promise<Task[]> {
  return createTaskStore(deps.db).list(filter, TASK_LIST_LIMIT);
}
