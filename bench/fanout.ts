import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { parseEnv } from "../src/config/load-config.ts";
import { DIGEST_PERIODS, type ShopConfig, ShopSchema } from "../src/config/shops-schema.ts";
import { createDeps } from "../src/create-deps.ts";
import { migrate } from "../src/db/migrate.ts";
import { createDigestDeliveryStore } from "../src/domain/digests/digest-delivery-store.ts";
import { createMetricStore } from "../src/domain/metrics/metric-store.ts";
import { backfill } from "../src/domain/metrics/pull-shop.ts";
import { createSourceStateStore } from "../src/domain/metrics/source-state-store.ts";
import { createDigestJobs } from "../src/jobs/digest-job.ts";
import { createScheduler } from "../src/jobs/scheduler.ts";
import { createLogger } from "../src/shared/logger.ts";
import { addDays, localDay, startOfLocalDay } from "../src/shared/time.ts";
import { createSlackApp } from "../src/slack/create-slack-app.ts";
import { startFakeSlackThread } from "./fake-slack-thread.ts";
import { ratio } from "./http-load.ts";

/**
 * `npm run bench -- fanout`: the morning digest fan-out of an agency workspace. 200 channels
 * each subscribe to the daily, weekly and month-to-date digest of a demo shop, all at 08:00,
 * so each channel gets 3 messages in the same minute. The real path runs: the scheduler's
 * claim of the 08:00 slot (`scheduler.fire`, as a cron fire), the digest job's fan-out (one
 * claim statement for all deliveries, builds from the metric store, posts, records), the
 * publisher on the Bolt app's WebClient with the production retry policy and per-channel
 * spacing, native charts (no uploads). The fake Slack enforces Slack's
 * 1 message per second per channel with 429 + Retry-After (whole seconds, as Slack sends).
 *
 * The limit alone imposes (messages per channel − 1) × 1 s. The same fan-out without the limit,
 * in the same run, is the baseline of the work itself. Target: within 1.2× of the time the
 * limit imposes, with zero losses and zero duplicates.
 */
const CHANNELS = Number(process.env.BENCH_FANOUT_CHANNELS ?? 200);
const INTERVAL_MS = 1_000;
const TARGET = 1.2;
const HISTORY_DAYS = 70;
const TOKEN = "xoxb-1111-2222-bench-bot-token";
const SECRET = "bench-signing-secret-0123456789";

type Run = {
  seconds: number;
  /** When the last channel got its first digest: the limit can only start counting for it then. */
  firstInEveryChannel: number;
  posts: number;
  rateLimited: number;
  lost: number;
  duplicates: number;
};

