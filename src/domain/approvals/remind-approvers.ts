import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { localDay } from "../../shared/time.ts";
import { createAuditLogStore } from "../audit/audit-log-store.ts";
import { currentDeciders } from "./approval-policy.ts";
import { createSpendStore } from "./spend-store.ts";
import { type SpendView, toSpendView } from "./spend-view.ts";

/**
 * Pending requests older than the shop's `approvals.remindAfterHours` at `now`, each claimed
 * once (so one reminder per request, however many instances run the job), with whom to
 * remind: approvers (or their substitutes) who have not voted and did not ask.
 */
export async function remindApprovers(
  deps: Pick<Deps, "db">,
  shop: ShopConfig,
  now: Date,
): Promise<Array<{ view: SpendView; deciders: string[] }>> {
  const store = createSpendStore(deps.db);
  const cutoff = new Date(now.getTime() - shop.approvals.remindAfterHours * 3_600_000);
  const substitutes = await store.activeSubstitutes(shop.id, localDay(now, shop.timezone));
  const out: Array<{ view: SpendView; deciders: string[] }> = [];
  for (const record of await store.pendingCreatedBefore(shop.id, cutoff)) {
    if (record.remindedAt || !(await store.claimReminder(record.id, now))) continue;
    const voted = new Set(record.votes.map((v) => v.approverId));
    const deciders = currentDeciders(shop, substitutes).filter((u) => u !== record.requesterId && !voted.has(u));
    await createAuditLogStore(deps.db).record({
      shopId: shop.id,
      actorId: "shopops",
      action: "spend.reminded",
      subjectType: "spend_request",
      subjectId: record.id,
      details: { deciders },
      at: now,
    });
    out.push({ view: await toSpendView(deps, shop, record), deciders });
  }
  return out;
}
