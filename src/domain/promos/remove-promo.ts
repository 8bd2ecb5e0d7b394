import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import { createAuditLogStore } from "../audit/audit-log-store.ts";
import { createPromoStore, type Promo } from "./promo-store.ts";

/** Removes a promo of the shop, or `not_found` naming the id; audited. */
export async function removePromo(
  deps: Pick<Deps, "db" | "clock">,
  shop: ShopConfig,
  input: { id: number; actorId: string },
): Promise<Promo> {
  const store = createPromoStore(deps.db);
  const promo = await store.get(input.id);
  if (!promo || promo.shopId !== shop.id || !(await store.remove(promo.id)))
    throw notFound(`no promo ${input.id}`, { key: "promo.notFound", params: { id: input.id } });
  await createAuditLogStore(deps.db).record({
    shopId: shop.id,
    actorId: input.actorId,
    action: "promo.removed",
    subjectType: "promo",
    subjectId: promo.id,
    details: { name: promo.name, startDay: promo.startDay, endDay: promo.endDay },
    at: deps.clock.now(),
  });
  return promo;
}
