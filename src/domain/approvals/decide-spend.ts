import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { notAllowed, ShopOpsError } from "../../shared/errors.ts";
import { localDay } from "../../shared/time.ts";
import { createAuditLogStore } from "../audit/audit-log-store.ts";
import { requireText } from "../input/parse-input.ts";
import { fromMicros } from "../metrics/metric-store.ts";
import { approverAuthority, requiredApprovals } from "./approval-policy.ts";
import { createSpendStore, type SpendRecord } from "./spend-store.ts";
import { findSpendRequest, type SpendView, toSpendView } from "./spend-view.ts";

export type Decision = "approve" | "reject";
export type DecideSpendInput = { requestId: number; actorId: string; decision: Decision; reason?: string };
/** `settled`: this decision approved or rejected the request (else it awaits a second approval). */
export type DecideSpendResult = { view: SpendView; shop: ShopConfig; settled: boolean };

/** A race lost on the version is retried this often; each retry re-reads the request. */
const ATTEMPTS = 4;

/**
 * Checks that `actorId` may decide the request now, without deciding: a configured approver
 * (or an active substitute of one), not approving their own request, not having voted yet,
 * and the request still pending. Throws `not_allowed` / `already_decided` with the user's text.
 */
export async function checkCanDecide(
  deps: Pick<Deps, "db" | "clock" | "config">,
  input: Omit<DecideSpendInput, "reason">,
): Promise<{ record: SpendRecord; shop: ShopConfig }> {
  const { record, shop } = await findSpendRequest(deps, input.requestId);
  if (record.status !== "pending") throw alreadyDecided(record);
  const substitutes = await createSpendStore(deps.db).activeSubstitutes(
    shop.id,
    localDay(deps.clock.now(), shop.timezone),
  );
  if (approverAuthority(shop, substitutes, input.actorId).length === 0)
    throw notAllowed("not an approver", {
      key: "spend.notApprover",
      params: { approvers: shop.approvers.map((a) => `<@${a}>`).join(", ") || "—" },
    });
  if (input.decision === "approve" && input.actorId === record.requesterId)
    throw notAllowed("own request", { key: "spend.ownRequest", params: { id: record.id } });
  if (record.votes.some((v) => v.approverId === input.actorId))
    throw new ShopOpsError("already_decided", `already voted on ${record.id}`, {
      user: { key: "spend.alreadyVoted", params: { id: record.id } },
    });
  return { record, shop };
}

/**
 * Records one approver's decision. Rejecting settles the request; approving settles it once
 * it has the approvals it needs (two different approvers above `twoApprovalsAbove`). Double
 * clicks and concurrent approve/reject clicks yield exactly one outcome: the vote and the
 * status change are one transaction conditional on the request's version, and the losers
 * get `already_decided` naming who decided. Every stored decision is audited.
 */
export async function decideSpend(
  deps: Pick<Deps, "db" | "clock" | "config">,
  input: DecideSpendInput,
): Promise<DecideSpendResult> {
  const reason = input.decision === "reject" ? requireText("reason", input.reason) : undefined;
  const store = createSpendStore(deps.db);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const { record, shop } = await checkCanDecide(deps, input);
    const approvals = record.votes.filter((v) => v.decision === "approve").length + 1;
    const outcome =
      input.decision === "reject"
        ? "rejected"
        : approvals >= requiredApprovals(shop, fromMicros(record.amountMicros))
          ? "approved"
          : undefined;
    const at = deps.clock.now();
    const stored = await store.decide({
      id: record.id,
      version: record.version,
      vote: { approverId: input.actorId, decision: input.decision, reason, at },
      outcome,
    });
    // A lost race re-reads: the request is now decided (→ already_decided) or still pending (→ vote again).
    if (stored !== "stored") continue;
    await createAuditLogStore(deps.db).record({
      shopId: shop.id,
      actorId: input.actorId,
      action: outcome ? `spend.${outcome}` : "spend.approval_added",
      subjectType: "spend_request",
      subjectId: record.id,
      details: { decision: input.decision, reason: reason ?? null, approvals, version: record.version + 1 },
      at,
    });
    const updated = await store.get(record.id);
    return { view: await toSpendView(deps, shop, updated ?? record), shop, settled: outcome !== undefined };
  }
  throw new Error(`spend request ${input.requestId}: no decision after ${ATTEMPTS} attempts`);
}

export function alreadyDecided(record: SpendRecord): ShopOpsError {
  const key =
    record.status === "approved"
      ? "spend.alreadyApproved"
      : record.status === "rejected"
        ? "spend.alreadyRejected"
        : "spend.alreadyExpired";
  return new ShopOpsError("already_decided", `spend request ${record.id} is ${record.status}`, {
    user: { key, params: { id: record.id, user: record.decidedBy ?? "" } },
  });
}
