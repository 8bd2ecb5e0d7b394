import type { Deps } from "../../deps.ts";
import { localDay } from "../../shared/time.ts";
import { approverAuthority } from "../approvals/approval-policy.ts";
import { createSpendStore } from "../approvals/spend-store.ts";
import { type SpendView, toSpendView } from "../approvals/spend-view.ts";
import { createTaskStore, type Task } from "../tasks/task-store.ts";
import { type AlertSummary, createAlertSummaryStore } from "./alert-summary-store.ts";

export type HomeOverview = { tasks: Task[]; approvals: SpendView[]; alerts: AlertSummary[] };

export const HOME_LIMITS = { tasks: 10, approvals: 10, alerts: 5 } as const;

/**
 * What a person's App Home shows, across every configured shop: their open tasks, the
 * pending spend requests they may decide now (as an approver or an active substitute; not
 * their own, not already voted on), and the latest unresolved alerts.
 */
export async function getHomeOverview(
  deps: Pick<Deps, "db" | "clock" | "config">,
  userId: string,
): Promise<HomeOverview> {
  const shops = deps.config.shops;
  const shopIds = shops.map((s) => s.id);
  const tasks = (await createTaskStore(deps.db).list({ assigneeId: userId, status: "open" }, HOME_LIMITS.tasks)).filter(
    (t) => shopIds.includes(t.shopId),
  );
  const spend = createSpendStore(deps.db);
  const approvals: SpendView[] = [];
  for (const shop of shops) {
    const substitutes = await spend.activeSubstitutes(shop.id, localDay(deps.clock.now(), shop.timezone));
    if (approverAuthority(shop, substitutes, userId).length === 0) continue;
    for (const record of await spend.list(shop.id, "pending", HOME_LIMITS.approvals)) {
      if (record.requesterId === userId || record.votes.some((v) => v.approverId === userId)) continue;
      if (approvals.length < HOME_LIMITS.approvals) approvals.push(await toSpendView(deps, shop, record));
    }
  }
  const alerts = await createAlertSummaryStore(deps.db).latestUnresolved(shopIds, HOME_LIMITS.alerts);
  return { tasks, approvals, alerts };
}
