import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/db/create-db.ts";
import { type FakeSlack, startFakeSlack } from "../fakes/fake-slack.ts";
import { TEST_SIGNING_SECRET } from "../support/app-harness.ts";
import { writeShopsFile } from "../support/cli.ts";
import { exitWithin, type Started, startShopOps, until } from "../support/processes.ts";
import { createSlackSender } from "../support/slack-requests.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

/**
 * Three real ShopOps processes (src/main.ts, HTTP mode) on one PostgreSQL database and one
 * fake Slack, with schedules every few seconds (node-cron takes a seconds field): every pull
 * slot runs on exactly one instance, every digest is posted once, any instance answers Slack,
 * and one stopping with SIGTERM loses nothing. PostgreSQL only: SQLite is an embedded file
 * for one process by design, so several instances need PostgreSQL.
 */

const DIGEST_CHANNELS = ["C0D1", "C0D2", "C0D3", "C0D4"];
const SHOPS = `
shops:
  - id: acme
    name: ACME Store
    timezone: UTC
    currency: EUR
    sources: { demo: {} }
    charts: native
    pulls: { cron: "*/3 * * * * *" }
    digests:
${DIGEST_CHANNELS.map((c) => `      - { channel: ${c}, cron: "*/2 * * * * *", period: yesterday }`).join("\n")}
`;
const PULL_JOB = "pull:acme";
const INSTANCES = ["i1", "i2", "i3"];

type Instance = { id: string; process: Started; url: string };

/** Log lines of one process with the given `msg`. */
function logged(instance: Instance, msg: string): Array<Record<string, unknown>> {
  return instance.process.lines.flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      return parsed.msg === msg ? [parsed] : [];
    } catch {
      return [];
    }
  });
}