export async function run(): Promise<{ name: string; lines: string[]; markdown: string }> {
  const dir = mkdtempSync(join(tmpdir(), "shopops-bench-fanout-"));
  // Undone in reverse order, also when setting up fails half-way.
  const cleanup: Array<() => unknown> = [() => rmSync(dir, { recursive: true, force: true })];
  try {
    const slack = await startFakeSlackThread();
    cleanup.push(() => slack.close());
    const databaseUrl = `file:${join(dir, "shopops.db")}`;
    await migrate(databaseUrl);
    const shop: ShopConfig = ShopSchema.parse({
      id: "demo",
      name: "Demo Outdoor Store",
      timezone: "Europe/Warsaw",
      currency: "EUR",
      sources: { demo: {} },
      charts: "native",
    });
    const env = parseEnv({
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      DATABASE_URL: databaseUrl,
    });
    const logger = createLogger({
      level: "info",
      secrets: [TOKEN, SECRET],
      destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
    });
    const deps = await createDeps({ env, shops: [shop] }, { logger });
    cleanup.push(() => deps.close());
    // The Bolt app's own client and publisher, with the default (production) retry policy and
    // post spacing; not started. The baseline's publisher posts without spacing.
    const slackDeps = createSlackApp(deps).deps;
    const unspaced = createSlackApp(deps, { channelPostIntervalMs: 0 }).deps;
    const scheduler = createScheduler(deps);
    cleanup.push(() => scheduler.stop());
    const today = localDay(deps.clock.now(), shop.timezone);
    await backfill({
      shop,
      sources: deps.sources.filter((s) => s.id === "demo"),
      store: createMetricStore(deps.db),
      sourceStates: createSourceStateStore(deps.db),
      clock: deps.clock,
      logger,
      range: { from: addDays(today, -HISTORY_DAYS), to: today },
      granularity: "day",
    });
    const deliveries = createDigestDeliveryStore(deps.db);
    const channels = Array.from({ length: CHANNELS }, (_, i) => `CFAN${String(i).padStart(4, "0")}`);
    for (const channelId of channels) {
      for (const period of DIGEST_PERIODS) {
        await deliveries.subscribe({ shopId: shop.id, channelId, period, cron: "0 8 * * *", createdBy: "U0MANAGER" });
      }
    }
    const scheduleWith = async (publishing: typeof slackDeps) => {
      for (const job of await createDigestJobs(publishing)) scheduler.add(job);
    };
    await scheduleWith(unspaced);
    const keys = scheduler.keys().filter((k) => k.startsWith("digest:") && k !== "digest:retry");
    const digests = channels.length * DIGEST_PERIODS.length;
    const perChannel = DIGEST_PERIODS.length;

    /** Fires the digest job's 08:00 slot of `day`, as node-cron does, and checks what Slack got. */
    const fanOut = async (day: string): Promise<Run> => {
      const slot = new Date(startOfLocalDay(day, shop.timezone).getTime() + 8 * 3_600_000);
      const before = (await slack.calls()).length;
      const startedAt = new Date();
      const started = performance.now();
      const won = await Promise.all(keys.map((key) => scheduler.fire(key, slot)));
      const seconds = (performance.now() - started) / 1000;
      if (won.some((w) => !w)) throw new Error("a job slot was already claimed");
      const posts = (await slack.calls()).slice(before).filter((c) => c.method === "chat.postMessage");
      const accepted = posts.filter((c) => c.status === 200);
      // A duplicate: the same digest accepted twice in one channel. A loss: a subscription whose
      // delivery is not recorded as sent, or a digest that never reached its channel.
      const textsByChannel = new Map<string, string[]>();
      for (const post of accepted) {
        textsByChannel.set(post.channel, [...(textsByChannel.get(post.channel) ?? []), post.text]);
      }
      let duplicates = 0;
      let missing = 0;
      for (const channel of channels) {
        const texts = textsByChannel.get(channel) ?? [];
        duplicates += texts.length - new Set(texts).size;
        missing += Math.max(0, perChannel - new Set(texts).size);
      }
      const sent = await deps.db.prisma.digestDelivery.count({ where: { status: "sent", sentAt: { gte: startedAt } } });
      const lost = Math.max(digests - sent, missing);
      const firstAt = new Map<string, number>();
      for (const post of accepted) if (!firstAt.has(post.channel)) firstAt.set(post.channel, post.at);
      const firstInEveryChannel = (Math.max(...firstAt.values()) - startedAt.getTime()) / 1000;
      return {
        seconds,
        firstInEveryChannel,
        posts: accepted.length,
        rateLimited: posts.length - accepted.length,
        lost,
        duplicates,
      };
    };

    // A warm-up fan-out (JIT, SQLite page cache), then the baseline: the same work with Slack
    // answering every post at once and posts not spaced: the work itself. The slots are a
    // week apart, so that every run's daily, weekly and month-to-date periods are new ones (a
    // period delivered before is never posted again).
    await fanOut(addDays(today, -14));
    const unlimited = await fanOut(addDays(today, -7));
    await scheduleWith(slackDeps);
    await slack.limitPostsPerChannel(INTERVAL_MS);
    const limited = await fanOut(today);

    const bound = ((perChannel - 1) * INTERVAL_MS) / 1000;
    // A channel's last digest can go no sooner than `bound` after its first: with the first
    // digests out as they were, nothing could have finished before this.
    const floor = limited.firstInEveryChannel + bound;
    const met = limited.seconds <= TARGET * bound && limited.lost === 0 && limited.duplicates === 0;
    const s = (v: number) => `${v.toFixed(2)} s`;
    const lines = [
      `${digests} digests: ${CHANNELS} channels × ${perChannel} (daily, weekly, month-to-date at 08:00), 1 message/s/channel, production retry policy`,
      `with the limit:    ${s(limited.seconds)} (${limited.posts} posts accepted, ${limited.rateLimited} answered 429), lost ${limited.lost}, duplicates ${limited.duplicates}`,
      `without the limit: ${s(unlimited.seconds)} (${unlimited.posts} posts), lost ${unlimited.lost}, duplicates ${unlimited.duplicates}`,
      `the limit imposes ≥ ${s(bound)}; ratio ${ratio(limited.seconds / bound)} (target ≤ ${TARGET}× and 0 lost, 0 duplicated: ${met ? "met" : "NOT met"})`,
      `every channel had its first digest after ${s(limited.firstInEveryChannel)}; that + the limit = ${s(floor)}: ${ratio(limited.seconds / floor)}`,
    ];
    const markdown = [
      `${digests.toLocaleString("en")} digests of one 08:00 slot through the scheduler's claim and the digest job's fan-out: ${CHANNELS} channels × ${perChannel} subscriptions (daily, weekly, month-to-date at 08:00) of a demo shop on SQLite, native charts, the Bolt app's WebClient with the production retry policy and per-channel spacing, the fake Slack allowing 1 \`chat.postMessage\` per second per channel (429 + \`Retry-After\` in whole seconds). Node ${process.version}.`,
      "",
      "| run | time | first digest in every channel | posts accepted | 429 answers | lost | duplicated |",
      "|---|---:|---:|---:|---:|---:|---:|",
      `| without the limit, posts not spaced (baseline) | ${s(unlimited.seconds)} | ${s(unlimited.firstInEveryChannel)} | ${unlimited.posts} | ${unlimited.rateLimited} | ${unlimited.lost} | ${unlimited.duplicates} |`,
      `| with 1 msg/s/channel | ${s(limited.seconds)} | ${s(limited.firstInEveryChannel)} | ${limited.posts} | ${limited.rateLimited} | ${limited.lost} | ${limited.duplicates} |`,
      "",
      `The limit alone imposes ${s(bound)} ((${perChannel} − 1) × 1 s per channel). Fan-out / limit: **${ratio(limited.seconds / bound)}** (target ≤ ${TARGET}×, 0 lost, 0 duplicated — ${met ? "met" : "**not met**"}); against the first digest in every channel plus the limit (${s(floor)}), the soonest it could end once those went out: ${ratio(limited.seconds / floor)}.`,
    ].join("\n");
    return { name: "fanout", lines, markdown };
  } finally {
    for (const undo of cleanup.reverse()) await undo();
  }
}
