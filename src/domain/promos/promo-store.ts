import type { Db } from "../../db/create-db.ts";
import type { Day } from "../../shared/time.ts";

export type Promo = { id: number; shopId: string; name: string; startDay: Day; endDay: Day; createdBy: string };

export type PromoStore = {
  create(input: Omit<Promo, "id"> & { at: Date }): Promise<Promo>;
  get(id: number): Promise<Promo | undefined>;
  /** Promos overlapping `from`..`to` (local days, both included), by start day. For digests and the anomaly detector. */
  overlapping(shopId: string, from: Day, to: Day): Promise<Promo[]>;
  remove(id: number): Promise<boolean>;
};

export function createPromoStore(db: Db): PromoStore {
  const { prisma } = db;
  const toPromo = (r: Promo & Record<string, unknown>): Promo => ({
    id: r.id,
    shopId: r.shopId,
    name: r.name,
    startDay: r.startDay,
    endDay: r.endDay,
    createdBy: r.createdBy,
  });
  return {
    async create(input) {
      const { shopId, name, startDay, endDay, createdBy, at } = input;
      return toPromo(await prisma.promo.create({ data: { shopId, name, startDay, endDay, createdBy, createdAt: at } }));
    },
    async get(id) {
      const row = await prisma.promo.findUnique({ where: { id } });
      return row ? toPromo(row) : undefined;
    },
    async overlapping(shopId, from, to) {
      const rows = await prisma.promo.findMany({
        where: { shopId, startDay: { lte: to }, endDay: { gte: from } },
        orderBy: [{ startDay: "asc" }, { id: "asc" }],
      });
      return rows.map(toPromo);
    },
    async remove(id) {
      const { count } = await prisma.promo.deleteMany({ where: { id } });
      return count === 1;
    },
  };
}
