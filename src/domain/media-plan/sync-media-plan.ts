import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { toMicros } from "../metrics/metric-store.ts";
import { createMediaPlanStore } from "./media-plan-store.ts";

/**
 * Mirrors the YAML `mediaPlan:` of a shop into MediaPlan rows (origin "config") so digests and
 * reports read one table. Idempotent; imported cells win over the YAML. Call at start-up.
 */
export async function syncMediaPlanFromConfig(deps: Pick<Deps, "db">, shop: ShopConfig): Promise<void> {
  const cells = Object.entries(shop.mediaPlan).flatMap(([month, channels]) =>
    Object.entries(channels).map(([channel, budget]) => ({
      month,
      channel,
      budgetMicros: toMicros(budget),
      currency: shop.currency,
    })),
  );
  await createMediaPlanStore(deps.db).syncConfig(shop.id, cells);
}
