import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { createAlertStore } from "../../src/domain/alerts/alert-store.ts";
import { createAfterPull, runCheckoutWatch } from "../../src/jobs/alert-job.ts";
import { createFixedClock } from "../../src/shared/clock.ts";
import { createGa4Realtime } from "../../src/sources/ga4/ga4-realtime.ts";
import { alertShop, checkoutBroken, NOW, resetAlertData, storeTraffic } from "../domain/alerts/alert-fixtures.ts";
import {
  createServiceAccountKey,
  type FakeGa4Property,
  type FakeGoogle,
  startFakeGoogle,
  writeServiceAccountKeyFile,
} from "../fakes/fake-google.ts";
import { startTestApp, type TestApp } from "../support/app-harness.ts";
import { describeEachDatabase } from "../support/test-db.ts";

const HOUR = 3_600_000;
const key = createServiceAccountKey();
const dir = mkdtempSync(join(tmpdir(), "shopops-alerts-"));
const keyPath = writeServiceAccountKeyFile(dir, key);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeEachDatabase("alerts in Slack", (ctx) => {
  const shop = alertShop();
  const clock = createFixedClock(NOW);
  const property: FakeGa4Property = { id: "123456789", currencyCode: "EUR", timeZone: "Europe/Warsaw", facts: [] };
  let google: FakeGoogle;
  let t: TestApp;

  beforeAll(async () => {
    google = await startFakeGoogle({ properties: [property], serviceAccounts: [key] });
    t = await startTestApp({
      db: ctx.db,
      shops: [shop],
      clock,
      env: { GOOGLE_APPLICATION_CREDENTIALS: keyPath, GOOGLE_TOKEN_URL: google.tokenUrl, GA4_API_URL: google.url },
    });
  });
  afterAll(async () => {
    await t?.stop();
    await google?.close();
  });
  beforeEach(async () => {
    clock.set(NOW);
    property.realtime = [];
    await resetAlertData(ctx.db);
  });

  const evaluate = () => createAfterPull(t.deps)(shop.id, []);
  const postsTo = (channel: string) => t.slack.callsTo("chat.postMessage").filter((c) => c.body.channel === channel);
  const text = (call: { body: Record<string, unknown> } | undefined) =>
    JSON.stringify(call?.body.blocks ?? call?.body.text);
  const onlyAlert = async () => {
    const [alert, ...more] = await createAlertStore(ctx.db).unresolved(shop.id);
    expect(more).toEqual([]);
    if (!alert) throw new Error("no alert");
    return alert;
  };
  /** Resolves once `method` has been called `count` more times than before `send`. */
  const after = async (method: string, send: () => Promise<unknown>, count = 1) => {
    const before = t.slack.callsTo(method).length;
    await send();
    return (await t.slack.waitFor(method, before + count)).slice(before);
  };

  it("posts one message per incident and updates it as the incident goes on instead of posting again", async () => {
    await storeTraffic(ctx.db, { shape: checkoutBroken(), toHour: "2026-11-20T14" });
    const before = postsTo("C0ALERTS").length;
    await evaluate();
    const posts = postsTo("C0ALERTS").slice(before);
    expect(posts).toHaveLength(1);
    const blocks = text(posts[0]);
    for (const id of ["alert_ack", "alert_snooze", "alert_expected", "alert_task"]) expect(blocks).toContain(id);
    expect(blocks).toMatch(/Orders|Revenue/);
    const alert = await onlyAlert();
    expect(alert.messageTs).toBeDefined();

    await evaluate();
    expect(postsTo("C0ALERTS").length).toBe(before + 1);

    clock.advance(HOUR);
    const updates = await after("chat.update", evaluate);
    expect(updates[0]?.body).toMatchObject({ channel: "C0ALERTS", ts: alert.messageTs });
    expect(postsTo("C0ALERTS").length).toBe(before + 1);
  });

  it("acknowledges an alert and shows who did in the message", async () => {
    await storeTraffic(ctx.db, { shape: checkoutBroken() });
    await evaluate();
    const alert = await onlyAlert();
    const [update] = await after("chat.update", () =>
      t.send.action("alert_ack", String(alert.id), { channel: "C0ALERTS", messageTs: alert.messageTs, user: "U0ANNA" }),
    );
    expect(update?.body).toMatchObject({ channel: "C0ALERTS", ts: alert.messageTs });
    expect(text(update)).toContain("Acknowledged by <@U0ANNA>");
    expect(await createAlertStore(ctx.db).get(alert.id)).toMatchObject({ status: "acknowledged", ackBy: "U0ANNA" });
  });

  it("snoozes an alert for the chosen hours and shows until when", async () => {
    await storeTraffic(ctx.db, { shape: checkoutBroken() });
    await evaluate();
    const alert = await onlyAlert();
    const [update] = await after("chat.update", () =>
      t.send.action("alert_snooze", "", { selected: "4h", blockId: `alert_actions:${alert.id}` }),
    );
    expect(text(update)).toContain("Snoozed until");
    const stored = await createAlertStore(ctx.db).get(alert.id);
    expect(stored?.status).toBe("snoozed");
    expect(stored?.snoozedUntil?.toISOString()).toBe(new Date(Date.parse(NOW) + 4 * HOUR).toISOString());

    // Snoozed: the next evaluations neither post nor update.
    const posts = t.slack.callsTo("chat.postMessage").length;
    const updates = t.slack.callsTo("chat.update").length;
    clock.advance(HOUR);
    await evaluate();
    expect(t.slack.callsTo("chat.postMessage").length).toBe(posts);
    expect(t.slack.callsTo("chat.update").length).toBe(updates);
  });

  it("records a false alarm as feedback on each metric of the incident and marks the alert", async () => {
    await storeTraffic(ctx.db, { shape: checkoutBroken() });
    await evaluate();
    const alert = await onlyAlert();
    const [update] = await after("chat.update", () =>
      t.send.action("alert_expected", "", { selected: "false_alarm", blockId: `alert_actions:${alert.id}` }),
    );
    expect(text(update)).toContain("Marked as expected or a false alarm by <@U0MANAGER>");
    const feedback = await ctx.db.prisma.alertFeedback.findMany({ where: { alertId: alert.id } });
    expect(feedback.map((f) => f.metric).sort()).toEqual(
      [...new Set(alert.details.findings.map((f) => f.metric))].sort(),
    );
    expect(feedback.every((f) => f.verdict === "false_alarm")).toBe(true);
    expect((await createAlertStore(ctx.db).get(alert.id))?.status).toBe("expected");
    expect(await ctx.db.prisma.promo.count()).toBe(0);
  });

  it("adds a promo for an expected uplift outside any promo", async () => {
    await storeTraffic(ctx.db, { shape: (h) => (h >= "2026-11-20T09" ? { conversion: 3 } : {}) });
    await evaluate();
    const alert = await onlyAlert();
    expect(alert.details.findings.some((f) => f.direction === "up")).toBe(true);
    expect(text(postsTo("C0ALERTS").at(-1))).toContain('"value":"uplift"');
    const [reply] = await after("response_url", () =>
      t.send.action("alert_expected", "", { selected: "uplift", blockId: `alert_actions:${alert.id}` }),
    );
    const promo = await ctx.db.prisma.promo.findFirst({ where: { shopId: shop.id } });
    expect(promo).toMatchObject({ startDay: "2026-11-20", endDay: "2026-11-20", createdBy: "U0MANAGER" });
    expect(promo?.name).toMatch(/^Expected: /);
    expect(String(reply?.body.text)).toContain(promo?.name);
  });

  it("opens the task modal prefilled from the alert", async () => {
    await storeTraffic(ctx.db, { shape: checkoutBroken() });
    await evaluate();
    const alert = await onlyAlert();
    const [open] = await after("views.open", () => t.send.action("alert_task", String(alert.id)));
    const view = open?.body.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(view.callback_id).toBe("task_new_modal");
    expect(JSON.parse(view.private_metadata)).toEqual({ shopId: shop.id, alertId: alert.id });
    expect(JSON.stringify(view.blocks)).toContain("Look into: ");

    const posts = t.slack.callsTo("chat.postMessage").length;
    await t.send.viewSubmission(
      "task_new_modal",
      {
        title: { value: { type: "plain_text_input", value: "Check the checkout" } },
        assignee: { value: { type: "users_select", selected_user: "U0ANALYST" } },
      },
      { privateMetadata: view.private_metadata },
    );
    const [dm] = (await t.slack.waitFor("chat.postMessage", posts + 1)).slice(posts);
    expect(dm?.body.channel).toBe("D0ANALYST");
    const task = await ctx.db.prisma.task.findFirst({ where: { title: "Check the checkout" } });
    expect(task).toMatchObject({ shopId: shop.id, alertId: alert.id, assigneeId: "U0ANALYST" });
  });

  it("says in the thread when the metrics are back to normal", async () => {
    await storeTraffic(ctx.db, { shape: checkoutBroken("2026-11-20T09", "2026-11-20T11"), toHour: "2026-11-20T17" });
    await evaluate();
    const alert = await onlyAlert();
    clock.set("2026-11-20T17:30:00Z");
    const [notice] = await after("chat.postMessage", evaluate);
    expect(notice?.body).toMatchObject({ channel: "C0ALERTS", thread_ts: alert.messageTs });
    expect(String(notice?.body.text)).toContain("Back to normal");
    expect(text(t.slack.callsTo("chat.update").at(-1))).toContain("Resolved at");
    expect((await createAlertStore(ctx.db).get(alert.id))?.status).toBe("resolved");
  });

  it("raises a critical alert when realtime purchases stop while visitors keep coming, and resolves it when they resume", async () => {
    await storeTraffic(ctx.db);
    const minutes = Array.from({ length: 30 }, (_, m) => String(m).padStart(2, "0"));
    property.realtime = minutes.map((m) => ({
      dimensions: { minutesAgo: m, eventName: "page_view" },
      metrics: { activeUsers: 40 },
    }));
    const realtime = createGa4Realtime({ env: t.deps.config.env });

    const [post] = await after("chat.postMessage", () => runCheckoutWatch(t.deps, shop, realtime));
    expect(post?.body.channel).toBe("C0ALERTS");
    expect(text(post)).toContain("No purchases");
    const alert = await onlyAlert();
    expect(alert).toMatchObject({ kind: "checkout_stopped", severity: "critical", incidentKey: "checkout" });
    const calls = google.apiCalls().filter((c) => c.method === "runRealtimeReport");
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(calls.map((c) => c.body))).toContain('"startMinutesAgo":29');

    property.realtime.push({ dimensions: { minutesAgo: "01", eventName: "purchase" }, metrics: { eventCount: 1 } });
    clock.advance(5 * 60_000);
    const [notice] = await after("chat.postMessage", () => runCheckoutWatch(t.deps, shop, realtime));
    expect(notice?.body).toMatchObject({ channel: "C0ALERTS", thread_ts: alert.messageTs });
    expect((await createAlertStore(ctx.db).get(alert.id))?.status).toBe("resolved");
  });

  it("does not watch checkout outside trading hours", async () => {
    await storeTraffic(ctx.db);
    property.realtime = [{ dimensions: { minutesAgo: "00", eventName: "page_view" }, metrics: { activeUsers: 500 } }];
    clock.set("2026-11-20T02:00:00Z");
    const before = google.apiCalls().length;
    expect(await runCheckoutWatch(t.deps, shop, createGa4Realtime({ env: t.deps.config.env }))).toBeUndefined();
    expect(google.apiCalls().length).toBe(before);
  });
});
