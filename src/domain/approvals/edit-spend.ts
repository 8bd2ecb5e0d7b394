import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { notAllowed } from "../../shared/errors.ts";
import { createAuditLogStore } from "../audit/audit-log-store.ts";
import { fromMicros } from "../metrics/metric-store.ts";
import { createSpendStore } from "./spend-store.ts";
import { findSpendRequest, type SpendView, toSpendView } from "./spend-view.ts";

/**
 * Changes a pending or approved request's amount (its requester or a shop admin may). Any
 * change sends it back to pending and drops earlier approvals: a new amount needs a new
 * approval. Rejected and expired requests stay closed. Audited with the old and new amount.
 */
export async function editSpend(
  deps: Pick<Deps, "db" | "clock" | "config">,
  shop: ShopConfig,
  input: { requestId: number; actorId: string; amountMicros: bigint },
): Promise<{ view: SpendView; previousAmount: number; wasApproved: boolean }> {
  const store = createSpendStore(deps.db);
  for (let attempt = 0; attempt < 4; attempt++) {
    const { record } = await findSpendRequest(deps, input.requestId, shop.id);
    if (input.actorId !== record.requesterId && !shop.admins.includes(input.actorId))
      throw notAllowed("not the requester", { key: "spend.editNotAllowed", params: { id: record.id } });
    if (record.status === "rejected" || record.status === "expired")
      throw notAllowed("closed request", { key: "spend.editClosed", params: { id: record.id } });
    // Conditional on the version: a decision landing meanwhile makes us re-read and re-check.
    if (!(await store.changeAmount(record.id, record.version, input.amountMicros))) continue;
    const at = deps.clock.now();
    await createAuditLogStore(deps.db).record({
      shopId: shop.id,
      actorId: input.actorId,
      action: "spend.edited",
      subjectType: "spend_request",
      subjectId: record.id,
      details: { fromMicros: record.amountMicros, toMicros: input.amountMicros, previousStatus: record.status },
      at,
    });
    const updated = await store.get(record.id);
    return {
      view: await toSpendView(deps, shop, updated ?? record),
      previousAmount: fromMicros(record.amountMicros),
      wasApproved: record.status === "approved",
    };
  }
  throw new Error(`spend request ${input.requestId}: amount not changed after 4 attempts`);
}
