import type { Db } from "../../db/create-db.ts";
import type { Day, Month } from "../../shared/time.ts";

export type SpendStatus = "pending" | "approved" | "rejected" | "expired";
export type SpendVote = { approverId: string; decision: "approve" | "reject"; reason: string | undefined; at: Date };
export type SpendRecord = {
  id: number;
  shopId: string;
  amountMicros: bigint;
  currency: string;
  channel: string;
  reason: string;
  month: Month;
  requesterId: string;
  status: SpendStatus;
  channelId: string | undefined;
  messageTs: string | undefined;
  createdAt: Date;
  decidedAt: Date | undefined;
  decidedBy: string | undefined;
  decisionReason: string | undefined;
  remindedAt: Date | undefined;
  version: number;
  votes: SpendVote[];
};

export type Substitute = { approverId: string; substituteId: string; untilDay: Day };

/** What `decide` did: stored the vote, lost a race on the version, or found the approver's vote already there. */
export type DecideOutcome = "stored" | "conflict" | "duplicate";

export type SpendStore = {
  create(input: {
    shopId: string;
    amountMicros: bigint;
    currency: string;
    channel: string;
    reason: string;
    month: Month;
    requesterId: string;
    at: Date;
  }): Promise<SpendRecord>;
  get(id: number): Promise<SpendRecord | undefined>;
  list(shopId: string, status: SpendStatus | undefined, limit: number): Promise<SpendRecord[]>;
  attachMessage(id: number, channelId: string, messageTs: string): Promise<void>;
  /**
   * Adds one approver's vote and, when it settles the request, its outcome, in one
   * transaction conditional on `version`: of concurrent clicks exactly one is stored.
   */
  decide(input: {
    id: number;
    version: number;
    vote: SpendVote;
    outcome: "approved" | "rejected" | undefined;
  }): Promise<DecideOutcome>;
  /** New amount, back to pending, earlier votes dropped; conditional on `version`. */
  changeAmount(id: number, version: number, amountMicros: bigint): Promise<boolean>;
  /** Approved amounts of a month per channel (micros), leaving out one request if asked. */
  approvedByChannel(shopId: string, month: Month, exceptId?: number): Promise<Map<string, bigint>>;
  pendingCreatedBefore(shopId: string, before: Date): Promise<SpendRecord[]>;
  /** True exactly once per request: the reminder is sent by whoever claims it. */
  claimReminder(id: number, at: Date): Promise<boolean>;
  expire(id: number, version: number, at: Date): Promise<boolean>;
  setSubstitute(shopId: string, substitute: Substitute): Promise<void>;
  clearSubstitute(shopId: string, approverId: string): Promise<boolean>;
  /** Substitutes whose `untilDay` is `today` or later. */
  activeSubstitutes(shopId: string, today: Day): Promise<Substitute[]>;
};

/** Thrown inside the transaction to roll back the vote when the request moved on meanwhile. */
class VersionConflict extends Error {}

const include = { decisions: { orderBy: [{ createdAt: "asc" as const }, { id: "asc" as const }] } };

type Row = NonNullable<Awaited<ReturnType<Db["prisma"]["spendRequest"]["findFirst"]>>> & {
  decisions: Array<{ approverId: string; decision: string; reason: string | null; createdAt: Date }>;
};

const toRecord = (r: Row): SpendRecord => ({
  id: r.id,
  shopId: r.shopId,
  amountMicros: r.amountMicros,
  currency: r.currency,
  channel: r.channel,
  reason: r.reason,
  month: r.month,
  requesterId: r.requesterId,
  status: r.status as SpendStatus,
  channelId: r.channelId ?? undefined,
  messageTs: r.messageTs ?? undefined,
  createdAt: r.createdAt,
  decidedAt: r.decidedAt ?? undefined,
  decidedBy: r.decidedBy ?? undefined,
  decisionReason: r.decisionReason ?? undefined,
  remindedAt: r.remindedAt ?? undefined,
  version: r.version,
  votes: r.decisions.map((d) => ({
    approverId: d.approverId,
    decision: d.decision as SpendVote["decision"],
    reason: d.reason ?? undefined,
    at: d.createdAt,
  })),
});

