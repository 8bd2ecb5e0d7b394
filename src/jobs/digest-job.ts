import { DEFAULT_DELIVERY_STALE_SECONDS } from "../config/env-schema.ts";
import type { ShopConfig } from "../config/shops-schema.ts";
import { buildShopDigest } from "../domain/digests/build-digest.ts";
import type { DigestContent } from "../domain/digests/digest-content.ts";
import { createDigestDeliveryStore, type DigestSubscription } from "../domain/digests/digest-delivery-store.ts";
import { type Period, periodOf, periodOfKey } from "../domain/digests/period.ts";
import { digestRenderOptions } from "../slack/blocks/digest-blocks.ts";
import { postDigest } from "../slack/publish/post-digest.ts";
import type { SlackDeps } from "../slack/publish/publisher.ts";
import type { ScheduledJob, Scheduler } from "./scheduler.ts";

/**
 * By default a claim older than this is a dead instance's: another may deliver. Longer than
 * any delivery takes (Slack retries included), shorter than anyone waits for a morning digest.
 * SHOPOPS_DELIVERY_STALE_SECONDS overrides it (see deliveryStaleAfterMs).
 */
export const DELIVERY_STALE_AFTER_MS = DEFAULT_DELIVERY_STALE_SECONDS * 1000;
export const MAX_DELIVERY_ATTEMPTS = 3;
/** The sweep that finishes deliveries a crash or a Slack outage left behind (cron: SHOPOPS_DIGEST_RETRY_CRON). */
export const DIGEST_RETRY_JOB_KEY = "digest:retry";

/** How old a delivery claim must be before it counts as a dead instance's (SHOPOPS_DELIVERY_STALE_SECONDS). */
function deliveryStaleAfterMs(deps: SlackDeps): number {
  return deps.config.env.SHOPOPS_DELIVERY_STALE_SECONDS * 1000;
}

export type DeliveryOutcome =
  | { status: "sent"; messageTs: string }
  /** Delivered before (by this or another instance): not posted again. */
  | { status: "already-sent" }
  /** Another instance is delivering it right now. */
  | { status: "busy" }
  /** The subscription's shop is no longer configured. */
  | { status: "skipped" };

type BuildDigest = (shop: ShopConfig, period: Period) => Promise<DigestContent>;

const DIGEST_CACHE_MS = 60_000;

/**
 * Builds each (shop, period) digest once a minute at most: the subscriptions of one slot
 * share it, while figures pulled since are picked up by the next minute's digests.
 */
export function createDigestCache(deps: SlackDeps, ttlMs = DIGEST_CACHE_MS): BuildDigest {
  const entries = new Map<string, { at: number; content: Promise<DigestContent> }>();
  return (shop, period) => {
    const now = deps.clock.now().getTime();
    for (const [key, entry] of entries) if (now - entry.at >= ttlMs) entries.delete(key);
    const key = `${shop.id}|${period.kind}|${period.key}|${period.throughHour ?? ""}`;
    const cached = entries.get(key);
    if (cached) return cached.content;
    const content = buildShopDigest(deps, shop, period);
    entries.set(key, { at: now, content });
    content.catch(() => entries.delete(key));
    return content;
  };
}

/**
 * Delivers one digest of `subscription` for the period `periodKey` ("2026-11-21..2026-11-21")
 * exactly once: claims the (subscription, period) row, builds the digest, posts it, records
 * the message ts at once, uploads the chart PNGs in its thread (`charts: image | both`) and
 * marks the row sent. A sent row is never posted again; a retry of a delivery that had
 * posted but not finished only completes the thread. A failure marks the row failed (the
 * retry job tries again) and is rethrown.
 */
