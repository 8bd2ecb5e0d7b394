import { afterEach, expect, it } from "vitest";
import { createJobRunStore } from "../../src/domain/scheduling/job-run-store.ts";
import { createScheduler, type Scheduler } from "../../src/jobs/scheduler.ts";
import { createFixedClock } from "../../src/shared/clock.ts";
import { createLogger } from "../../src/shared/logger.ts";
import { describeEachDatabase } from "../support/test-db.ts";

const logger = createLogger({ level: "silent" });
const clock = createFixedClock(new Date("2026-11-23T08:00:00Z"));

describeEachDatabase("the scheduler", (ctx) => {
  const started: Scheduler[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.stop()));
  });
  const instance = (id: string) => {
    const scheduler = createScheduler({ db: ctx.db, clock, logger, instanceId: id });
    started.push(scheduler);
    return scheduler;
  };

  it("runs each scheduled slot on exactly one of several instances", async () => {
    const runs: string[] = [];
    const slot = new Date("2026-11-23T08:00:00Z");
    const instances = ["a", "b", "c"].map((id) => {
      const s = instance(id);
      s.add({ key: "digest:1", cron: "0 8 * * *", timezone: "Europe/Warsaw", run: async () => void runs.push(id) });
      return s;
    });
    const won = await Promise.all(instances.map((s) => s.fire("digest:1", slot)));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(runs).toHaveLength(1);
  });

  it("lets another instance take over a run whose instance died, but not a live one", async () => {
    const store = createJobRunStore(ctx.db);
    const slot = new Date("2026-11-23T09:00:00Z");
    const t0 = new Date("2026-11-23T09:00:00Z");
    expect(await store.claim("pull:acme", slot, "dead", t0, 60_000)).toBe(true);
    expect(await store.claim("pull:acme", slot, "alive", new Date(t0.getTime() + 30_000), 60_000)).toBe(false);
    expect(await store.claim("pull:acme", slot, "alive", new Date(t0.getTime() + 61_000), 60_000)).toBe(true);
  });

  it("records a failed run with its error and keeps the scheduler going", async () => {
    const s = instance("x");
    s.add({ key: "boom", cron: "0 * * * *", timezone: "UTC", run: async () => Promise.reject(new Error("kaput")) });
    const slot = new Date("2026-11-23T10:00:00Z");
    expect(await s.fire("boom", slot)).toBe(true);
    const [run] = await ctx.db.prisma.jobRun.findMany({ where: { job: "boom" } });
    expect(run).toMatchObject({ status: "failed", error: expect.stringContaining("kaput") });
  });

  it("runs at start the latest slot missed within the catch-up window, once across instances", async () => {
    const runs: string[] = [];
    // 08:20 in Warsaw: the 08:00 slot passed while no instance was up.
    const at = createFixedClock(new Date("2026-11-23T07:20:00Z"));
    const job = (id: string, key: string, catchUpWithinMs?: number) => ({
      key,
      cron: "0 8 * * *",
      timezone: "Europe/Warsaw",
      ...(catchUpWithinMs ? { catchUpWithinMs } : {}),
      run: async (scheduledAt: Date) => void runs.push(`${id} ${key} ${scheduledAt.toISOString()}`),
    });
    const [a, b] = ["a", "b"].map((id) => {
      const s = createScheduler({ db: ctx.db, clock: at, logger, instanceId: id });
      started.push(s);
      s.add(job(id, "digest:catch-up", 60 * 60_000));
      s.add(job(id, "digest:too-old", 15 * 60_000));
      s.add(job(id, "digest:no-catch-up"));
      return s;
    }) as [Scheduler, Scheduler];

    const [caughtByA, caughtByB] = await Promise.all([a.catchUp(), b.catchUp()]);
    expect([...caughtByA, ...caughtByB]).toEqual([
      { key: "digest:catch-up", scheduledAt: new Date("2026-11-23T07:00:00Z") },
    ]);
    expect(runs).toEqual([expect.stringMatching(/^[ab] digest:catch-up 2026-11-23T07:00:00.000Z$/)]);
    // A later start finds the slot taken.
    expect(await a.catchUp()).toEqual([]);
    expect(runs).toHaveLength(1);
  });

  it("does not catch up a slot an instance ran", async () => {
    const runs: Date[] = [];
    const at = createFixedClock(new Date("2026-11-23T12:30:00Z"));
    const s = createScheduler({ db: ctx.db, clock: at, logger, instanceId: "up" });
    started.push(s);
    s.add({
      key: "digest:ran",
      cron: "0 12 * * *",
      timezone: "UTC",
      catchUpWithinMs: 6 * 3_600_000,
      run: async (scheduledAt) => void runs.push(scheduledAt),
    });
    expect(await s.fire("digest:ran", new Date("2026-11-23T12:00:00Z"))).toBe(true);
    expect(await s.catchUp()).toEqual([]);
    expect(runs).toEqual([new Date("2026-11-23T12:00:00Z")]);
  });
});
