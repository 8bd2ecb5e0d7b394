import { DEFAULT_DELIVERY_STALE_SECONDS } from "../config/env-schema.ts";
import type { ShopConfig } from "../config/shops-schema.ts";
import { buildShopDigest } from "../domain/digests/build-digest.ts";
import type { DigestContent } from "../domain/digests/digest-content.ts";
import {
  createDigestDeliveryStore,
  type DeliveryClaim,
  type DigestSubscription,
  type SentDelivery,
} from "../domain/digests/digest-delivery-store.ts";
import { type Period, periodOf, periodOfKey } from "../domain/digests/period.ts";
import { createGroupCommit } from "../shared/group-commit.ts";
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
/** Marks a delivery sent; a fan-out shares its writes among the digests posted meanwhile. */
type RecordSent = (sent: SentDelivery) => Promise<void>;

/**
 * The (subscription, period) deliveries each instance in this process is working on. A
 * slot's fan-out, a caught-up slot and the retry sweep can meet on one delivery, and a claim
 * the instance holds looks stale to the others once the delivery takes longer than the stale
 * time (a cold start, a slow Slack): they leave what is in here alone instead of taking it
 * over and posting it a second time.
 */
const inFlightByInstance = new Map<string, Set<string>>();

type Delivery = { subscription: DigestSubscription; periodKey: string };

/**
 * Marks as under way those of `items` this instance is not delivering already and returns
 * them (the others are left alone, like another instance's claim); `release` ends them.
 */
function takeDeliveries<T extends Delivery>(deps: SlackDeps, items: T[]): { taken: T[]; release(): void } {
  const inFlight = inFlightByInstance.get(deps.instanceId) ?? new Set<string>();
  inFlightByInstance.set(deps.instanceId, inFlight);
  const keyOf = (item: Delivery) => `${item.subscription.id}|${item.periodKey}`;
  const taken = items.filter((item) => !inFlight.has(keyOf(item)));
  for (const item of taken) inFlight.add(keyOf(item));
  const release = () => {
    for (const item of taken) inFlight.delete(keyOf(item));
  };
  return { taken, release };
}

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
 * exactly once: claims the (subscription, period) row, then delivers it (see deliverClaimed).
 */
export async function deliverDigest(
  deps: SlackDeps,
  subscription: DigestSubscription,
  periodKey: string,
  build: BuildDigest = (shop, period) => buildShopDigest(deps, shop, period),
): Promise<DeliveryOutcome> {
  const shop = shopToDeliver(deps, subscription);
  if (!shop) return { status: "skipped" };
  const { taken, release } = takeDeliveries(deps, [{ subscription, periodKey }]);
  if (taken.length === 0) return { status: "busy" };
  try {
    const period = periodOfKey(subscription.period, periodKey, shop.timezone);
    const deliveries = createDigestDeliveryStore(deps.db);
    const claim = await deliveries.claim({ subscriptionId: subscription.id, periodKey, ...claimer(deps) });
    const recordSent: RecordSent = (sent) => deliveries.markSent([sent], deps.clock.now());
    return await deliverClaimed(deps, { subscription, periodKey, period, shop, claim }, build, recordSent);
  } finally {
    release();
  }
}

type ClaimedDelivery = {
  subscription: DigestSubscription;
  periodKey: string;
  period: Period;
  shop: ShopConfig;
  claim: DeliveryClaim;
};

/**
 * Builds the digest, posts it, records the message ts at once, uploads the chart PNGs in its
 * thread (`charts: image | both`) and marks the row sent. A sent row is never posted again;
 * a retry of a delivery that had posted but not finished only completes the thread. A
 * failure marks the row failed (the retry job tries again) and is rethrown.
 */