describe("three instances on one PostgreSQL database", () => {
  let slack: FakeSlack;
  let database: TestDatabase;
  let db: Db;
  let instances: Instance[] = [];

  const pullRuns = () => db.prisma.jobRun.findMany({ where: { job: PULL_JOB }, orderBy: { scheduledAt: "asc" } });
  const postsTo = (channel: string) => slack.callsTo("chat.postMessage").filter((c) => c.body.channel === channel);

  beforeAll(async () => {
    slack = await startFakeSlack();
    database = await createTestDatabase("postgresql");
    db = await createDb(database.url, { poolSize: 2 });
    const config = writeShopsFile(SHOPS);
    instances = await Promise.all(
      INSTANCES.map(async (id) => {
        const process = startShopOps(
          { slackApiUrl: slack.apiUrl, databaseUrl: database.url, shopsFile: config },
          // debug: each pull logs "pulled" per granularity, which the test counts per process
          { SHOPOPS_INSTANCE_ID: id, LOG_LEVEL: "debug" },
        );
        // Three tsx processes starting at once on a small machine: be patient.
        const ready = await process.waitForLog("ShopOps ready", 50_000);
        return { id, process, url: `http://127.0.0.1:${String(ready.port)}` };
      }),
    );
  }, 60_000);

  afterAll(async () => {
    for (const instance of instances) instance.process.child.kill("SIGKILL");
    await db?.close();
    await database?.drop();
    await slack?.close();
  });

  it("posts each digest subscription exactly once and runs each pull slot on one instance", async () => {
    // Several fires of every schedule: the digest job (every subscription shares its cron) fires
    // every 2 s on all three instances.
    await until(
      "several digest and pull slots",
      async () =>
        (await db.prisma.jobRun.count({ where: { job: { startsWith: "digest:" }, status: "done" } })) >= 3 &&
        (await db.prisma.jobRun.count({ where: { job: PULL_JOB, status: "done" } })) >= 3,
      40_000,
    );
    for (const channel of DIGEST_CHANNELS) expect(postsTo(channel), channel).toHaveLength(1);
    const deliveries = await db.prisma.digestDelivery.findMany();
    expect(deliveries).toHaveLength(DIGEST_CHANNELS.length);
    expect(deliveries.every((d) => d.status === "sent" && d.attempts === 1)).toBe(true);

    // Each pull slot is one row, owned by one of the instances (whichever claimed it first).
    const runs = await pullRuns();
    const slots = runs.map((r) => r.scheduledAt.toISOString());
    expect(new Set(slots).size).toBe(slots.length);
    expect(runs.every((r) => INSTANCES.includes(r.instanceId))).toBe(true);
  }, 60_000);

  it("answers slash commands on every instance and stores what they create", async () => {
    for (const [i, instance] of instances.entries()) {
      const send = createSlackSender({
        appUrl: instance.url,
        signingSecret: TEST_SIGNING_SECRET,
        responseUrl: slack.responseUrl(instance.id),
      });
      const before = slack.callsTo("response_url").length;
      expect((await send.command("/shopops", "help")).status).toBe(200);
      expect((await send.command("/task", `add <@U0ANALYST> Check feed ${instance.id}`)).status).toBe(200);
      const replies = (await slack.waitFor("response_url", before + 2, 15_000)).slice(before);
      expect(replies.map((r) => String(r.body.text)).join("\n")).toContain("/kpi");
      expect(await db.prisma.task.count()).toBe(i + 1);
    }
    const tasks = await db.prisma.task.findMany({ orderBy: { id: "asc" } });
    expect(tasks.map((t) => [t.title, t.assigneeId])).toEqual(INSTANCES.map((id) => [`Check feed ${id}`, "U0ANALYST"]));
  }, 60_000);

  it("loses nothing when one instance stops with SIGTERM mid-run: the others take the next slots", async () => {
    // Stop an instance while it holds a running pull claim, if one shows up soon; else any instance.
    const running = await until(
      "a pull under way",
      async () => (await db.prisma.jobRun.findFirst({ where: { job: PULL_JOB, status: "running" } })) ?? undefined,
      15_000,
    ).catch(() => undefined);
    const stopped = instances.find((i) => i.id === running?.instanceId) ?? (instances[0] as Instance);
    stopped.process.child.kill("SIGTERM");
    const stoppedAt = new Date();
    expect(await exitWithin(stopped.process, 10_000)).toBe(0);

    // Its claims were drained or released: nothing of it is left running with a live heartbeat.
    const left = await db.prisma.jobRun.findMany({ where: { instanceId: stopped.id, status: "running" } });
    expect(left.filter((r) => r.heartbeatAt.getTime() > 0)).toEqual([]);
    if (running) {
      const drained = await db.prisma.jobRun.findFirstOrThrow({ where: { id: running.id } });
      expect(drained.status).toBe("done");
    }

    // The remaining two keep claiming pull slots, each exactly once.
    const later = await until(
      "three more pull slots after the stop",
      async () => {
        const runs = (await pullRuns()).filter((r) => r.scheduledAt > stoppedAt && r.status === "done");
        return runs.length >= 3 ? runs : undefined;
      },
      40_000,
    );
    expect(later.every((r) => r.instanceId !== stopped.id)).toBe(true);

    // Stop the others too; then every claimed slot ran exactly once: one row per slot, all
    // done, and the processes logged one day pull and one hour pull per slot, not more
    // (detection runs inside the pull slot, so it ran once per slot as well).
    const others = instances.filter((i) => i !== stopped);
    for (const other of others) other.process.child.kill("SIGTERM");
    for (const other of others) expect(await exitWithin(other.process, 10_000)).toBe(0);
    const runs = await db.prisma.jobRun.findMany();
    expect(runs.filter((r) => r.status !== "done")).toEqual([]);
    const pulls = runs.filter((r) => r.job === PULL_JOB);
    const pulledLines = instances.flatMap((i) => logged(i, "pulled"));
    expect(pulledLines).toHaveLength(pulls.length * 2);
    const delivered = instances.flatMap((i) => logged(i, "digest delivered"));
    expect(delivered).toHaveLength(DIGEST_CHANNELS.length);
    for (const channel of DIGEST_CHANNELS) expect(postsTo(channel), channel).toHaveLength(1);

    expect(instances.flatMap((i) => logged(i, "job failed"))).toEqual([]);
  }, 60_000);
});
