import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Db } from "../../db/create-db.ts";

/**
 * Mirrors the configured shops into the Shop table at start, so rows elsewhere name a
 * known shop. Shops removed from the YAML keep their row and data: nothing stored is lost.
 */
export async function syncShops(db: Db, shops: ShopConfig[]): Promise<void> {
  for (const shop of shops) {
    const fields = { name: shop.name, timezone: shop.timezone, currency: shop.currency, locale: shop.locale };
    await db.prisma.shop.upsert({ where: { id: shop.id }, create: { id: shop.id, ...fields }, update: fields });
  }
}
