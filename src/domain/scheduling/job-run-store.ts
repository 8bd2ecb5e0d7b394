import type { Db } from "../../db/create-db.ts";

export type JobRunStore = ReturnType<typeof createJobRunStore>;

/**
 * Claims of scheduled runs in the JobRun table. The unique (job, scheduledAt) key means one
 * instance among many wins each run; a claim whose instance stopped heart-beating for
 * `staleAfterMs` (it crashed) can be taken over by another.
 */
export function createJobRunStore(db: Db) {
  const runs = db.prisma.jobRun;
  return {
    /** True when this instance now owns the run (new claim or take-over of a dead one). */
    async claim(job: string, scheduledAt: Date, instanceId: string, now: Date, staleAfterMs: number): Promise<boolean> {
      try {
        await runs.create({
          data: { job, scheduledAt, instanceId, status: "running", startedAt: now, heartbeatAt: now },
        });
        return true;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      // Someone claimed it first: take it over only if that claim is dead (conditional update).
      const taken = await runs.updateMany({
        where: { job, scheduledAt, status: "running", heartbeatAt: { lt: new Date(now.getTime() - staleAfterMs) } },
        data: { instanceId, startedAt: now, heartbeatAt: now },
      });
      return taken.count === 1;
    },

    async finish(job: string, scheduledAt: Date, instanceId: string, now: Date, error?: string): Promise<void> {
      await runs.updateMany({
        where: { job, scheduledAt, instanceId },
        data: { status: error ? "failed" : "done", finishedAt: now, error: error ?? null },
      });
    },

    /** Keeps this instance's running claims alive. */
    async heartbeat(instanceId: string, now: Date): Promise<void> {
      await runs.updateMany({ where: { instanceId, status: "running" }, data: { heartbeatAt: now } });
    },

    /** On shutdown: leaves unfinished runs for another instance to take over at once. */
    async release(instanceId: string): Promise<number> {
      const released = await runs.updateMany({
        where: { instanceId, status: "running" },
        data: { heartbeatAt: new Date(0) },
      });
      return released.count;
    },

    async recent(limit = 20) {
      return runs.findMany({ orderBy: { startedAt: "desc" }, take: limit });
    },
  };
}

/** Prisma's unique-constraint error, the same on both adapters. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
