import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { addDays, localDay } from "../../shared/time.ts";
import { createPromoStore, type Promo } from "./promo-store.ts";

/** Promos that ended in the last 30 days, are running or are ahead (shop time zone), by start day. */
export function listPromos(deps: Pick<Deps, "db" | "clock">, shop: ShopConfig): Promise<Promo[]> {
  const today = localDay(deps.clock.now(), shop.timezone);
  return createPromoStore(deps.db).overlapping(shop.id, addDays(today, -30), "9999-12-31");
}
