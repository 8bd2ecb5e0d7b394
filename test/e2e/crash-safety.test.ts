import { describe, expect, it, onTestFinished } from "vitest";
import { createDb, type Db } from "../../src/db/create-db.ts";
import type { DatabaseProvider } from "../../src/db/database-url.ts";
import { addDays, localDay } from "../../src/shared/time.ts";
import { type FakeSlack, startFakeSlack } from "../fakes/fake-slack.ts";
import { runShopops, writeShopsFile } from "../support/cli.ts";
import { exitWithin, type Started, startShopOps, until } from "../support/processes.ts";
import { createTestDatabase } from "../support/test-db.ts";

/**
 * A real ShopOps process (src/main.ts) killed with SIGKILL in the middle of its work and
 * started again, on a database and fake Slack that outlive it: nothing is delivered twice or
 * lost, and the metric store ends as an uninterrupted pull leaves it. SIGTERM drains in-flight
 * work and exits in time. Schedules use node-cron's seconds field so they fire within the test.
 */

const CHANNELS = Array.from({ length: 12 }, (_, i) => `C0F${String(i + 1).padStart(2, "0")}`);
/** Never within a test: a job that must not interfere. */
const YEARLY = "0 0 1 1 *";

function shopsYaml(options: { digests: boolean; pullCron: string; digestCron?: string }): string {
  const cron = options.digestCron ?? "*/2 * * * * *";
  const digests = options.digests
    ? `    digests:\n${CHANNELS.map((c) => `      - { channel: ${c}, cron: "${cron}", period: yesterday }`).join("\n")}\n`
    : "";
  return `
shops:
  - id: acme
    name: ACME Store
    timezone: UTC
    currency: EUR
    sources: { demo: {} }
    charts: native
    pulls: { cron: "${options.pullCron}" }
${digests}`;
}

type Scene = {
  slack: FakeSlack;
  db: Db;
  url: string;
  config: string;
  /** Starts ShopOps on the scene's database, config and fake Slack; waits until it is ready. */
  start(env?: Record<string, string>): Promise<Started>;
};

/** A fresh database, fake Slack and shops file for one test, all cleaned up after it. */
async function scene(provider: DatabaseProvider, yaml: string): Promise<Scene> {
  const slack = await startFakeSlack();
  const database = await createTestDatabase(provider);
  const db = await createDb(database.url, { poolSize: 2 });
  const config = writeShopsFile(yaml);
  const processes: Started[] = [];
  onTestFinished(async () => {
    for (const p of processes) p.child.kill("SIGKILL");
    await Promise.all(processes.map((p) => p.exited));
    await db.close();
    await database.drop();
    await slack.close();
  });
  return {
    slack,
    db,
    url: database.url,
    config,
    async start(env = {}) {
      const started = startShopOps(
        { slackApiUrl: slack.apiUrl, databaseUrl: database.url, shopsFile: config },
        { LOG_LEVEL: "info", ...env },
      );
      processes.push(started);
      await started.waitForLog("ShopOps ready", 40_000);
      return started;
    },
  };
}

/** Day and hour rows of the complete recent days (today is still filling up): count and sum per metric. */
async function completeDays(db: Db) {
  const today = localDay(new Date(), "UTC");
  const rows = await db.prisma.metricObservation.groupBy({
    by: ["granularity", "metric"],
    where: { shopId: "acme", bucket: { gte: addDays(today, -3), lt: today } },
    _count: { _all: true },
    _sum: { valueMicros: true },
    orderBy: [{ granularity: "asc" }, { metric: "asc" }],
  });
  return rows.map((r) => ({
    granularity: r.granularity,
    metric: r.metric,
    rows: r._count._all,
    sum: String(r._sum.valueMicros),
  }));
}

