import type { Db } from "../../db/create-db.ts";
import type { Day } from "../../shared/time.ts";

export type TaskStatus = "open" | "done";
export type Task = {
  id: number;
  shopId: string;
  title: string;
  assigneeId: string;
  creatorId: string;
  dueDay: Day | undefined;
  status: TaskStatus;
  createdAt: Date;
  doneAt: Date | undefined;
  doneBy: string | undefined;
};

export type TaskFilter = { shopId?: string; assigneeId?: string; status?: TaskStatus };

export type TaskStore = {
  create(input: {
    shopId: string;
    title: string;
    assigneeId: string;
    creatorId: string;
    dueDay: Day | undefined;
    at: Date;
    /** The alert this task was created from (the alert's "Create task" button). */
    alertId?: number;
  }): Promise<Task>;
  get(id: number): Promise<Task | undefined>;
  /** Open tasks first by due day (undated last), then by id. */
  list(filter: TaskFilter, limit: number): Promise<Task[]>;
  /** Marks an open task done; false when it was already done (a double click, a race). */
  complete(id: number, by: string, at: Date): Promise<boolean>;
  reassign(id: number, assigneeId: string): Promise<boolean>;
  /** Open tasks due on `day` not yet reminded that day. */
  dueOn(shopId: string, day: Day): Promise<Task[]>;
  /** Claims the reminder for `day`; true exactly once per task and day, across instances. */
  claimReminder(id: number, day: Day): Promise<boolean>;
};

type Row = Awaited<ReturnType<Db["prisma"]["task"]["create"]>>;
const toTask = (r: Row): Task => ({
  id: r.id,
  shopId: r.shopId,
  title: r.title,
  assigneeId: r.assigneeId,
  creatorId: r.creatorId,
  dueDay: r.dueDay ?? undefined,
  status: r.status as TaskStatus,
  createdAt: r.createdAt,
  doneAt: r.doneAt ?? undefined,
  doneBy: r.doneBy ?? undefined,
});

export function createTaskStore(db: Db): TaskStore {
  const { prisma } = db;
  return {
    async create(input) {
      const row = await prisma.task.create({
        data: {
          shopId: input.shopId,
          title: input.title,
          assigneeId: input.assigneeId,
          creatorId: input.creatorId,
          dueDay: input.dueDay ?? null,
          status: "open",
          createdAt: input.at,
          alertId: input.alertId ?? null,
        },
      });
      return toTask(row);
    },
    async get(id) {
      const row = await prisma.task.findUnique({ where: { id } });
      return row ? toTask(row) : undefined;
    },
    async list(filter, limit) {
      const rows = await prisma.task.findMany({
        where: {
          ...(filter.shopId ? { shopId: filter.shopId } : {}),
          ...(filter.assigneeId ? { assigneeId: filter.assigneeId } : {}),
          ...(filter.status ? { status: filter.status } : {}),
        },
        orderBy: [{ status: "desc" }, { id: "desc" }],
        take: 1000,
      });
      // Undated tasks last; NULL ordering differs between SQLite and PostgreSQL, so sort here.
      return rows
        .map(toTask)
        .sort(
          (a, b) =>
            (a.status === b.status ? 0 : a.status === "open" ? -1 : 1) ||
            (a.dueDay ?? "9999").localeCompare(b.dueDay ?? "9999") ||
            a.id - b.id,
        )
        .slice(0, limit);
    },
    async complete(id, by, at) {
      const { count } = await prisma.task.updateMany({
        where: { id, status: "open" },
        data: { status: "done", doneAt: at, doneBy: by },
      });
      return count === 1;
    },
    async reassign(id, assigneeId) {
      const { count } = await prisma.task.updateMany({
        where: { id, status: "open" },
        data: { assigneeId, remindedOnDay: null },
      });
      return count === 1;
    },
    async dueOn(shopId, day) {
      const rows = await prisma.task.findMany({
        where: { shopId, status: "open", dueDay: day, OR: [{ remindedOnDay: null }, { remindedOnDay: { not: day } }] },
        orderBy: { id: "asc" },
      });
      return rows.map(toTask);
    },
    async claimReminder(id, day) {
      const { count } = await prisma.task.updateMany({
        where: { id, status: "open", OR: [{ remindedOnDay: null }, { remindedOnDay: { not: day } }] },
        data: { remindedOnDay: day },
      });
      return count === 1;
    },
  };
}
