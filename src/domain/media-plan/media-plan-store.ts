import type { Db } from "../../db/create-db.ts";
import type { Month } from "../../shared/time.ts";

export type PlanOrigin = "config" | "import";
export type PlanCell = { month: Month; channel: string; budgetMicros: bigint; currency: string };

export type MediaPlanStore = {
  /** Writes the cells (one transaction: all or nothing); an existing (month, channel) is overwritten. */
  upsert(shopId: string, cells: PlanCell[], origin: PlanOrigin): Promise<void>;
  /**
   * Makes the config-origin rows equal `cells`: adds and updates them, deletes config rows no
   * longer in the YAML, and leaves imported rows alone (an import is newer than the file).
   */
  syncConfig(shopId: string, cells: PlanCell[]): Promise<void>;
  month(shopId: string, month: Month): Promise<Array<PlanCell & { origin: PlanOrigin }>>;
  channels(shopId: string): Promise<string[]>;
};

export function createMediaPlanStore(db: Db): MediaPlanStore {
  const { prisma } = db;
  const upsertOne = (shopId: string, c: PlanCell, origin: PlanOrigin) =>
    prisma.mediaPlan.upsert({
      where: { shopId_month_channel: { shopId, month: c.month, channel: c.channel } },
      create: {
        shopId,
        month: c.month,
        channel: c.channel,
        budgetMicros: c.budgetMicros,
        currency: c.currency,
        origin,
      },
      update: { budgetMicros: c.budgetMicros, currency: c.currency, origin },
    });
  return {
    async upsert(shopId, cells, origin) {
      await prisma.$transaction(cells.map((c) => upsertOne(shopId, c, origin)));
    },
    async syncConfig(shopId, cells) {
      const existing = await prisma.mediaPlan.findMany({ where: { shopId } });
      const imported = new Set(existing.filter((r) => r.origin === "import").map((r) => `${r.month}/${r.channel}`));
      const wanted = new Set(cells.map((c) => `${c.month}/${c.channel}`));
      const stale = existing.filter((r) => r.origin === "config" && !wanted.has(`${r.month}/${r.channel}`));
      await prisma.$transaction([
        ...stale.map((r) =>
          prisma.mediaPlan.delete({ where: { shopId_month_channel: { shopId, month: r.month, channel: r.channel } } }),
        ),
        ...cells.filter((c) => !imported.has(`${c.month}/${c.channel}`)).map((c) => upsertOne(shopId, c, "config")),
      ]);
    },
    async month(shopId, month) {
      const rows = await prisma.mediaPlan.findMany({ where: { shopId, month }, orderBy: { channel: "asc" } });
      return rows.map((r) => ({
        month: r.month,
        channel: r.channel,
        budgetMicros: r.budgetMicros,
        currency: r.currency,
        origin: r.origin as PlanOrigin,
      }));
    },
    async channels(shopId) {
      const rows = await prisma.mediaPlan.findMany({
        where: { shopId },
        select: { channel: true },
        distinct: ["channel"],
      });
      return rows.map((r) => r.channel);
    },
  };
}
