import type { DigestPeriod, ShopConfig } from "../../config/shops-schema.ts";
import type { Db } from "../../db/create-db.ts";
import { isUniqueViolation } from "../scheduling/job-run-store.ts";

export type DigestSubscription = {
  id: number;
  shopId: string;
  channelId: string;
  period: DigestPeriod;
  cron: string;
  origin: "config" | "slack";
  createdBy: string | undefined;
  active: boolean;
};

/** What `/shopops digest subscribe daily|weekly|monthly` means: a period and when it is posted (shop time). */
export const DIGEST_CADENCES = {
  daily: { period: "yesterday", cron: "0 8 * * *" },
  weekly: { period: "last-week", cron: "0 9 * * 1" },
  monthly: { period: "month-to-date", cron: "0 9 1 * *" },
} as const satisfies Record<string, { period: DigestPeriod; cron: string }>;
export type DigestCadence = keyof typeof DIGEST_CADENCES;

export type DeliveryClaim =
  | {
      status: "claimed";
      deliveryId: number;
      attempts: number;
      /** Set when an earlier attempt posted the message but did not finish: do not post it again. */
      messageTs: string | undefined;
    }
  /** Already delivered: nothing to do, ever. */
  | { status: "sent"; messageTs: string | undefined }
  /** Another instance holds a fresh claim. */
  | { status: "busy" };

export type RetryableDelivery = { deliveryId: number; periodKey: string; subscription: DigestSubscription };

export type DigestDeliveryStore = {
  /**
   * Claims the delivery of one (subscription, period). A new row is inserted under the unique
   * (subscriptionId, periodKey) key, so of many instances exactly one wins; an existing row is
   * taken over only when it failed or its claim is older than `staleAfterMs` (its instance
   * died), with a conditional update so again only one instance wins. A sent row is final.
   */
  claim(input: {
    subscriptionId: number;
    periodKey: string;
    instanceId: string;
    now: Date;
    staleAfterMs: number;
  }): Promise<DeliveryClaim>;
  /**
   * Claims many deliveries at once, as `claim` does each (same outcomes, in the same order):
   * a fan-out claims all of its slot's digests before posting any, so a crash mid-way
   * leaves every undelivered one to the retry sweep. New rows go in with one statement.
   */
  claimMany(
    items: Array<{ subscriptionId: number; periodKey: string }>,
    claimer: { instanceId: string; now: Date; staleAfterMs: number },
  ): Promise<DeliveryClaim[]>;
  /** Records the posted message at once, so a retry after a crash never posts it twice. */
  markPosted(deliveryId: number, messageTs: string): Promise<void>;
  /**
   * Final, for any number of deliveries in one statement; `messageTs` when the post and the
   * end of the delivery are one step (nothing follows the post).
   */
  markSent(sent: SentDelivery[], now: Date): Promise<void>;
  /** A failed delivery may be claimed again (see `retryable`); a sent one is never touched. */
  markFailed(deliveryId: number, error: string): Promise<void>;
  /** Deliveries of active subscriptions that failed or whose claim went stale, with fewer than `maxAttempts`. */
  retryable(now: Date, staleAfterMs: number, maxAttempts: number): Promise<RetryableDelivery[]>;

  /**
   * Subscribes a channel to a shop's digest of `period`, or reactivates and reschedules the
   * existing subscription (one per shop, channel and period). A subscription from the YAML
   * keeps its origin.
   */
  subscribe(input: {
    shopId: string;
    channelId: string;
    period: DigestPeriod;
    cron: string;
    createdBy: string;
  }): Promise<{ subscription: DigestSubscription; created: boolean }>;
  /**
   * Deactivates a channel's subscriptions made in Slack (of one period, or all). Those from
   * the YAML are left alone and counted in `fromConfig`: they are changed in the YAML.
   */
  unsubscribe(input: {
    shopId: string;
    channelId: string;
    period?: DigestPeriod;
  }): Promise<{ removed: number; fromConfig: number }>;
  /** Active subscriptions of a shop (all shops when omitted), by id. */
  list(shopId?: string): Promise<DigestSubscription[]>;
  /**
   * Makes the YAML `digests:` of every shop the active config subscriptions: adds or updates
   * those listed, deactivates config subscriptions no longer listed. Slack ones are untouched.
   */
  syncConfig(shops: ShopConfig[]): Promise<{ active: number; deactivated: number }>;
};

type SubscriptionRow = {
  id: number;
  shopId: string;
  channelId: string;
  period: string;
  cron: string;
  origin: string;
  createdBy: string | null;
  active: boolean;
};

