import { beforeEach, expect, it } from "vitest";
import { effectiveThreshold } from "../../../src/domain/alerts/alert-policy.ts";
import { createAlertStore } from "../../../src/domain/alerts/alert-store.ts";
import { evaluateShop } from "../../../src/domain/alerts/evaluate-shop.ts";
import { createMetricStore } from "../../../src/domain/metrics/metric-store.ts";
import { createSourceStateStore } from "../../../src/domain/metrics/source-state-store.ts";
import { createFixedClock } from "../../../src/shared/clock.ts";
import { buildShop } from "../../builders/shop.ts";
import { describeEachDatabase } from "../../support/test-db.ts";
import { alertShop, checkoutBroken, NOW, resetAlertData, storeTraffic } from "./alert-fixtures.ts";

const HOUR = 3_600_000;

describeEachDatabase("evaluating a shop for alerts", (ctx) => {
  const shop = alertShop();
  const evaluate = (at: string | Date = NOW, s = shop) =>
    evaluateShop({ shop: s, db: ctx.db, store: createMetricStore(ctx.db), clock: createFixedClock(at) });

  beforeEach(() => resetAlertData(ctx.db));

  it("stays quiet about ordinary traffic", async () => {
    await storeTraffic(ctx.db);
    expect(await evaluate()).toEqual([]);
    expect(await ctx.db.prisma.alert.count()).toBe(0);
  });

  it("groups revenue, orders and conversion rate falling in the same hours into one incident to post", async () => {
    await storeTraffic(ctx.db, { shape: checkoutBroken() });
    const decisions = await evaluate();
    expect(decisions).toHaveLength(1);
    const [{ alert, action }] = decisions as [(typeof decisions)[0]];
    expect(action).toBe("post");
    expect(alert).toMatchObject({
      kind: "anomaly",
      status: "open",
      incidentKey: expect.stringMatching(/^kpi:hour:2026-11-20T/),
    });
    const metrics = alert.details.findings.map((f) => f.metric);
    expect(metrics).toEqual(expect.arrayContaining(["transactions", "revenue"]));
    const orders = alert.details.findings.find((f) => f.metric === "transactions");
    expect(orders).toMatchObject({ direction: "down", granularity: "hour" });
    expect(orders?.expected).toBeGreaterThan(5);
    expect(orders?.drillDown.map((d) => d.value)).toContain("Organic Search");
    expect(await ctx.db.prisma.alert.count()).toBe(1);
  });

  it("decides nothing when the same data is evaluated again, and updates the same alert as the incident goes on", async () => {
    await storeTraffic(ctx.db, { shape: checkoutBroken(), toHour: "2026-11-20T14" });
    const [first] = await evaluate();
    // Until it is posted an incident keeps asking to be; once posted, the same data changes nothing.
    expect((await evaluate()).map((d) => d.action)).toEqual(["post"]);
    await createAlertStore(ctx.db).update(first!.alert.id, { channelId: "C0ALERTS", messageTs: "1.1" });
    expect((await evaluate()).map((d) => d.action)).toEqual(["none"]);

    const later = await evaluate(new Date(Date.parse(NOW) + HOUR));
    expect(later).toHaveLength(1);
    expect(later[0]).toMatchObject({ action: "update", alert: { id: first?.alert.id } });
    const to = (d: typeof later) => d[0]?.alert.details.findings[0]?.to;
    expect(to(later)).toBe("2026-11-20T12");
    expect(await ctx.db.prisma.alert.count()).toBe(1);
  });

  it("resolves the incident once the metrics are back to normal", async () => {
    await storeTraffic(ctx.db, { shape: checkoutBroken("2026-11-20T09", "2026-11-20T11"), toHour: "2026-11-20T17" });
    const [raised] = await evaluate();
    expect(raised?.action).toBe("post");
    await createAlertStore(ctx.db).update(raised!.alert.id, { channelId: "C0ALERTS", messageTs: "1.1" });

    const decisions = await evaluate("2026-11-20T17:30:00Z");
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ action: "resolve", alert: { id: raised?.alert.id, status: "resolved" } });
  });

  it("does not take figures that have not arrived yet for a drop", async () => {
    // Nothing stored after 08:00 and no pull has reported since: missing, not zero.
    await storeTraffic(ctx.db, { toHour: "2026-11-20T08" });
    expect(await evaluate()).toEqual([]);
  });

  it("calls sessions collapsing on every channel at once a tracking outage", async () => {
    await storeTraffic(ctx.db, { shape: (h) => (h >= "2026-11-20T09" ? { sessions: 0 } : {}) });
    await createSourceStateStore(ctx.db).recordSuccess(shop.id, "ga4", new Date(NOW));
    const decisions = await evaluate();
    const outage = decisions.find((d) => d.alert.kind === "tracking_outage");
    expect(outage).toMatchObject({ action: "post", alert: { severity: "critical" } });
    expect(decisions).toHaveLength(1);
  });

  it("holds non-critical alerts during quiet hours and lets critical ones through", async () => {
    const quiet = alertShop({
      sources: { ga4: { propertyId: "123456789" }, meta: { adAccountId: "act_1234567890" } },
      alerts: { quietHours: { from: "13:00", to: "18:00" }, staleAfterHours: 6 },
    });
    await storeTraffic(ctx.db, { shape: checkoutBroken() });
    await createSourceStateStore(ctx.db).recordSuccess(shop.id, "meta", new Date(Date.parse(NOW) - 10 * HOUR));
    const decisions = await evaluate(NOW, quiet);
    const stale = decisions.find((d) => d.alert.kind === "stale_source");
    const drop = decisions.find((d) => d.alert.kind === "anomaly");
    expect(stale).toMatchObject({ action: "wait", alert: { severity: "warning", incidentKey: "stale:meta" } });
    expect(drop).toMatchObject({ action: "post", alert: { severity: "critical" } });

    // After the quiet hours the waiting alert is posted.
    const after = await evaluate("2026-11-20T17:30:00Z", quiet);
    expect(after.find((d) => d.alert.kind === "stale_source")?.action).toBe("post");
  });

  it("keeps a snoozed alert quiet until the snooze ends, then posts it again", async () => {
    await storeTraffic(ctx.db, { shape: checkoutBroken(), toHour: "2026-11-20T16" });
    const [raised] = await evaluate();
    const store = createAlertStore(ctx.db);
    await store.update(raised!.alert.id, {
      channelId: "C0ALERTS",
      messageTs: "1.1",
      status: "snoozed",
      snoozedUntil: new Date(Date.parse(NOW) + 2 * HOUR),
    });
    expect((await evaluate(new Date(Date.parse(NOW) + HOUR))).map((d) => d.action)).toEqual(["none"]);
    const after = await evaluate(new Date(Date.parse(NOW) + 3 * HOUR));
    expect(after[0]).toMatchObject({ action: "post", alert: { id: raised?.alert.id, status: "open" } });
  });

  it("raises a metric's alert line with each expected or false-alarm feedback", () => {
    const normal = effectiveThreshold(buildShop(), "revenue", 0);
    const once = effectiveThreshold(buildShop(), "revenue", 1);
    const often = effectiveThreshold(buildShop(), "revenue", 20);
    expect(normal).toBe(0.5);
    expect(once).toBeGreaterThan(normal);
    expect(often).toBeGreaterThan(once);
    expect(often).toBeLessThan(0.9);
    expect(effectiveThreshold(buildShop({ alerts: { sensitivity: { revenue: "high" } } }), "revenue", 0)).toBeLessThan(
      0.5,
    );
  });

  it("stops alerting on a metric whose alerts were called false alarms often enough", async () => {
    await storeTraffic(ctx.db, { shape: (h) => (h >= "2026-11-20T09" ? { conversion: 0.45 } : {}) });
    const [raised] = await evaluate();
    const finding = raised?.alert.details.findings.find((f) => f.metric === "transactions");
    expect(finding).toBeDefined();
    await ctx.db.prisma.alert.deleteMany();
    const store = createAlertStore(ctx.db);
    for (let i = 0; i < 12; i++)
      await store.addFeedback({
        shopId: shop.id,
        metric: "transactions",
        alertId: 1,
        verdict: "false_alarm",
        userId: "U0X",
        at: new Date(NOW),
      });
    const again = await evaluate();
    const metrics = again.flatMap((d) => d.alert.details.findings.map((f) => f.metric));
    if ((finding?.score ?? 1) < effectiveThreshold(shop, "transactions", 12))
      expect(metrics).not.toContain("transactions");
    else expect(finding?.score).toBeGreaterThan(0.88);
  });
});
