import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { createAuditLogStore } from "../audit/audit-log-store.ts";
import { createSpendStore } from "./spend-store.ts";
import { type SpendView, toSpendView } from "./spend-view.ts";

/**
 * Expires requests pending longer than the shop's `approvals.expireAfterDays` at `now`.
 * Conditional on the version, so a decision landing at the same moment wins or loses
 * cleanly; returns only the requests this call expired (each exactly once), audited.
 */
export async function expireSpendRequests(deps: Pick<Deps, "db">, shop: ShopConfig, now: Date): Promise<SpendView[]> {
  const store = createSpendStore(deps.db);
  const cutoff = new Date(now.getTime() - shop.approvals.expireAfterDays * 86_400_000);
  const expired: SpendView[] = [];
  for (const record of await store.pendingCreatedBefore(shop.id, cutoff)) {
    if (!(await store.expire(record.id, record.version, now))) continue;
    await createAuditLogStore(deps.db).record({
      shopId: shop.id,
      actorId: "shopops",
      action: "spend.expired",
      subjectType: "spend_request",
      subjectId: record.id,
      details: { afterDays: shop.approvals.expireAfterDays },
      at: now,
    });
    expired.push(await toSpendView(deps, shop, { ...record, status: "expired", decidedAt: now }));
  }
  return expired;
}