async function deliverClaimed(
  deps: SlackDeps,
  { subscription, periodKey, period, shop, claim }: ClaimedDelivery,
  build: BuildDigest,
  recordSent: RecordSent,
): Promise<DeliveryOutcome> {
  if (claim.status === "sent") return { status: "already-sent" };
  const log = deps.logger.child({ shopId: shop.id, job: "digest", subscriptionId: subscription.id, periodKey });
  if (claim.status === "busy") {
    log.info("digest is being delivered by another instance");
    return { status: "busy" };
  }
  const deliveries = createDigestDeliveryStore(deps.db);
  try {
    const content = await build(shop, period);
    const channel = subscription.channelId;
    const options = digestRenderOptions(shop);
    // Native charts only: the post is the whole delivery, recorded as sent in one step.
    const postIsAll = options.charts === "native";
    const { ts } = await postDigest(deps.publisher, channel, content, options, {
      ...(claim.messageTs ? { existing: { channel, ts: claim.messageTs } } : {}),
      // Recorded before anything else can fail: from here on a retry never posts the digest again.
      onPosted: (posted) =>
        postIsAll
          ? recordSent({ deliveryId: claim.deliveryId, messageTs: posted.ts })
          : deliveries.markPosted(claim.deliveryId, posted.ts),
    });
    if (!postIsAll || claim.messageTs) await recordSent({ deliveryId: claim.deliveryId });
    deps.metrics.digests.inc({ outcome: "sent" });
    log.info({ ts, attempt: claim.attempts }, "digest delivered");
    return { status: "sent", messageTs: ts };
  } catch (error) {
    deps.metrics.digests.inc({ outcome: "failed" });
    await deliveries.markFailed(claim.deliveryId, error instanceof Error ? error.message : String(error));
    throw error;
  }
}

/** Digests of one slot delivered at once, each by at most this many at a time. */
const FAN_OUT_CONCURRENCY = 16;

/**
 * Delivers a slot's digests: claims all of them first (one statement for the new ones), then
 * posts round-robin over the channels, every channel's first digest before any channel's
 * second, so Slack's one-post-per-second-per-channel spacing overlaps the rest of the work.
 * One failed digest does not stop the others; the retry job tries it again.
 */
export async function fanOutDigests(
  deps: SlackDeps,
  items: Array<{ subscription: DigestSubscription; periodKey: string }>,
  build: BuildDigest,
): Promise<{ sent: number; failed: number }> {
  // Many subscriptions share a period: work each out once.
  const periods = new Map<string, Period>();
  const configured = items.flatMap((item) => {
    const shop = shopToDeliver(deps, item.subscription);
    if (!shop) return [];
    const key = `${item.subscription.period}|${item.periodKey}|${shop.timezone}`;
    const period = periods.get(key) ?? periodOfKey(item.subscription.period, item.periodKey, shop.timezone);
    periods.set(key, period);
    return [{ ...item, shop, period }];
  });
  const { taken: deliverable, release } = takeDeliveries(deps, configured);
  try {
    const deliveries = createDigestDeliveryStore(deps.db);
    const claims = await deliveries.claimMany(
      deliverable.map(({ subscription, periodKey }) => ({ subscriptionId: subscription.id, periodKey })),
      claimer(deps),
    );
    // The digests Slack accepted while one "sent" write was in flight share the next write.
    const recordSent = createGroupCommit<SentDelivery>((sent) => deliveries.markSent(sent, deps.clock.now()));
    const queue = roundRobin(
      deliverable.map((item, i) => ({ ...item, claim: claims[i] as DeliveryClaim })),
      (d) => d.subscription.channelId,
    );
    let sent = 0;
    let failed = 0;
    let taken = 0;
    const worker = async () => {
      for (let next = queue[taken++]; next; next = queue[taken++]) {
        try {
          if ((await deliverClaimed(deps, next, build, recordSent)).status === "sent") sent++;
        } catch (error) {
          failed++;
          deps.logger.warn(
            { err: error, shopId: next.shop.id, subscriptionId: next.subscription.id, periodKey: next.periodKey },
            "digest delivery failed; the retry job tries again",
          );
        }
      }
    };
    await Promise.all(Array.from({ length: FAN_OUT_CONCURRENCY }, worker));
    return { sent, failed };
  } finally {
    release();
  }
}

