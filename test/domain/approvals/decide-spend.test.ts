import { beforeEach, expect, it } from "vitest";
import { parseEnv } from "../../../src/config/load-config.ts";
import type { ShopConfig } from "../../../src/config/shops-schema.ts";
import { checkCanDecide, decideSpend } from "../../../src/domain/approvals/decide-spend.ts";
import { editSpend } from "../../../src/domain/approvals/edit-spend.ts";
import { expireSpendRequests } from "../../../src/domain/approvals/expire-spend-requests.ts";
import { remindApprovers } from "../../../src/domain/approvals/remind-approvers.ts";
import { requestSpend } from "../../../src/domain/approvals/request-spend.ts";
import { setSubstitute } from "../../../src/domain/approvals/set-substitute.ts";
import { createAuditLogStore } from "../../../src/domain/audit/audit-log-store.ts";
import { createFixedClock } from "../../../src/shared/clock.ts";
import { isShopOpsError } from "../../../src/shared/errors.ts";
import { buildShop } from "../../builders/shop.ts";
import { describeEachDatabase } from "../../support/test-db.ts";

const EUR = (units: number) => BigInt(units) * 1_000_000n;

describeEachDatabase("spend approvals", (ctx) => {
  const clock = createFixedClock("2026-11-20T10:00:00Z");
  const shop: ShopConfig = buildShop({
    approvers: ["U0MANAGER", "U0CFO", "U0COO"],
    mediaPlan: { "2026-11": { "google-ads": 3000 } },
  });
  const deps = () => ({ db: ctx.db, clock, config: { env: parseEnv({}), shops: [shop] } });
  const request = (units: number, requesterId = "U0ANNA") =>
    requestSpend(deps(), shop, {
      requesterId,
      amountMicros: EUR(units),
      currency: "EUR",
      channel: "google-ads",
      reason: "Black Friday push",
    });
  const codeOf = async (promise: Promise<unknown>) =>
    promise.then(
      () => "ok",
      (error: unknown) => (isShopOpsError(error) ? `${error.code}:${error.user?.key}` : String(error)),
    );

  beforeEach(() => clock.set("2026-11-20T10:00:00Z"));

  it("shows what is left of the channel's month plan and flags a request that exceeds it", async () => {
    const small = await request(1000);
    expect(small).toMatchObject({ month: "2026-11", planRemaining: 3000, exceedsPlan: false, requiredApprovals: 1 });
    await decideSpend(deps(), { requestId: small.id, actorId: "U0MANAGER", decision: "approve" });
    const big = await request(2500);
    expect(big).toMatchObject({ planRemaining: 2000, exceedsPlan: true });
  });

  it("waits for a long transaction holding the request, longer than Prisma's default 2 s, instead of failing", async () => {
    const view = await request(400);
    let holding!: () => void;
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    // Another writer (a pull's upserts on SQLite, a slow approval on PostgreSQL) holds the row.
    const longWrite = ctx.db.prisma.$transaction(async (tx) => {
      await tx.spendRequest.update({ where: { id: view.id }, data: { reason: "Black Friday push" } });
      holding();
      await new Promise((resolve) => setTimeout(resolve, 2_500));
    });
    await held;
    const decided = decideSpend(deps(), { requestId: view.id, actorId: "U0MANAGER", decision: "approve" });
    await longWrite;
    expect(await decided).toMatchObject({ settled: true, view: { status: "approved" } });
  });

  it("approves with one approver below the threshold and audits each step", async () => {
    const view = await request(500);
    const result = await decideSpend(deps(), { requestId: view.id, actorId: "U0MANAGER", decision: "approve" });
    expect(result).toMatchObject({
      settled: true,
      view: { status: "approved", approvals: [{ approverId: "U0MANAGER" }] },
    });
    const audit = await createAuditLogStore(ctx.db).forSubject("spend_request", view.id);
    expect(audit.map((a) => a.action)).toEqual(["spend.requested", "spend.approved"]);
  });

  it("needs two different approvers above twoApprovalsAbove", async () => {
    const view = await request(12000);
    const first = await decideSpend(deps(), { requestId: view.id, actorId: "U0MANAGER", decision: "approve" });
    expect(first).toMatchObject({ settled: false, view: { status: "pending", requiredApprovals: 2 } });
    expect(await codeOf(decideSpend(deps(), { requestId: view.id, actorId: "U0MANAGER", decision: "approve" }))).toBe(
      "already_decided:spend.alreadyVoted",
    );
    const second = await decideSpend(deps(), { requestId: view.id, actorId: "U0CFO", decision: "approve" });
    expect(second.view.status).toBe("approved");
    expect(second.view.approvals.map((a) => a.approverId)).toEqual(["U0MANAGER", "U0CFO"]);
  });

  it("lets only approvers decide, never on their own request, and needs a reason to reject", async () => {
    const mine = await request(100, "U0MANAGER");
    expect(await codeOf(decideSpend(deps(), { requestId: mine.id, actorId: "U0MANAGER", decision: "approve" }))).toBe(
      "not_allowed:spend.ownRequest",
    );
    expect(await codeOf(decideSpend(deps(), { requestId: mine.id, actorId: "U0ANNA", decision: "approve" }))).toBe(
      "not_allowed:spend.notApprover",
    );
    expect(
      await codeOf(decideSpend(deps(), { requestId: mine.id, actorId: "U0CFO", decision: "reject", reason: "  " })),
    ).toBe("invalid_input:input.missing");
    expect(await codeOf(decideSpend(deps(), { requestId: 999_999, actorId: "U0CFO", decision: "approve" }))).toBe(
      "not_found:spend.notFound",
    );
  });

  it("lets a named substitute decide while the approver is away, until the day given", async () => {
    const view = await request(100);
    expect(await codeOf(checkCanDecide(deps(), { requestId: view.id, actorId: "U0BOB", decision: "approve" }))).toBe(
      "not_allowed:spend.notApprover",
    );
    await setSubstitute(deps(), shop, { approverId: "U0MANAGER", substituteId: "U0BOB", untilDay: "2026-11-21" });
    expect(await codeOf(checkCanDecide(deps(), { requestId: view.id, actorId: "U0BOB", decision: "approve" }))).toBe(
      "ok",
    );
    clock.set("2026-11-22T10:00:00Z");
    expect(await codeOf(checkCanDecide(deps(), { requestId: view.id, actorId: "U0BOB", decision: "approve" }))).toBe(
      "not_allowed:spend.notApprover",
    );
    expect(
      await codeOf(
        setSubstitute(deps(), shop, { approverId: "U0ANNA", substituteId: "U0BOB", untilDay: "2026-12-01" }),
      ),
    ).toBe("not_allowed:spend.notApprover");
  });

  it("of concurrent approve and reject decisions stores exactly one outcome", async () => {
    for (let round = 0; round < 5; round++) {
      const view = await request(200);
      const results = await Promise.all([
        codeOf(decideSpend(deps(), { requestId: view.id, actorId: "U0MANAGER", decision: "approve" })),
        codeOf(decideSpend(deps(), { requestId: view.id, actorId: "U0CFO", decision: "reject", reason: "No" })),
        codeOf(decideSpend(deps(), { requestId: view.id, actorId: "U0COO", decision: "approve" })),
        codeOf(decideSpend(deps(), { requestId: view.id, actorId: "U0MANAGER", decision: "approve" })),
      ]);
      expect(results.filter((r) => r === "ok")).toHaveLength(1);
      expect(results.filter((r) => r !== "ok").every((r) => r.startsWith("already_decided:"))).toBe(true);
      const row = await ctx.db.prisma.spendRequest.findUniqueOrThrow({
        where: { id: view.id },
        include: { decisions: true },
      });
      expect(row.decisions).toHaveLength(1);
      expect(row.status).toBe(row.decisions[0]?.decision === "approve" ? "approved" : "rejected");
      expect(row.decidedBy).toBe(row.decisions[0]?.approverId);
    }
  });

  it("sends an approved request whose amount changes back for a new approval", async () => {
    const view = await request(300);
    await decideSpend(deps(), { requestId: view.id, actorId: "U0MANAGER", decision: "approve" });
    const edited = await editSpend(deps(), shop, { requestId: view.id, actorId: "U0ANNA", amountMicros: EUR(400) });
    expect(edited).toMatchObject({
      previousAmount: 300,
      wasApproved: true,
      view: { status: "pending", amount: 400, approvals: [] },
    });
    expect(await codeOf(editSpend(deps(), shop, { requestId: view.id, actorId: "U0BOB", amountMicros: EUR(1) }))).toBe(
      "not_allowed:spend.editNotAllowed",
    );
    const again = await decideSpend(deps(), { requestId: view.id, actorId: "U0MANAGER", decision: "approve" });
    expect(again.view.status).toBe("approved");
    const audit = await createAuditLogStore(ctx.db).forSubject("spend_request", view.id);
    expect(audit.map((a) => a.action)).toEqual(["spend.requested", "spend.approved", "spend.edited", "spend.approved"]);
  });

  it("reminds approvers (or their substitutes) once after remindAfterHours and expires after expireAfterDays", async () => {
    await setSubstitute(deps(), shop, { approverId: "U0MANAGER", substituteId: "U0BOB", untilDay: "2026-11-21" });
    const view = await request(50);
    clock.set("2026-11-21T09:59:00Z");
    expect((await remindApprovers(deps(), shop, clock.now())).map((r) => r.view.id)).not.toContain(view.id);
    clock.set("2026-11-21T10:00:00Z");
    const reminders = await remindApprovers(deps(), shop, clock.now());
    expect(reminders.find((r) => r.view.id === view.id)?.deciders).toEqual(["U0BOB", "U0CFO", "U0COO"]);
    expect((await remindApprovers(deps(), shop, clock.now())).map((r) => r.view.id)).not.toContain(view.id);
    clock.set("2026-12-04T10:00:00Z");
    const expired = await expireSpendRequests(deps(), shop, clock.now());
    expect(expired.map((e) => e.id)).toContain(view.id);
    expect(await expireSpendRequests(deps(), shop, clock.now())).toEqual([]);
    expect(await codeOf(decideSpend(deps(), { requestId: view.id, actorId: "U0MANAGER", decision: "approve" }))).toBe(
      "already_decided:spend.alreadyExpired",
    );
  });
});
