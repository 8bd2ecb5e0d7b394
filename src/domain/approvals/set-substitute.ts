import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { invalidInput, notAllowed } from "../../shared/errors.ts";
import { type Day, localDay } from "../../shared/time.ts";
import { createAuditLogStore } from "../audit/audit-log-store.ts";
import { createSpendStore } from "./spend-store.ts";

/**
 * An approver away names someone to decide in their place until `untilDay` (inclusive, shop
 * time zone); `substituteId` undefined ends it. Only configured approvers may; audited.
 */
export async function setSubstitute(
  deps: Pick<Deps, "db" | "clock">,
  shop: ShopConfig,
  input: { approverId: string; substituteId: string | undefined; untilDay?: Day },
): Promise<boolean> {
  if (!shop.approvers.includes(input.approverId))
    throw notAllowed("not an approver", {
      key: "spend.notApprover",
      params: { approvers: shop.approvers.map((a) => `<@${a}>`).join(", ") || "—" },
    });
  const now = deps.clock.now();
  const store = createSpendStore(deps.db);
  let changed: boolean;
  if (input.substituteId === undefined) {
    changed = await store.clearSubstitute(shop.id, input.approverId);
  } else {
    const untilDay = input.untilDay ?? localDay(now, shop.timezone);
    if (input.substituteId === input.approverId) throw invalidInput("self substitute", { key: "spend.substituteSelf" });
    if (untilDay < localDay(now, shop.timezone))
      throw invalidInput("until day in the past", { key: "input.dayInPast", params: { day: untilDay } });
    await store.setSubstitute(shop.id, { approverId: input.approverId, substituteId: input.substituteId, untilDay });
    changed = true;
  }
  await createAuditLogStore(deps.db).record({
    shopId: shop.id,
    actorId: input.approverId,
    action: input.substituteId ? "approver.substitute_set" : "approver.substitute_cleared",
    subjectType: "approver_substitute",
    subjectId: input.approverId,
    details: { substituteId: input.substituteId ?? null, untilDay: input.untilDay ?? null },
    at: now,
  });
  return changed;
}
