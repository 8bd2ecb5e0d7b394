import { beforeAll, expect, it } from "vitest";
import { createDigestDeliveryStore, DIGEST_CADENCES } from "../../../src/domain/digests/digest-delivery-store.ts";
import { buildShop } from "../../builders/shop.ts";
import { describeEachDatabase } from "../../support/test-db.ts";

const MINUTE = 60_000;
const at = (iso: string) => new Date(iso);

describeEachDatabase("digest delivery store", (ctx) => {
  let subscriptionId = 0;
  const store = () => createDigestDeliveryStore(ctx.db);

  beforeAll(async () => {
    const { subscription } = await store().subscribe({
      shopId: "acme",
      channelId: "C0DIGEST",
      period: "yesterday",
      cron: "0 8 * * *",
      createdBy: "U0MANAGER",
    });
    subscriptionId = subscription.id;
  });

  const claim = (periodKey: string, instanceId: string, now: string) =>
    store().claim({ subscriptionId, periodKey, instanceId, now: at(now), staleAfterMs: 5 * MINUTE });

  it("lets exactly one of many instances claim a period, at the same moment", async () => {
    const results = await Promise.all(
      ["a", "b", "c", "d", "e"].map((i) => claim("2026-11-01..2026-11-01", i, "2026-11-02T07:00:00Z")),
    );
    expect(results.filter((r) => r.status === "claimed")).toHaveLength(1);
    expect(results.filter((r) => r.status === "busy")).toHaveLength(4);
  });

  it("never hands out a sent delivery again, however old", async () => {
    const first = await claim("2026-11-02..2026-11-02", "a", "2026-11-03T07:00:00Z");
    if (first.status !== "claimed") throw new Error("expected a claim");
    await store().markPosted(first.deliveryId, "1700000000.000100");
    await store().markSent([{ deliveryId: first.deliveryId }], at("2026-11-03T07:00:05Z"));
    expect(await claim("2026-11-02..2026-11-02", "b", "2026-12-03T07:00:00Z")).toEqual({
      status: "sent",
      messageTs: "1700000000.000100",
    });
  });

  it("marks many deliveries sent in one call, each with its own message ts or the one it was posted with", async () => {
    const keys = ["2026-09-01..2026-09-01", "2026-09-02..2026-09-02", "2026-09-03..2026-09-03"];
    const claims = await Promise.all(keys.map((key) => claim(key, "a", "2026-09-04T07:00:00Z")));
    const [posted, plain, earlier] = claims.map((c) => {
      if (c.status !== "claimed") throw new Error("expected a claim");
      return c.deliveryId;
    }) as [number, number, number];
    await store().markPosted(earlier, "1700000009.000100");
    await store().markSent(
      [{ deliveryId: posted, messageTs: "1700000010.000100" }, { deliveryId: plain }, { deliveryId: earlier }],
      at("2026-09-04T07:00:02Z"),
    );
    const rows = await ctx.db.prisma.digestDelivery.findMany({ where: { id: { in: [posted, plain, earlier] } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(rows.every((r) => r.status === "sent" && r.sentAt?.toISOString() === "2026-09-04T07:00:02.000Z")).toBe(true);
    expect([posted, plain, earlier].map((id) => byId.get(id)?.messageTs ?? null)).toEqual([
      "1700000010.000100",
      null,
      "1700000009.000100",
    ]);
    for (const key of keys) expect(await claim(key, "b", "2026-10-04T07:00:00Z")).toMatchObject({ status: "sent" });
  });

  it("takes over a claim whose instance died, only once it is stale, keeping the posted message ts", async () => {
    const first = await claim("2026-11-03..2026-11-03", "a", "2026-11-04T07:00:00Z");
    if (first.status !== "claimed") throw new Error("expected a claim");
    await store().markPosted(first.deliveryId, "1700000001.000100");
    expect(await claim("2026-11-03..2026-11-03", "b", "2026-11-04T07:04:00Z")).toEqual({ status: "busy" });
    const [b, c] = await Promise.all([
      claim("2026-11-03..2026-11-03", "b", "2026-11-04T07:06:00Z"),
      claim("2026-11-03..2026-11-03", "c", "2026-11-04T07:06:00Z"),
    ]);
    const winners = [b, c].filter((r) => r?.status === "claimed");
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ attempts: 2, messageTs: "1700000001.000100" });
  });

  it("lets a failed delivery be claimed again and lists it for retry until attempts run out", async () => {
    const first = await claim("2026-11-04..2026-11-04", "a", "2026-11-05T07:00:00Z");
    if (first.status !== "claimed") throw new Error("expected a claim");
    await store().markFailed(first.deliveryId, "channel_not_found");
    const retry = await store().retryable(at("2026-11-05T07:01:00Z"), 5 * MINUTE, 3);
    expect(retry.map((r) => r.periodKey)).toContain("2026-11-04..2026-11-04");
    expect(retry.find((r) => r.periodKey === "2026-11-04..2026-11-04")?.subscription).toMatchObject({
      id: subscriptionId,
      period: "yesterday",
    });
    const second = await claim("2026-11-04..2026-11-04", "b", "2026-11-05T07:01:00Z");
    expect(second).toMatchObject({ status: "claimed", attempts: 2 });
    if (second.status !== "claimed") return;
    await store().markFailed(second.deliveryId, "channel_not_found");
    const third = await claim("2026-11-04..2026-11-04", "b", "2026-11-05T07:02:00Z");
    if (third.status !== "claimed") throw new Error("expected a claim");
    await store().markFailed(third.deliveryId, "channel_not_found");
    const after = await store().retryable(at("2026-11-05T07:03:00Z"), 5 * MINUTE, 3);
    expect(after.map((r) => r.periodKey)).not.toContain("2026-11-04..2026-11-04");
  });

  it("does not mark a sent delivery failed", async () => {
    const first = await claim("2026-11-05..2026-11-05", "a", "2026-11-06T07:00:00Z");
    if (first.status !== "claimed") throw new Error("expected a claim");
    await store().markSent([{ deliveryId: first.deliveryId }], at("2026-11-06T07:00:01Z"));
    await store().markFailed(first.deliveryId, "late error");
    expect(await claim("2026-11-05..2026-11-05", "b", "2026-11-06T08:00:00Z")).toMatchObject({ status: "sent" });
  });

  it("claims a slot's deliveries at once with the same outcomes as one by one, and exactly one of two instances gets each", async () => {
    const now = "2026-11-08T07:00:00Z";
    // Already sent, failed before, and freshly claimed by another instance.
    const sent = await claim("2026-11-06..2026-11-06", "a", now);
    const failed = await claim("2026-11-07..2026-11-07", "a", now);
    await claim("2026-10-31..2026-10-31", "x", now);
    if (sent.status !== "claimed" || failed.status !== "claimed") throw new Error("expected claims");
    await store().markSent([{ deliveryId: sent.deliveryId, messageTs: "1700000002.000100" }], at(now));
    await store().markFailed(failed.deliveryId, "not_in_channel");

    const keys = [
      "2026-11-06..2026-11-06",
      "2026-11-07..2026-11-07",
      "2026-10-31..2026-10-31",
      "2026-11-08..2026-11-08",
    ];
    const items = keys.map((periodKey) => ({ subscriptionId, periodKey }));
    const claimer = (instanceId: string) => ({ instanceId, now: at(now), staleAfterMs: 5 * MINUTE });
    const [b, c] = await Promise.all([store().claimMany(items, claimer("b")), store().claimMany(items, claimer("c"))]);

    expect(b?.[0]).toEqual({ status: "sent", messageTs: "1700000002.000100" });
    expect(b?.[2]).toEqual({ status: "busy" });
    for (const i of [1, 3]) {
      const outcomes = [b?.[i], c?.[i]].map((o) => o?.status).sort();
      expect(outcomes, keys[i]).toEqual(["busy", "claimed"]);
    }
    expect([b?.[1], c?.[1]].find((o) => o?.status === "claimed")).toMatchObject({ attempts: 2 });
  });

  it("claims more deliveries at once than one statement carries", async () => {
    const items = Array.from({ length: 1_200 }, (_, i) => ({ subscriptionId, periodKey: `bulk-${i}` }));
    const claims = await store().claimMany(items, {
      instanceId: "a",
      now: at("2026-11-09T07:00:00Z"),
      staleAfterMs: 5 * MINUTE,
    });
    expect(claims.every((c) => c.status === "claimed")).toBe(true);
    expect(new Set(claims.map((c) => (c.status === "claimed" ? c.deliveryId : 0))).size).toBe(items.length);
    // Each claim is the row of its own item.
    const last = claims.at(-1);
    const row = await ctx.db.prisma.digestDelivery.findUniqueOrThrow({
      where: { subscriptionId_periodKey: { subscriptionId, periodKey: "bulk-1199" } },
    });
    expect(last).toMatchObject({ deliveryId: row.id });
    expect(row).toMatchObject({ status: "claimed", claimedBy: "a", attempts: 1 });
    expect(row.claimedAt?.toISOString()).toBe("2026-11-09T07:00:00.000Z");
  });
});

describeEachDatabase("digest subscriptions", (ctx) => {
  const store = () => createDigestDeliveryStore(ctx.db);

  it("subscribes a channel once per period and reactivates it after an unsubscribe", async () => {
    const daily = DIGEST_CADENCES.daily;
    const first = await store().subscribe({ shopId: "acme", channelId: "C0SALES", ...daily, createdBy: "U0ANNA" });
    expect(first).toMatchObject({
      created: true,
      subscription: { origin: "slack", period: "yesterday", active: true },
    });
    const again = await store().subscribe({ shopId: "acme", channelId: "C0SALES", ...daily, createdBy: "U0MARK" });
    expect(again).toMatchObject({ created: false, subscription: { id: first.subscription.id } });

    expect(await store().unsubscribe({ shopId: "acme", channelId: "C0SALES", period: "yesterday" })).toEqual({
      removed: 1,
      fromConfig: 0,
    });
    expect((await store().list("acme")).map((s) => s.channelId)).not.toContain("C0SALES");
    const back = await store().subscribe({ shopId: "acme", channelId: "C0SALES", ...daily, createdBy: "U0ANNA" });
    expect(back).toMatchObject({ created: true, subscription: { id: first.subscription.id, active: true } });
  });

  it("subscribing the same channel from two places at once yields one subscription", async () => {
    const weekly = DIGEST_CADENCES.weekly;
    const results = await Promise.all(
      ["U0A", "U0B", "U0C"].map((user) =>
        store().subscribe({ shopId: "acme", channelId: "C0RACE", ...weekly, createdBy: user }),
      ),
    );
    expect(new Set(results.map((r) => r.subscription.id)).size).toBe(1);
    expect((await store().list("acme")).filter((s) => s.channelId === "C0RACE")).toHaveLength(1);
  });

  it("makes the YAML digests the config subscriptions and leaves Slack ones alone", async () => {
    const shop = buildShop({
      digests: [
        { channel: "C0DIGEST", cron: "0 8 * * *", period: "yesterday" },
        { channel: "C0DIGEST", cron: "0 9 * * 1", period: "last-week" },
      ],
    });
    expect(await store().syncConfig([shop])).toEqual({ active: 2, deactivated: 0 });
    const changed = buildShop({ digests: [{ channel: "C0DIGEST", cron: "30 7 * * *", period: "yesterday" }] });
    expect(await store().syncConfig([changed])).toEqual({ active: 1, deactivated: 1 });
    const listed = await store().list("acme");
    expect(listed.filter((s) => s.origin === "config")).toEqual([
      expect.objectContaining({ channelId: "C0DIGEST", period: "yesterday", cron: "30 7 * * *", active: true }),
    ]);
    expect(listed.some((s) => s.origin === "slack" && s.channelId === "C0SALES")).toBe(true);
  });

  it("refuses to unsubscribe what the YAML configures, and says so", async () => {
    expect(await store().unsubscribe({ shopId: "acme", channelId: "C0DIGEST" })).toEqual({ removed: 0, fromConfig: 1 });
    expect((await store().list("acme")).some((s) => s.channelId === "C0DIGEST")).toBe(true);
  });
});
