import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { Config } from "../../src/config/load-config.ts";
import { parseEnv } from "../../src/config/load-config.ts";
import type { ShopConfig } from "../../src/config/shops-schema.ts";
import { createDigestDeliveryStore, type DigestSubscription } from "../../src/domain/digests/digest-delivery-store.ts";
import { periodOf } from "../../src/domain/digests/period.ts";
import {
  createDigestCache,
  createDigestJobs,
  createDigestRetryJob,
  DELIVERY_STALE_AFTER_MS,
  deliverDigest,
  digestJobKey,
  fanOutDigests,
} from "../../src/jobs/digest-job.ts";
import { createFixedClock } from "../../src/shared/clock.ts";
import { createLogger } from "../../src/shared/logger.ts";
import { createMetrics } from "../../src/shared/metrics.ts";
import { createEnvPublisher } from "../../src/slack/publish/create-env-publisher.ts";
import type { Publisher, SlackDeps } from "../../src/slack/publish/publisher.ts";
import { digestShop, seedDigestScene } from "../builders/digest-dataset.ts";
import { type FakeSlack, startFakeSlack } from "../fakes/fake-slack.ts";
import { describeEachDatabase } from "../support/test-db.ts";

const MINUTE = 60_000;

describeEachDatabase("digest delivery", (ctx) => {
  let slack: FakeSlack;
  let publisher: Publisher;
  let daily: DigestSubscription;
  const clock = createFixedClock("2026-11-22T07:00:00Z");
  const shop: ShopConfig = digestShop();

  /** One ShopOps instance: its own id, the shared database, fake Slack and clock. */
  const instance = (instanceId: string, shops: ShopConfig[] = [shop]): SlackDeps => {
    const config: Config = {
      env: parseEnv({ SLACK_BOT_TOKEN: "xoxb-test-token", SLACK_API_URL: slack.apiUrl, DATABASE_URL: ctx.db.url }),
      shops,
    };
    return {
      config,
      db: ctx.db,
      clock,
      logger: createLogger({ level: "silent" }),
      sources: [],
      metrics: createMetrics(),
      instanceId,
      publisher,
    };
  };
  const posts = () => slack.callsTo("chat.postMessage");
  const uploads = () => slack.callsTo("files.completeUploadExternal");

  beforeAll(async () => {
    slack = await startFakeSlack();
    const quiet = createLogger({ level: "silent" });
    publisher = createEnvPublisher({ SLACK_BOT_TOKEN: "xoxb-test-token", SLACK_API_URL: slack.apiUrl }, quiet, {
      retries: 0,
    }) as Publisher;
    await seedDigestScene(ctx.db, shop);
    await createDigestJobs(instance("setup"));
    const subscriptions = await createDigestDeliveryStore(ctx.db).list(shop.id);
    daily = subscriptions.find((s) => s.period === "yesterday") as DigestSubscription;
  });
  afterAll(async () => {
    await slack?.close();
  });

  it("makes one job per cron of the YAML digests, in the shop's time zone, plus the retry sweep", async () => {
    const jobs = await createDigestJobs(instance("a"));
    const subscriptions = await createDigestDeliveryStore(ctx.db).list(shop.id);
    expect(jobs.map((j) => [j.key, j.cron, j.timezone])).toEqual([
      ...subscriptions.map((s) => [`digest:Europe/Warsaw ${s.cron}`, s.cron, "Europe/Warsaw"]),
      ["digest:retry", "*/5 * * * *", "UTC"],
    ]);
    expect(subscriptions.map((s) => s.period)).toEqual(["yesterday", "last-week"]);
  });

  it("posts a scheduled digest once, with the chart PNGs in its thread; later runs of the period post nothing", async () => {
    const [job] = await createDigestJobs(instance("a"));
    const before = { posts: posts().length, uploads: uploads().length };
    await job?.run(new Date("2026-11-22T07:00:00Z"));
    const [post] = posts().slice(before.posts);
    expect(post?.body.channel).toBe("C0DIGEST");
    expect(String(post?.body.text)).toContain("ACME Store · Daily digest (Sat, 21 Nov 2026)");
    expect(JSON.stringify(post?.body.blocks)).toContain("data_visualization");
    const ts = (await createDigestDeliveryStore(ctx.db).claim({
      subscriptionId: daily.id,
      periodKey: "2026-11-21..2026-11-21",
      instanceId: "probe",
      now: clock.now(),
      staleAfterMs: DELIVERY_STALE_AFTER_MS,
    })) as { status: string; messageTs?: string };
    expect(ts.status).toBe("sent");
    const threadUploads = uploads().slice(before.uploads);
    expect(threadUploads).toHaveLength(2);
    for (const upload of threadUploads) expect(upload.body.thread_ts).toBe(ts.messageTs);

    // The same slot again (a restart replaying it), and a later slot the same day: same period, no post.
    await job?.run(new Date("2026-11-22T07:00:00Z"));
    await job?.run(new Date("2026-11-22T15:00:00Z"));
    expect(posts()).toHaveLength(before.posts + 1);
  });

  it("does not take over its own delivery still under way, however stale its claim has grown", async () => {
    const periodKey = "2026-11-10..2026-11-10";
    const before = posts().length;
    clock.set("2026-11-11T07:00:00Z");
    slack.delay("chat.postMessage", 300);
    try {
      const first = deliverDigest(instance("d"), daily, periodKey);
      await vi.waitFor(async () =>
        expect(await ctx.db.prisma.digestDelivery.count({ where: { subscriptionId: daily.id, periodKey } })).toBe(1),
      );
      // A cold start or a slow Slack: the delivery outlives the stale time while still posting.
      clock.advance(DELIVERY_STALE_AFTER_MS + MINUTE);
      expect(await deliverDigest(instance("d"), daily, periodKey)).toEqual({ status: "busy" });
      await createDigestRetryJob(instance("d")).run(clock.now());
      expect(await first).toMatchObject({ status: "sent" });
    } finally {
      slack.delay("chat.postMessage", 0);
    }
    expect(posts()).toHaveLength(before + 1);
    const row = await ctx.db.prisma.digestDelivery.findFirstOrThrow({ where: { subscriptionId: daily.id, periodKey } });
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("survives a crash mid-delivery: another instance takes over once the claim is stale, and it is posted once", async () => {
    const periodKey = "2026-11-20..2026-11-20";
    const store = createDigestDeliveryStore(ctx.db);
    const before = posts().length;
    // Instance A claims and dies before posting.
    clock.set("2026-11-21T07:00:00Z");
    expect(
      await store.claim({
        subscriptionId: daily.id,
        periodKey,
        instanceId: "a",
        now: clock.now(),
        staleAfterMs: DELIVERY_STALE_AFTER_MS,
      }),
    ).toMatchObject({ status: "claimed" });
    // B starts right after: A's claim is fresh, so B must not post.
    clock.advance(1 * MINUTE);
    expect(await deliverDigest(instance("b"), daily, periodKey)).toEqual({ status: "busy" });
    expect(posts()).toHaveLength(before);
    // The retry sweep on B, once the claim is stale, delivers it.
    clock.advance(DELIVERY_STALE_AFTER_MS);
    await createDigestRetryJob(instance("b")).run(clock.now());
    expect(posts()).toHaveLength(before + 1);
    // A restarts and replays its slot: already sent.
    expect(await deliverDigest(instance("a"), daily, periodKey)).toEqual({ status: "already-sent" });
    expect(posts()).toHaveLength(before + 1);
  });

  it("survives a crash after posting: the retry finishes the thread without posting the digest again", async () => {
    const periodKey = "2026-11-19..2026-11-19";
    const store = createDigestDeliveryStore(ctx.db);
    clock.set("2026-11-20T07:00:00Z");
    const claim = await store.claim({
      subscriptionId: daily.id,
      periodKey,
      instanceId: "a",
      now: clock.now(),
      staleAfterMs: DELIVERY_STALE_AFTER_MS,
    });
    if (claim.status !== "claimed") throw new Error("expected a claim");
    await store.markPosted(claim.deliveryId, "1699999999.000100");
    const before = { posts: posts().length, uploads: uploads().length };
    clock.advance(DELIVERY_STALE_AFTER_MS + MINUTE);
    await createDigestRetryJob(instance("b")).run(clock.now());
    expect(posts()).toHaveLength(before.posts);
    const threadUploads = uploads().slice(before.uploads);
    expect(threadUploads.map((u) => u.body.thread_ts)).toEqual(["1699999999.000100", "1699999999.000100"]);
    expect(await deliverDigest(instance("c"), daily, periodKey)).toEqual({ status: "already-sent" });
  });

  it("posts once when two instances fire the same slot at the same moment", async () => {
    clock.set("2026-11-19T07:00:00Z");
    const before = posts().length;
    const outcomes = await Promise.all(
      ["a", "b", "c"].map((id) => deliverDigest(instance(id), daily, "2026-11-18..2026-11-18")),
    );
    expect(outcomes.filter((o) => o.status === "sent")).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "busy")).toHaveLength(2);
    expect(posts()).toHaveLength(before + 1);
  });

  it("marks a delivery Slack refused as failed, and the retry sweep delivers it once Slack accepts", async () => {
    clock.set("2026-11-18T07:00:00Z");
    const periodKey = "2026-11-17..2026-11-17";
    slack.failNext("chat.postMessage", { error: "not_in_channel" });
    const before = posts().length;
    await expect(deliverDigest(instance("a"), daily, periodKey)).rejects.toThrow(/not_in_channel/);
    expect(posts()).toHaveLength(before + 1);
    clock.advance(5 * MINUTE);
    await createDigestRetryJob(instance("a")).run(clock.now());
    expect(posts()).toHaveLength(before + 2);
    expect(await deliverDigest(instance("b"), daily, periodKey)).toEqual({ status: "already-sent" });
  });

  it("uploads no PNG for a shop whose charts are native, and skips a subscription of a shop no longer configured", async () => {
    clock.set("2026-11-17T07:00:00Z");
    const native = { ...shop, charts: "native" as const };
    const before = { posts: posts().length, uploads: uploads().length };
    expect(await deliverDigest(instance("a", [native]), daily, "2026-11-16..2026-11-16")).toMatchObject({
      status: "sent",
    });
    expect(posts()).toHaveLength(before.posts + 1);
    expect(uploads()).toHaveLength(before.uploads);
    expect(await deliverDigest(instance("a", []), daily, "2026-11-15..2026-11-15")).toEqual({ status: "skipped" });
  });

  it("does nothing for a subscription cancelled since its job was scheduled", async () => {
    const store = createDigestDeliveryStore(ctx.db);
    await store.subscribe({
      shopId: shop.id,
      channelId: "C0SALES",
      period: "yesterday",
      cron: "0 8 * * *",
      createdBy: "U0MANAGER",
    });
    const jobs = await createDigestJobs(instance("a"));
    const job = jobs.find((j) => j.key === digestJobKey("0 8 * * *", "Europe/Warsaw"));
    await store.unsubscribe({ shopId: shop.id, channelId: "C0SALES" });
    const before = posts().length;
    await job?.run(new Date("2026-11-22T07:00:00Z"));
    expect(posts()).toHaveLength(before);
  });

  it("fans a slot out to every channel once, each channel's first digest before any channel's second, past a failing one", async () => {
    clock.set("2026-11-16T07:00:00Z");
    const store = createDigestDeliveryStore(ctx.db);
    const native = { ...shop, charts: "native" as const };
    const channels = ["C0FAN1", "C0FAN2", "C0FAN3"];
    const slot = new Date("2026-11-16T06:00:00Z");
    const due = [];
    for (const channelId of channels) {
      for (const period of ["yesterday", "last-week", "month-to-date"] as const) {
        const { subscription } = await store.subscribe({
          shopId: shop.id,
          channelId,
          period,
          cron: "0 7 * * *",
          createdBy: "U0",
        });
        due.push({ subscription, periodKey: periodOf(period, slot, "Europe/Warsaw").key });
      }
    }
    const before = posts().length;
    slack.failNext("chat.postMessage", { error: "channel_not_found" });
    const deps = instance("a", [native]);
    const build = createDigestCache(deps);
    expect(await fanOutDigests(deps, due, build)).toEqual({ sent: 8, failed: 1 });

    const fanned = posts().slice(before);
    expect(fanned).toHaveLength(9);
    // Round by round: three first posts (one per channel), then the second ones, then the third.
    const rounds = [fanned.slice(0, 3), fanned.slice(3, 6), fanned.slice(6)];
    for (const round of rounds) expect(new Set(round.map((p) => p.body.channel))).toEqual(new Set(channels));

    // A replay of the slot (or the retry sweep) delivers the failed one and posts nothing else.
    expect(await fanOutDigests(deps, due, build)).toEqual({ sent: 1, failed: 0 });
    expect(posts()).toHaveLength(before + 10);
    // Each channel has its three digests; only the refused one was sent twice.
    for (const channelId of channels) {
      const texts = posts()
        .filter((p) => p.body.channel === channelId)
        .map((p) => String(p.body.text));
      expect(new Set(texts).size, channelId).toBe(3);
    }
  });
});