/** A unique-constraint violation (P2002), as both drivers report it through Prisma. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

export function createSpendStore(db: Db): SpendStore {
  const { prisma } = db;
  return {
    async create(input) {
      const row = await prisma.spendRequest.create({
        data: {
          shopId: input.shopId,
          amountMicros: input.amountMicros,
          currency: input.currency,
          channel: input.channel,
          reason: input.reason,
          month: input.month,
          requesterId: input.requesterId,
          status: "pending",
          createdAt: input.at,
        },
        include,
      });
      return toRecord(row);
    },
    async get(id) {
      const row = await prisma.spendRequest.findUnique({ where: { id }, include });
      return row ? toRecord(row) : undefined;
    },
    async list(shopId, status, limit) {
      const rows = await prisma.spendRequest.findMany({
        where: { shopId, ...(status ? { status } : {}) },
        orderBy: { id: "desc" },
        take: limit,
        include,
      });
      return rows.map(toRecord);
    },
    async attachMessage(id, channelId, messageTs) {
      await prisma.spendRequest.update({ where: { id }, data: { channelId, messageTs } });
    },
    async decide({ id, version, vote, outcome }) {
      try {
        await prisma.$transaction(async (tx) => {
          await tx.spendDecision.create({
            data: {
              requestId: id,
              approverId: vote.approverId,
              decision: vote.decision,
              reason: vote.reason ?? null,
              createdAt: vote.at,
            },
          });
          const { count } = await tx.spendRequest.updateMany({
            where: { id, version, status: "pending" },
            data: {
              version: { increment: 1 },
              ...(outcome
                ? {
                    status: outcome,
                    decidedAt: vote.at,
                    decidedBy: vote.approverId,
                    decisionReason: vote.reason ?? null,
                  }
                : {}),
            },
          });
          if (count !== 1) throw new VersionConflict();
        });
        return "stored";
      } catch (error) {
        if (error instanceof VersionConflict) return "conflict";
        if (isUniqueViolation(error)) return "duplicate";
        throw error;
      }
    },
    async changeAmount(id, version, amountMicros) {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.spendRequest.updateMany({
          where: { id, version, status: { in: ["pending", "approved"] } },
          data: {
            amountMicros,
            status: "pending",
            version: { increment: 1 },
            decidedAt: null,
            decidedBy: null,
            decisionReason: null,
            remindedAt: null,
          },
        });
        if (count === 1) await tx.spendDecision.deleteMany({ where: { requestId: id } });
        return count === 1;
      });
    },
    async approvedByChannel(shopId, month, exceptId) {
      const rows = await prisma.spendRequest.findMany({
        where: { shopId, month, status: "approved", ...(exceptId === undefined ? {} : { id: { not: exceptId } }) },
        select: { channel: true, amountMicros: true },
      });
      const totals = new Map<string, bigint>();
      for (const r of rows) totals.set(r.channel, (totals.get(r.channel) ?? 0n) + r.amountMicros);
      return totals;
    },
    async pendingCreatedBefore(shopId, before) {
      const rows = await prisma.spendRequest.findMany({
        where: { shopId, status: "pending", createdAt: { lte: before } },
        orderBy: { id: "asc" },
        include,
      });
      return rows.map(toRecord);
    },
    async claimReminder(id, at) {
      const { count } = await prisma.spendRequest.updateMany({
        where: { id, status: "pending", remindedAt: null },
        data: { remindedAt: at },
      });
      return count === 1;
    },
    async expire(id, version, at) {
      const { count } = await prisma.spendRequest.updateMany({
        where: { id, version, status: "pending" },
        data: { status: "expired", decidedAt: at, version: { increment: 1 } },
      });
      return count === 1;
    },
    async setSubstitute(shopId, s) {
      await prisma.approverSubstitute.upsert({
        where: { shopId_approverId: { shopId, approverId: s.approverId } },
        create: { shopId, approverId: s.approverId, substituteId: s.substituteId, untilDay: s.untilDay },
        update: { substituteId: s.substituteId, untilDay: s.untilDay },
      });
    },
    async clearSubstitute(shopId, approverId) {
      const { count } = await prisma.approverSubstitute.deleteMany({ where: { shopId, approverId } });
      return count > 0;
    },
    async activeSubstitutes(shopId, today) {
      const rows = await prisma.approverSubstitute.findMany({ where: { shopId, untilDay: { gte: today } } });
      return rows.map((r) => ({ approverId: r.approverId, substituteId: r.substituteId, untilDay: r.untilDay }));
    },
  };
}