// SQLite is covered too: one process per database file is its deployment, and a crash of that process is the case.
describe.each<DatabaseProvider>(["postgresql", "sqlite"])("crash safety [%s]", (provider) => {
  it("delivers every digest exactly once when a fan-out is killed with SIGKILL and the process restarted", async () => {
    const s = await scene(provider, shopsYaml({ digests: true, pullCron: YEARLY }));
    const posts = (channel: string) => s.slack.callsTo("chat.postMessage").filter((c) => c.body.channel === channel);
    // A slow Slack serving one post at a time, holding every post after the first three.
    s.slack.delay("chat.postMessage", 100);
    s.slack.pauseAfter("chat.postMessage", 3);

    const first = await s.start();
    await until(
      "three digests delivered",
      async () => (await s.db.prisma.digestDelivery.count({ where: { status: "sent" } })) === 3,
    );
    first.child.kill("SIGKILL");
    await first.exited;

    // Killed mid fan-out: three delivered, the other nine claimed by the dead process, not posted.
    const atCrash = await s.db.prisma.digestDelivery.findMany();
    expect(atCrash.filter((d) => d.status === "sent")).toHaveLength(3);
    expect(atCrash.filter((d) => d.status === "claimed" && d.messageTs === null)).toHaveLength(CHANNELS.length - 3);
    expect(s.slack.callsTo("chat.postMessage")).toHaveLength(3);

    // Slack is back to normal; the posts the dead process left waiting never reach it.
    s.slack.delay("chat.postMessage", 0);
    s.slack.resume("chat.postMessage");
    // The restarted process treats claims older than 2 s as a dead instance's, and sweeps every second.
    const restartedAt = new Date();
    const second = await s.start({ SHOPOPS_DELIVERY_STALE_SECONDS: "2", SHOPOPS_DIGEST_RETRY_CRON: "* * * * * *" });
    await until(
      "every digest delivered",
      async () => (await s.db.prisma.digestDelivery.count({ where: { status: "sent" } })) === CHANNELS.length,
    );
    // The digest job fires again (same day, same period) after that: still nothing posted twice.
    const allSentAt = new Date();
    await until(
      "another slot of the digest job",
      async () =>
        (await s.db.prisma.jobRun.count({
          where: { job: { startsWith: "digest:" }, scheduledAt: { gt: allSentAt }, status: "done" },
        })) >= 1,
    );

    for (const channel of CHANNELS) expect(posts(channel), channel).toHaveLength(1);
    const deliveries = await s.db.prisma.digestDelivery.findMany({ orderBy: { id: "asc" } });
    expect(deliveries.every((d) => d.status === "sent" && d.messageTs !== null)).toBe(true);
    expect(deliveries.map((d) => d.attempts).sort()).toEqual([...Array(3).fill(1), ...Array(9).fill(2)]);
    expect(deliveries.filter((d) => d.attempts === 2).every((d) => (d.sentAt as Date) > restartedAt)).toBe(true);

    second.child.kill("SIGTERM");
    expect(await exitWithin(second, 10_000)).toBe(0);
  }, 60_000);

  it("ends with the same metric rows as an uninterrupted pull when a pull is killed with SIGKILL and re-run", async () => {
    const s = await scene(provider, shopsYaml({ digests: false, pullCron: "*/3 * * * * *" }));
    const pullRuns = () => s.db.prisma.jobRun.findMany({ where: { job: "pull:acme" } });

    // Kill a process while its pull is under way; a pull that finished in between does not
    // count, so start again and wait for the next one (a pull takes long enough that this is rare).
    let interrupted: { id: number; scheduledAt: Date } | undefined;
    for (let attempt = 0; attempt < 3 && !interrupted; attempt++) {
      const before = (await pullRuns()).length;
      const p = await s.start();
      const running = await until("a pull under way", async () => {
        const runs = await pullRuns();
        return runs.length > before ? runs.find((r) => r.status === "running") : undefined;
      });
      p.child.kill("SIGKILL");
      await p.exited;
      const after = await s.db.prisma.jobRun.findUniqueOrThrow({ where: { id: running.id } });
      if (after.status === "running") interrupted = after;
    }
    expect(interrupted, "a pull killed before it finished").toBeDefined();

    // Restarted, the next slot re-pulls the same days and overwrites whatever the killed pull left.
    const restarted = await s.start();
    const killedSlot = (interrupted as { scheduledAt: Date }).scheduledAt;
    await until("a complete pull after the restart", async () =>
      (await pullRuns()).some((r) => r.scheduledAt > killedSlot && r.status === "done"),
    );
    restarted.child.kill("SIGTERM");
    expect(await exitWithin(restarted, 10_000)).toBe(0);

    // The reference: the same pull, never interrupted, into a database of its own.
    const reference = await createTestDatabase(provider);
    const referenceDb = await createDb(reference.url, { poolSize: 1 });
    try {
      const pulled = await runShopops(["pull", "--shop", "acme"], {
        DATABASE_URL: reference.url,
        SHOPOPS_CONFIG: s.config,
      });
      expect(pulled.code, pulled.err.join("\n")).toBe(0);
      const expected = await completeDays(referenceDb);
      expect(expected.length).toBeGreaterThan(0);
      expect(await completeDays(s.db)).toEqual(expected);
    } finally {
      await referenceDb.close();
      await reference.drop();
    }
  }, 60_000);

  it("sends a digest whose slot passed while ShopOps was down when it starts, and only once", async () => {
    // A daily slot (UTC) a minute ago, which no process was up for.
    const slot = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
    const digestCron = `${slot.getUTCMinutes()} ${slot.getUTCHours()} * * *`;
    const s = await scene(provider, shopsYaml({ digests: true, pullCron: YEARLY, digestCron }));
    const first = await s.start();
    expect(await first.waitForLog("missed slots checked")).toMatchObject({ ran: 1 });
    await until(
      "the missed digests delivered",
      async () => (await s.db.prisma.digestDelivery.count({ where: { status: "sent" } })) === CHANNELS.length,
    );
    expect(await s.db.prisma.jobRun.findMany({ where: { job: { startsWith: "digest:UTC" } } })).toEqual([
      expect.objectContaining({ scheduledAt: slot, status: "done" }),
    ]);
    first.child.kill("SIGTERM");
    expect(await exitWithin(first, 10_000)).toBe(0);

    // Started again: the slot was run, so nothing more is posted.
    const second = await s.start();
    expect(await second.waitForLog("missed slots checked")).toMatchObject({ ran: 0 });
    for (const channel of CHANNELS) {
      expect(s.slack.callsTo("chat.postMessage").filter((c) => c.body.channel === channel)).toHaveLength(1);
    }
    second.child.kill("SIGTERM");
    expect(await exitWithin(second, 10_000)).toBe(0);
  }, 60_000);

  it("drains a digest fan-out on SIGTERM, exits with 0 within 10 s and leaves no live job claim", async () => {
    const s = await scene(provider, shopsYaml({ digests: true, pullCron: YEARLY }));
    s.slack.delay("chat.postMessage", 150);
    const p = await s.start({ SHOPOPS_INSTANCE_ID: "draining" });
    await s.slack.waitFor("chat.postMessage", 3, 30_000);
    p.child.kill("SIGTERM");
    expect(await exitWithin(p, 10_000)).toBe(0);

    // The fan-out under way was finished, not abandoned: every digest posted once.
    for (const channel of CHANNELS) {
      expect(
        s.slack.callsTo("chat.postMessage").filter((c) => c.body.channel === channel),
        channel,
      ).toHaveLength(1);
    }
    expect(await s.db.prisma.digestDelivery.count({ where: { status: "sent" } })).toBe(CHANNELS.length);
    const live = await s.db.prisma.jobRun.findMany({
      where: { instanceId: "draining", status: "running", heartbeatAt: { gt: new Date(0) } },
    });
    expect(live).toEqual([]);
  }, 60_000);
});
