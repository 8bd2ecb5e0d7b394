import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import type { Day } from "../../shared/time.ts";
import { createAuditLogStore } from "../audit/audit-log-store.ts";
import { requireText } from "../input/parse-input.ts";
import { createPromoStore, type Promo } from "./promo-store.ts";

/** Adds a promo (days in the shop's time zone, both included; name stored verbatim); audited. */
export async function addPromo(
  deps: Pick<Deps, "db" | "clock">,
  shop: ShopConfig,
  input: { name: string; startDay: Day; endDay: Day; createdBy: string },
): Promise<Promo> {
  const name = requireText("promo", input.name);
  const at = deps.clock.now();
  const promo = await createPromoStore(deps.db).create({
    shopId: shop.id,
    name,
    startDay: input.startDay,
    endDay: input.endDay,
    createdBy: input.createdBy,
    at,
  });
  await createAuditLogStore(deps.db).record({
    shopId: shop.id,
    actorId: input.createdBy,
    action: "promo.added",
    subjectType: "promo",
    subjectId: promo.id,
    details: { name, startDay: promo.startDay, endDay: promo.endDay },
    at,
  });
  return promo;
}
