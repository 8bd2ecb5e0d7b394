import { describe, expect, it } from "vitest";
import type { AlertRecord } from "../../../src/domain/alerts/alert-store.ts";
import type { Finding } from "../../../src/domain/alerts/incident.ts";
import {
  alertRenderOptions,
  buildAlertMessage,
  buildAlertResolvedNotice,
  parseAlertTaskMetadata,
} from "../../../src/slack/blocks/alert-blocks.ts";
import { renderMessageText } from "../../../src/slack/blocks/render-message-text.ts";
import { buildShop } from "../../builders/shop.ts";

const revenueDrop: Finding = {
  kind: "anomaly",
  metric: "revenue",
  unit: "money",
  granularity: "hour",
  from: "2026-11-21T09",
  to: "2026-11-21T11",
  peak: "2026-11-21T10",
  actual: 6552,
  expected: 18200,
  low: 15100,
  high: 21000,
  direction: "down",
  severity: "critical",
  score: 0.97,
  confidence: 0.9,
  promo: false,
  drillDown: [{ dimension: "channel_group", value: "Paid Search", actual: 3, expected: 28, share: 0.81 }],
};

function alert(overrides: Partial<AlertRecord> = {}): AlertRecord {
  return {
    id: 42,
    shopId: "acme",
    incidentKey: "kpi:hour:2026-11-21T09",
    kind: "anomaly",
    severity: "critical",
    status: "open",
    details: { findings: [revenueDrop], recovered: [] },
    channelId: "C0ALERTS",
    messageTs: "1.1",
    openedAt: new Date("2026-11-21T10:00:00Z"),
    resolvedAt: undefined,
    ackBy: undefined,
    ackAt: undefined,
    snoozedUntil: undefined,
    expectedBy: undefined,
    taskId: undefined,
    ...overrides,
  };
}

const options = alertRenderOptions(buildShop());
const actionsOf = (a: AlertRecord) =>
  buildAlertMessage(a, options).blocks?.find((b) => b.type === "actions") as
    | { block_id: string; elements: Array<{ action_id: string; value?: string; options?: Array<{ value: string }> }> }
    | undefined;

describe("alert messages", () => {
  it("say what happened, where, against what range, with severity, confidence and the four controls", () => {
    const message = buildAlertMessage(alert(), options);
    const text = renderMessageText(message);
    expect(text).toContain("ACME Store · Anomaly");
    expect(text).toContain("Revenue −64.0% vs expected €18,200 (€15,100 – €21,000)");
    expect(text).toContain("Sat, 21 Nov 2026 09:00–12:00");
    expect(text).toContain("Paid Search accounts for 81% of the drop");
    expect(text).toContain("Severity: Critical · Confidence: 90%");
    expect(message.text).toContain("Revenue −64.0%");
    const controls = actionsOf(alert());
    expect(controls?.block_id).toBe("alert_actions:42");
    expect(controls?.elements.map((e) => e.action_id)).toEqual([
      "alert_ack",
      "alert_snooze",
      "alert_expected",
      "alert_task",
    ]);
    expect(controls?.elements[0]?.value).toBe("42");
    expect(controls?.elements[1]?.options?.map((o) => o.value)).toEqual(["1h", "4h", "24h"]);
    expect(controls?.elements[2]?.options?.map((o) => o.value)).toEqual(["expected", "false_alarm"]);
  });

  it("offer an expected uplift only for a rise outside any promo", () => {
    const rise = { ...revenueDrop, direction: "up" as const, actual: 30000 };
    expect(
      actionsOf(alert({ details: { findings: [rise], recovered: [] } }))?.elements[2]?.options?.map((o) => o.value),
    ).toContain("uplift");
    const inPromo = { ...rise, promo: true };
    expect(
      actionsOf(alert({ details: { findings: [inPromo], recovered: [] } }))?.elements[2]?.options?.map((o) => o.value),
    ).not.toContain("uplift");
  });

  it("show who acknowledged, until when it is snoozed, and drop the controls once resolved", () => {
    const acked = renderMessageText(
      buildAlertMessage(alert({ ackBy: "U0ANNA", ackAt: new Date("2026-11-21T10:05:00Z") }), options),
    );
    expect(acked).toContain("Acknowledged by @U0ANNA at 21 Nov, 11:05");
    const snoozed = buildAlertMessage(
      alert({ status: "snoozed", snoozedUntil: new Date("2026-11-21T14:00:00Z") }),
      options,
    );
    expect(renderMessageText(snoozed)).toContain("Snoozed until 21 Nov, 15:00");
    const resolved = alert({ status: "resolved", resolvedAt: new Date("2026-11-21T13:00:00Z") });
    expect(buildAlertMessage(resolved, options).blocks?.some((b) => b.type === "actions")).toBe(false);
    expect(buildAlertResolvedNotice(resolved, options).text).toBe("✅ Back to normal at 21 Nov, 14:00: Revenue.");
  });

  it("speak the shop's language", () => {
    const pl = renderMessageText(buildAlertMessage(alert(), alertRenderOptions(buildShop({ locale: "pl" }))));
    expect(pl).toMatch(/Przychód −64,0% względem oczekiwanych 18\s200\s€/);
  });

  it("read back only well-formed task metadata", () => {
    expect(parseAlertTaskMetadata('{"shopId":"acme","alertId":42}')).toEqual({ shopId: "acme", alertId: 42 });
    expect(parseAlertTaskMetadata("acme")).toBeUndefined();
    expect(parseAlertTaskMetadata("{bad")).toBeUndefined();
  });
});