export async function deliverDigest(
  deps: SlackDeps,
  subscription: DigestSubscription,
  periodKey: string,
  build: BuildDigest = (shop, period) => buildShopDigest(deps, shop, period),
): Promise<DeliveryOutcome> {
  const log = deps.logger.child({
    shopId: subscription.shopId,
    job: "digest",
    subscriptionId: subscription.id,
    periodKey,
  });
  const shop = deps.config.shops.find((s) => s.id === subscription.shopId);
  if (!shop) {
    log.warn("digest subscription of a shop that is no longer configured");
    return { status: "skipped" };
  }
  const deliveries = createDigestDeliveryStore(deps.db);
  const claim = await deliveries.claim({
    subscriptionId: subscription.id,
    periodKey,
    instanceId: deps.instanceId,
    now: deps.clock.now(),
    staleAfterMs: deliveryStaleAfterMs(deps),
  });
  if (claim.status === "sent") return { status: "already-sent" };
  if (claim.status === "busy") {
    log.info("digest is being delivered by another instance");
    return { status: "busy" };
  }
  try {
    const period = periodOfKey(subscription.period, periodKey, shop.timezone);
    const content = await build(shop, period);
    const channel = subscription.channelId;
    const { ts } = await postDigest(deps.publisher, channel, content, digestRenderOptions(shop), {
      ...(claim.messageTs ? { existing: { channel, ts: claim.messageTs } } : {}),
      // Recorded before anything else can fail: from here on a retry never posts the digest again.
      onPosted: (posted) => deliveries.markPosted(claim.deliveryId, posted.ts),
    });
    await deliveries.markSent(claim.deliveryId, deps.clock.now());
    deps.metrics.digests.inc({ outcome: "sent" });
    log.info({ ts, attempt: claim.attempts }, "digest delivered");
    return { status: "sent", messageTs: ts };
  } catch (error) {
    deps.metrics.digests.inc({ outcome: "failed" });
    await deliveries.markFailed(claim.deliveryId, error instanceof Error ? error.message : String(error));
    throw error;
  }
}

/**
 * The job of one subscription, on its cron in the shop's time zone. The period is derived
 * from the scheduled time, not the clock, so a late or repeated run delivers the same period
 * (and so at most once). A subscription deactivated since scheduling is skipped.
 */
export function createDigestJob(
  deps: SlackDeps,
  subscription: DigestSubscription,
  shop: ShopConfig,
  build?: BuildDigest,
): ScheduledJob {
  const deliveries = createDigestDeliveryStore(deps.db);
  return {
    key: `digest:${subscription.id}`,
    cron: subscription.cron,
    timezone: shop.timezone,
    async run(scheduledAt) {
      const current = await deliveries.get(subscription.id);
      if (!current?.active) return;
      const period = periodOf(current.period, scheduledAt, shop.timezone);
      await deliverDigest(deps, current, period.key, build);
    },
  };
}

/**
 * Makes the YAML `digests:` the config subscriptions, then returns one job per active
 * subscription of a configured shop plus the retry sweep. Call again after subscriptions
 * change in Slack and `add` the jobs to the scheduler (it replaces by key).
 */
export async function createDigestJobs(deps: SlackDeps): Promise<ScheduledJob[]> {
  // A fan-out posts the same (shop, period) digest to many channels: build it once.
  const build = createDigestCache(deps);
  const deliveries = createDigestDeliveryStore(deps.db);
  await deliveries.syncConfig(deps.config.shops);
  const jobs: ScheduledJob[] = [];
  for (const subscription of await deliveries.list()) {
    const shop = deps.config.shops.find((s) => s.id === subscription.shopId);
    if (shop) jobs.push(createDigestJob(deps, subscription, shop, build));
  }
  jobs.push(createDigestRetryJob(deps));
  return jobs;
}

/**
 * Every few minutes (SHOPOPS_DIGEST_RETRY_CRON): finishes deliveries that failed (Slack down,
 * a bad token since fixed) or whose instance died mid-delivery (claim older than
 * SHOPOPS_DELIVERY_STALE_SECONDS), up to MAX_DELIVERY_ATTEMPTS each. One failure does not
 * stop the others.
 */
export function createDigestRetryJob(deps: SlackDeps): ScheduledJob {
  const deliveries = createDigestDeliveryStore(deps.db);
  return {
    key: DIGEST_RETRY_JOB_KEY,
    cron: deps.config.env.SHOPOPS_DIGEST_RETRY_CRON,
    timezone: "UTC",
    async run() {
      const pending = await deliveries.retryable(deps.clock.now(), deliveryStaleAfterMs(deps), MAX_DELIVERY_ATTEMPTS);
      for (const { subscription, periodKey } of pending) {
        try {
          await deliverDigest(deps, subscription, periodKey);
        } catch (error) {
          deps.logger.warn(
            { err: error, shopId: subscription.shopId, subscriptionId: subscription.id, periodKey },
            "digest retry failed",
          );
        }
      }
    },
  };
}

/**
 * Makes the scheduler's digest jobs match the subscriptions: new ones added, cancelled ones
 * removed, rescheduled ones replaced. Every instance runs this (at start, after a change in
 * Slack, and every minute) so subscriptions made on another instance are picked up too.
 */
export async function syncDigestJobs(deps: SlackDeps, scheduler: Scheduler): Promise<void> {
  const jobs = await createDigestJobs(deps);
  const keys = new Set(jobs.map((j) => j.key));
  for (const key of scheduler.keys()) if (key.startsWith("digest:") && !keys.has(key)) scheduler.remove(key);
  for (const job of jobs) scheduler.ensure(job);
}
