import { describe, expect, it } from "vitest";
import { LOCALES } from "../../src/config/shops-schema.ts";
import type { SpendView } from "../../src/domain/approvals/spend-view.ts";
import { createTranslator } from "../../src/i18n/translate.ts";
import { buildSpendOutcomeDm, buildSpendRequestMessage } from "../../src/slack/blocks/spend-blocks.ts";
import { buildTaskListMessage } from "../../src/slack/blocks/task-blocks.ts";
import { buildShop } from "../builders/shop.ts";

const view = (overrides: Partial<SpendView> = {}): SpendView => ({
  id: 7,
  shopId: "acme",
  amount: 1500,
  currency: "EUR",
  channel: "google-ads",
  reason: "Push <!here> *now*",
  month: "2026-11",
  requesterId: "U0ANNA",
  status: "pending",
  createdAt: new Date("2026-11-20T10:00:00Z"),
  decidedAt: undefined,
  approvals: [],
  rejection: undefined,
  requiredApprovals: 1,
  planRemaining: 1000,
  exceedsPlan: true,
  channelId: "C0APPROVE",
  messageTs: "1.2",
  ...overrides,
});

describe("the spend request message", () => {
  it("has the buttons only while pending, with the request id as their value", () => {
    const t = createTranslator("en");
    const shop = buildShop();
    const pending = buildSpendRequestMessage(view(), shop, t);
    const actions = pending.blocks?.find((b) => b.type === "actions") as unknown as {
      elements: Array<{ action_id: string; value: string }>;
    };
    expect(actions.elements.map((e) => [e.action_id, e.value])).toEqual([
      ["spend_approve", "7"],
      ["spend_reject", "7"],
    ]);
    const approved = buildSpendRequestMessage(
      view({
        status: "approved",
        decidedAt: new Date("2026-11-20T12:00:00Z"),
        approvals: [{ approverId: "U0CFO", decision: "approve", reason: undefined, at: new Date() }],
      }),
      shop,
      t,
    );
    expect(approved.blocks?.some((b) => b.type === "actions")).toBe(false);
    expect(JSON.stringify(approved.blocks)).toContain("Approved by <@U0CFO> · 20 Nov, 13:00");
  });

  it("escapes what people typed and flags exceeding the plan", () => {
    const text = JSON.stringify(buildSpendRequestMessage(view(), buildShop(), createTranslator("en")).blocks);
    expect(text).toContain("Push &lt;!here&gt; *now*");
    expect(text).not.toContain("<!here>");
    expect(text).toContain("Exceeds what is left in the plan by €500.00");
  });

  it.each(LOCALES)("renders every state in %s with money in the shop's format", (locale) => {
    const shop = buildShop({ locale, currency: "PLN" });
    const t = createTranslator(locale);
    for (const status of ["pending", "approved", "rejected", "expired"] as const) {
      const message = buildSpendRequestMessage(
        view({
          status,
          currency: "PLN",
          decidedAt: new Date(),
          rejection: { approverId: "U0CFO", decision: "reject", reason: "No", at: new Date() },
        }),
        shop,
        t,
      );
      expect(message.text).toMatch(/\S/);
      expect(message.blocks?.length).toBeLessThanOrEqual(50);
      if (status !== "pending") expect(buildSpendOutcomeDm(view({ status }), shop, t).text).toMatch(/#7/);
    }
  });
});

describe("the task list", () => {
  it("says so when there is nothing to list", () => {
    const message = buildTaskListMessage([], buildShop(), createTranslator("en"));
    expect(message.text).toBe("Tasks — ACME Store\nNo tasks here.");
  });
});
