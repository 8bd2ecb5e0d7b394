import type { Db } from "../../db/create-db.ts";
import type { Day, Month } from "../../shared/time.ts";
import { fromMicros } from "../metrics/metric-store.ts";

export type DigestTask = { id: number; title: string; assigneeId: string; dueDay: Day };
export type DigestApproval = {
  id: number;
  amount: number;
  currency: string;
  channel: string;
  requesterId: string;
  createdAt: Date;
};
export type DigestPromo = { id: number; name: string; startDay: Day; endDay: Day };
export type DigestCompetitorNote = {
  id: number;
  competitor: string;
  note: string;
  url: string | undefined;
  permalink: string | undefined;
  authorId: string;
  createdAt: Date;
};

/**
 * What a digest shows beyond metrics, read straight from the team-workflow tables (tasks,
 * spend requests, promos, competitor notes, imported media plans) so the sections fill in as
 * soon as those features store data. Read-only.
 */
export type DigestContextStore = {
  /** Open tasks with a due day up to `dueBy` (included), earliest first. */
  openTasksDueBy(shopId: string, dueBy: Day, limit: number): Promise<{ items: DigestTask[]; total: number }>;
  pendingApprovals(shopId: string, limit: number): Promise<{ items: DigestApproval[]; total: number }>;
  /** Promos overlapping `from`..`to` (local days, both included), by start day. */
  promosOverlapping(shopId: string, from: Day, to: Day): Promise<DigestPromo[]>;
  /** Competitor notes created in [since, until), newest first. */
  competitorNotes(shopId: string, since: Date, until: Date, limit: number): Promise<DigestCompetitorNote[]>;
  /** Media-plan budgets stored for a month (imported or synced from the YAML), per channel, in currency units. */
  mediaPlan(shopId: string, month: Month): Promise<Array<{ channel: string; budget: number; currency: string }>>;
};

export function createDigestContextStore(db: Db): DigestContextStore {
  const { prisma } = db;
  return {
    async openTasksDueBy(shopId, dueBy, limit) {
      const where = { shopId, status: "open", dueDay: { not: null, lte: dueBy } };
      const [rows, total] = await Promise.all([
        prisma.task.findMany({ where, orderBy: [{ dueDay: "asc" }, { id: "asc" }], take: limit }),
        prisma.task.count({ where }),
      ]);
      return {
        items: rows.map((r) => ({ id: r.id, title: r.title, assigneeId: r.assigneeId, dueDay: r.dueDay ?? dueBy })),
        total,
      };
    },

    async pendingApprovals(shopId, limit) {
      const where = { shopId, status: "pending" };
      const [rows, total] = await Promise.all([
        prisma.spendRequest.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: limit }),
        prisma.spendRequest.count({ where }),
      ]);
      return {
        items: rows.map((r) => ({
          id: r.id,
          amount: fromMicros(r.amountMicros),
          currency: r.currency,
          channel: r.channel,
          requesterId: r.requesterId,
          createdAt: r.createdAt,
        })),
        total,
      };
    },

    async promosOverlapping(shopId, from, to) {
      const rows = await prisma.promo.findMany({
        where: { shopId, startDay: { lte: to }, endDay: { gte: from } },
        orderBy: [{ startDay: "asc" }, { id: "asc" }],
      });
      return rows.map((r) => ({ id: r.id, name: r.name, startDay: r.startDay, endDay: r.endDay }));
    },

    async competitorNotes(shopId, since, until, limit) {
      const rows = await prisma.competitorNote.findMany({
        where: { shopId, createdAt: { gte: since, lt: until } },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: limit,
      });
      return rows.map((r) => ({
        id: r.id,
        competitor: r.competitor,
        note: r.note,
        url: r.url ?? undefined,
        permalink: r.permalink ?? undefined,
        authorId: r.authorId,
        createdAt: r.createdAt,
      }));
    },

    async mediaPlan(shopId, month) {
      const rows = await prisma.mediaPlan.findMany({ where: { shopId, month }, orderBy: { channel: "asc" } });
      return rows.map((r) => ({ channel: r.channel, budget: fromMicros(r.budgetMicros), currency: r.currency }));
    },
  };
}
