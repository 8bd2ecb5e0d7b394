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
});