function toSubscription(row: SubscriptionRow): DigestSubscription {
  return {
    id: row.id,
    shopId: row.shopId,
    channelId: row.channelId,
    period: row.period as DigestPeriod,
    cron: row.cron,
    origin: row.origin === "config" ? "config" : "slack",
    createdBy: row.createdBy ?? undefined,
    active: row.active,
  };
}

export type SentDelivery = { deliveryId: number; messageTs?: string };

/** Deliveries inserted by one claimMany statement: 5 parameters each, well within both databases' limits. */
const CLAIM_CHUNK = 1_000;
/** Deliveries marked sent by one statement: 3 parameters each. */
const SENT_CHUNK = 1_000;

/**
 * The values of a raw statement, each added where the statement uses it and written the way
 * the database numbers parameters (`$1` on PostgreSQL, `?` in order on SQLite).
 */
function statementParams(pg: boolean) {
  const values: unknown[] = [];
  return {
    values,
    add(value: unknown): string {
      values.push(value);
      return pg ? `$${values.length}` : "?";
    },
  };
}

export function createDigestDeliveryStore(db: Db): DigestDeliveryStore {
  const pg = db.provider === "postgresql";
  const deliveries = db.prisma.digestDelivery;
  const subscriptions = db.prisma.digestSubscription;

  return {
    async claim({ subscriptionId, periodKey, instanceId, now, staleAfterMs }) {
      try {
        const row = await deliveries.create({
          data: { subscriptionId, periodKey, status: "claimed", claimedBy: instanceId, claimedAt: now, attempts: 1 },
        });
        return { status: "claimed", deliveryId: row.id, attempts: 1, messageTs: undefined };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      const key = { subscriptionId_periodKey: { subscriptionId, periodKey } };
      const existing = await deliveries.findUnique({ where: key });
      if (!existing) return { status: "busy" };
      if (existing.status === "sent") return { status: "sent", messageTs: existing.messageTs ?? undefined };
      const staleBefore = new Date(now.getTime() - staleAfterMs);
      const taken = await deliveries.updateMany({
        where: {
          id: existing.id,
          OR: [{ status: "failed" }, { status: "claimed", claimedAt: { lt: staleBefore } }],
        },
        data: { status: "claimed", claimedBy: instanceId, claimedAt: now, attempts: { increment: 1 } },
      });
      if (taken.count !== 1) return { status: "busy" };
      const row = await deliveries.findUniqueOrThrow({ where: key });
      return { status: "claimed", deliveryId: row.id, attempts: row.attempts, messageTs: row.messageTs ?? undefined };
    },

    async markPosted(deliveryId, messageTs) {
      await deliveries.update({ where: { id: deliveryId }, data: { messageTs } });
    },

    async claimMany(items, { instanceId, now, staleAfterMs }) {
      const pairKey = (subscriptionId: number, periodKey: string) => `${subscriptionId}|${periodKey}`;
      const created = new Map<string, number>();
      // Rows that exist already (sent, failed, another instance's claim) are left alone here
      // and settled one by one below. One plain statement per chunk: Prisma's query compiler
      // spends longer on a 600-row createMany than the database does.
      for (let start = 0; start < items.length; start += CLAIM_CHUNK) {
        const chunk = items.slice(start, start + CLAIM_CHUNK);
        const params = statementParams(pg);
        const rows = chunk.map(
          ({ subscriptionId, periodKey }) =>
            `(${params.add(subscriptionId)}, ${params.add(periodKey)}, 'claimed', ${params.add(instanceId)}, ${params.add(now)}, 1, ${params.add(now)})`,
        );
        const inserted = await db.prisma.$queryRawUnsafe<
          Array<{ id: number; subscriptionId: number; periodKey: string }>
        >(
          `INSERT INTO "DigestDelivery" ("subscriptionId", "periodKey", "status", "claimedBy", "claimedAt", "attempts", "createdAt")
           VALUES ${rows.join(", ")} ON CONFLICT ("subscriptionId", "periodKey") DO NOTHING
           RETURNING "id", "subscriptionId", "periodKey"`,
          ...params.values,
        );
        for (const r of inserted) created.set(pairKey(Number(r.subscriptionId), r.periodKey), Number(r.id));
      }
      const claims: DeliveryClaim[] = [];
      for (const item of items) {
        const id = created.get(pairKey(item.subscriptionId, item.periodKey));
        claims.push(
          id === undefined
            ? await this.claim({ ...item, instanceId, now, staleAfterMs })
            : { status: "claimed", deliveryId: id, attempts: 1, messageTs: undefined },
        );
      }
      return claims;
    },

    async markSent(sent, now) {
      // A fan-out marks its digests sent in batches (see digest-job.ts). A plain statement: Prisma's
      // query compiler spends several times what the database does on the same update.
      for (let start = 0; start < sent.length; start += SENT_CHUNK) {
        const chunk = sent.slice(start, start + SENT_CHUNK);
        // Added in the order the statement uses them (SQLite's `?` are positional).
        const params = statementParams(pg);
        const sentAt = params.add(now);
        const tsCases = chunk.flatMap((d) =>
          d.messageTs === undefined ? [] : [`WHEN ${params.add(d.deliveryId)} THEN ${params.add(d.messageTs)}`],
        );
        const messageTs = tsCases.length > 0 ? `CASE "id" ${tsCases.join(" ")} ELSE "messageTs" END` : `"messageTs"`;
        const ids = chunk.map((d) => params.add(d.deliveryId));
        await db.prisma.$executeRawUnsafe(
          `UPDATE "DigestDelivery" SET "status" = 'sent', "sentAt" = ${sentAt}, "error" = NULL,
             "messageTs" = ${messageTs} WHERE "id" IN (${ids.join(", ")})`,
          ...params.values,
        );
      }
    },

    async markFailed(deliveryId, error) {
      await deliveries.updateMany({
        where: { id: deliveryId, status: { not: "sent" } },
        data: { status: "failed", error: error.slice(0, 2000) },
      });
    },

    async retryable(now, staleAfterMs, maxAttempts) {
      const rows = await deliveries.findMany({
        where: {
          attempts: { lt: maxAttempts },
          subscription: { active: true },
          OR: [{ status: "failed" }, { status: "claimed", claimedAt: { lt: new Date(now.getTime() - staleAfterMs) } }],
        },
        include: { subscription: true },
        orderBy: { id: "asc" },
      });
      return rows.map((r) => ({
        deliveryId: r.id,
        periodKey: r.periodKey,
        subscription: toSubscription(r.subscription),
      }));
    },

    async subscribe({ shopId, channelId, period, cron, createdBy }) {
      const where = { shopId_channelId_period: { shopId, channelId, period } };
      const existing = await subscriptions.findUnique({ where });
      if (existing) {
        const row = await subscriptions.update({ where, data: { cron, active: true } });
        return { subscription: toSubscription(row), created: !existing.active };
      }
      try {
        const row = await subscriptions.create({
          data: { shopId, channelId, period, cron, origin: "slack", createdBy, active: true },
        });
        return { subscription: toSubscription(row), created: true };
      } catch (error) {
        // Two people subscribing the same channel at once: the other one won, which is the same outcome.
        if (!isUniqueViolation(error)) throw error;
        return { subscription: toSubscription(await subscriptions.findUniqueOrThrow({ where })), created: false };
      }
    },

    async unsubscribe({ shopId, channelId, period }) {
      const where = { shopId, channelId, active: true, ...(period ? { period } : {}) };
      const fromConfig = await subscriptions.count({ where: { ...where, origin: "config" } });
      const removed = await subscriptions.updateMany({
        where: { ...where, origin: { not: "config" } },
        data: { active: false },
      });
      return { removed: removed.count, fromConfig };
    },

    async list(shopId) {
      const rows = await subscriptions.findMany({
        where: { active: true, ...(shopId ? { shopId } : {}) },
        orderBy: { id: "asc" },
      });
      return rows.map(toSubscription);
    },

    async syncConfig(shops) {
      const wanted = new Set<string>();
      for (const shop of shops) {
        for (const d of shop.digests) {
          wanted.add(`${shop.id}\u0000${d.channel}\u0000${d.period}`);
          await subscriptions.upsert({
            where: { shopId_channelId_period: { shopId: shop.id, channelId: d.channel, period: d.period } },
            create: { shopId: shop.id, channelId: d.channel, period: d.period, cron: d.cron, origin: "config" },
            update: { cron: d.cron, origin: "config", active: true },
          });
        }
      }
      const stale = (await subscriptions.findMany({ where: { origin: "config", active: true } })).filter(
        (r) => !wanted.has(`${r.shopId}\u0000${r.channelId}\u0000${r.period}`),
      );
      if (stale.length > 0) {
        await subscriptions.updateMany({ where: { id: { in: stale.map((r) => r.id) } }, data: { active: false } });
      }
      return { active: wanted.size, deactivated: stale.length };
    },
  };
}
