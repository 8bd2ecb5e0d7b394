import cron, { type RunCoordinator, type ScheduledTask } from "node-cron";
import type { Db } from "../db/create-db.ts";
import { createJobRunStore } from "../domain/scheduling/job-run-store.ts";
import type { Clock } from "../shared/clock.ts";
import type { Logger } from "../shared/logger.ts";

/** A recurring job. `key` is unique across the deployment (e.g. "pull:acme", "digest:12"). */
export type ScheduledJob = {
  key: string;
  cron: string;
  timezone: string;
  run(scheduledAt: Date): Promise<void>;
  /**
   * When set, `catchUp()` runs the latest slot at most this old that no instance ran: one
   * missed while the whole deployment was down or being redeployed.
   */
  catchUpWithinMs?: number;
};

export type Scheduler = {
  /** Adds or replaces a job (subscriptions change at run time). */
  add(job: ScheduledJob): void;
  /** Adds the job unless one with the same key, cron and time zone is scheduled already. */
  ensure(job: ScheduledJob): void;
  remove(key: string): void;
  keys(): string[];
  /** Runs a job's slot through the same claim as a cron fire; false when another instance has it. */
  fire(key: string, scheduledAt: Date): Promise<boolean>;
  /**
   * At start: for every job with `catchUpWithinMs`, fires its latest slot in that window
   * (claimed like any fire, so a slot another instance ran or is running is left alone).
   * Returns the slots this instance ran.
   */
  catchUp(): Promise<Array<{ key: string; scheduledAt: Date }>>;
  stop(): Promise<void>;
};

const HEARTBEAT_MS = 15_000;
const STALE_AFTER_MS = 60_000;
const SLOT = /^(.*):(\d{4}-\d{2}-\d{2}T[\d:.]+Z)$/;

/**
 * node-cron fires every instance at the same slot; its run coordinator asks ours, which
 * claims (job, slot) in the JobRun table, so each slot runs on exactly one instance.
 */
export function createScheduler(deps: { db: Db; clock: Clock; logger: Logger; instanceId: string }): Scheduler {
  const store = createJobRunStore(deps.db);
  const jobs = new Map<string, { job: ScheduledJob; task: ScheduledTask }>();
  /** Claims being made and runs under way: stop() waits for both before releasing. */
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    return work.finally(() => inFlight.delete(work));
  };
  let stopping = false;

  const coordinator: RunCoordinator = {
    async shouldRun(key) {
      const match = SLOT.exec(key);
      // A stopping instance takes no new slot: another instance has it, or the next one comes.
      if (!match || stopping) return false;
      return track(
        store.claim(
          match[1] as string,
          new Date(match[2] as string),
          deps.instanceId,
          deps.clock.now(),
          STALE_AFTER_MS,
        ),
      );
    },
  };

  const heartbeat = setInterval(() => {
    store.heartbeat(deps.instanceId, deps.clock.now()).catch((error: unknown) => {
      deps.logger.warn({ err: error }, "job heartbeat failed");
    });
  }, HEARTBEAT_MS);
  heartbeat.unref();

  async function execute(job: ScheduledJob, scheduledAt: Date): Promise<void> {
    const log = deps.logger.child({ job: job.key, scheduledAt: scheduledAt.toISOString() });
    await track(
      job.run(scheduledAt).then(
        () => store.finish(job.key, scheduledAt, deps.instanceId, deps.clock.now()),
        async (error: unknown) => {
          log.error({ err: error }, "job failed");
          await store.finish(job.key, scheduledAt, deps.instanceId, deps.clock.now(), String(error));
        },
      ),
    );
  }

  return {
    add(job) {
      // A digest sync finishing during shutdown must not schedule anything again.
      if (stopping) return;
      this.remove(job.key);
      const task = cron.schedule(job.cron, (context) => execute(job, context.date), {
        name: job.key,
        timezone: job.timezone,
        distributed: true,
        runCoordinator: coordinator,
        noOverlap: true,
        unref: true,
      });
      jobs.set(job.key, { job, task });
    },
    ensure(job) {
      const current = jobs.get(job.key)?.job;
      if (current?.cron === job.cron && current.timezone === job.timezone) return;
      this.add(job);
    },
    remove(key) {
      jobs.get(key)?.task.destroy();
      jobs.delete(key);
    },
    keys: () => [...jobs.keys()],
    async fire(key, scheduledAt) {
      const entry = jobs.get(key);
      if (!entry) throw new Error(`no job ${key}`);
      const won = await track(store.claim(key, scheduledAt, deps.instanceId, deps.clock.now(), STALE_AFTER_MS));
      if (won) await execute(entry.job, scheduledAt);
      return won;
    },
    async catchUp() {
      // Side by side, as their slots would have run: one job's fan-out does not hold up another's.
      const missed = [...jobs.values()].flatMap(({ job, task }) => {
        const slot = job.catchUpWithinMs && latestSlot(job, task, deps.clock.now(), job.catchUpWithinMs);
        return slot && !stopping ? [{ key: job.key, scheduledAt: slot }] : [];
      });
      const ran = await Promise.all(missed.map((m) => this.fire(m.key, m.scheduledAt)));
      const caught = missed.filter((_, i) => ran[i]);
      for (const c of caught) {
        deps.logger.info(
          { job: c.key, scheduledAt: c.scheduledAt.toISOString() },
          "ran a slot missed while no instance was up",
        );
      }
      return caught;
    },
    /**
     * Drains: takes no new slot, waits for claims being made and for every run under way
     * (including one a claim won just now), then releases what is still marked running.
     */
    async stop() {
      stopping = true;
      clearInterval(heartbeat);
      for (const { task } of jobs.values()) task.destroy();
      jobs.clear();
      while (inFlight.size > 0) {
        await Promise.allSettled([...inFlight]);
        // node-cron starts the run of a won claim a few promise ticks later: let it register.
        await new Promise((resolve) => setImmediate(resolve));
      }
      await store.release(deps.instanceId);
    },
  };
}

/**
 * The latest time in (now − withinMs, now] that the job's cron matches in its time zone,
 * stepping back a minute at a time (a second for a 6-field cron, whose window is then kept
 * to an hour: such crons fire every few seconds, so their latest slot is near).
 */
function latestSlot(job: ScheduledJob, task: ScheduledTask, now: Date, withinMs: number): Date | undefined {
  const withSeconds = job.cron.trim().split(/\s+/).length === 6;
  const step = withSeconds ? 1_000 : 60_000;
  const earliest = now.getTime() - (withSeconds ? Math.min(withinMs, 3_600_000) : withinMs);
  for (let at = Math.floor(now.getTime() / step) * step; at > earliest; at -= step) {
    if (task.match(new Date(at))) return new Date(at);
  }
  return undefined;
}