/** Items reordered so each key's first comes before any key's second, and so on; order kept within a key. */
function roundRobin<T>(items: T[], keyOf: (item: T) => string): T[] {
  const byKey = new Map<string, T[]>();
  for (const item of items) {
    const group = byKey.get(keyOf(item)) ?? [];
    group.push(item);
    byKey.set(keyOf(item), group);
  }
  const rounds: T[] = [];
  for (let round = 0; rounds.length < items.length; round++) {
    for (const group of byKey.values()) if (round < group.length) rounds.push(group[round] as T);
  }
  return rounds;
}

/**
 * The job of every subscription on one cron in one time zone: a slot delivers each of their
 * digests once (fanOutDigests), for the period derived from the scheduled time, not the
 * clock, so a late or repeated run delivers the same periods (and so at most once).
 * Subscriptions are read when the slot fires: one made or cancelled since counts.
 */
export function createDigestSlotJob(deps: SlackDeps, cron: string, timezone: string, build: BuildDigest): ScheduledJob {
  const deliveries = createDigestDeliveryStore(deps.db);
  return {
    key: digestJobKey(cron, timezone),
    cron,
    timezone,
    // A morning digest missed during a deploy or an outage still goes out when ShopOps is back.
    catchUpWithinMs: deps.config.env.SHOPOPS_DIGEST_CATCH_UP_MINUTES * 60_000,
    async run(scheduledAt) {
      const due = (await deliveries.list()).filter((s) => s.cron === cron && shopOf(deps, s)?.timezone === timezone);
      // Every subscription of a period kind has the same period in this slot.
      const keys = new Map<string, string>();
      const periodKeyOf = (kind: DigestSubscription["period"]) => {
        const key = keys.get(kind) ?? periodOf(kind, scheduledAt, timezone).key;
        keys.set(kind, key);
        return key;
      };
      const { failed } = await fanOutDigests(
        deps,
        due.map((subscription) => ({ subscription, periodKey: periodKeyOf(subscription.period) })),
        build,
      );
      if (failed > 0) throw new Error(`${failed} of ${due.length} digests failed; the retry job tries them again`);
    },
  };
}

/** One job per time zone and cron, e.g. "digest:Europe/Warsaw 0 8 * * *". */
export function digestJobKey(cron: string, timezone: string): string {
  return `digest:${timezone} ${cron}`;
}

/**
 * Makes the YAML `digests:` the config subscriptions, then returns one job per cron and time
 * zone of the active subscriptions of configured shops, plus the retry sweep. Call again
 * after subscriptions change in Slack and `add` the jobs to the scheduler (it replaces by key).
 */
export async function createDigestJobs(deps: SlackDeps): Promise<ScheduledJob[]> {
  // A fan-out posts the same (shop, period) digest to many channels: build it once.
  const build = createDigestCache(deps);
  const deliveries = createDigestDeliveryStore(deps.db);
  await deliveries.syncConfig(deps.config.shops);
  const jobs = new Map<string, ScheduledJob>();
  for (const subscription of await deliveries.list()) {
    const shop = shopOf(deps, subscription);
    if (!shop) continue;
    const key = digestJobKey(subscription.cron, shop.timezone);
    if (!jobs.has(key)) jobs.set(key, createDigestSlotJob(deps, subscription.cron, shop.timezone, build));
  }
  return [...jobs.values(), createDigestRetryJob(deps)];
}

function shopOf(deps: SlackDeps, subscription: DigestSubscription): ShopConfig | undefined {
  return deps.config.shops.find((s) => s.id === subscription.shopId);
}

/** The subscription's shop, or a warning that it is no longer configured. */
function shopToDeliver(deps: SlackDeps, subscription: DigestSubscription): ShopConfig | undefined {
  const shop = shopOf(deps, subscription);
  if (!shop) {
    deps.logger.warn(
      { shopId: subscription.shopId, subscriptionId: subscription.id },
      "digest subscription of a shop that is no longer configured",
    );
  }
  return shop;
}

function claimer(deps: SlackDeps) {
  return { instanceId: deps.instanceId, now: deps.clock.now(), staleAfterMs: deliveryStaleAfterMs(deps) };
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
