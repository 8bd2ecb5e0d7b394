import { afterEach, describe, expect, it } from "vitest";
import { TOTAL } from "../../src/domain/metrics/observation.ts";
import { createFixedClock } from "../../src/shared/clock.ts";
import { createMetaSource } from "../../src/sources/meta/meta-source.ts";
import { buildShop } from "../builders/shop.ts";
import { faults } from "../fakes/fake-google.ts";
import { type FakeMeta, type MetaCampaignDay, metaFaults, startFakeMeta } from "../fakes/fake-meta.ts";
import { buildEnv, pick, recordingRetry, silentLogger, sourceErrorOf } from "./source-test-kit.ts";

const shop = buildShop({ sources: { meta: { adAccountId: "act_1234567890" } } });
const range = { from: "2026-11-20", to: "2026-11-21" };

const row = (date: string, campaignId: string, overrides: Partial<MetaCampaignDay> = {}): MetaCampaignDay => ({
  date,
  campaignId,
  campaignName: `Campaign ${campaignId}`,
  spend: 10,
  impressions: 1_000,
  clicks: 20,
  purchases: 1,
  purchaseValue: 50,
  ...overrides,
});

const ROWS = [
  row("2026-11-20", "1", { spend: 12.1, purchases: 2, purchaseValue: 120.4 }),
  row("2026-11-20", "2", { spend: 0.2 }),
  row("2026-11-20", "3", { purchases: 0, purchaseValue: 0 }),
  row("2026-11-21", "1"),
  row("2026-11-21", "2"),
];

let running: FakeMeta | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function setUp(options: { currency?: string; pageSize?: number; accessToken?: string; now?: string } = {}) {
  const meta = await startFakeMeta({
    accounts: [{ id: "act_1234567890", currency: options.currency ?? "EUR", rows: ROWS }],
    accessToken: "EAAB-good",
  });
  running = meta;
  const env = buildEnv({ META_API_URL: meta.url, META_ACCESS_TOKEN: options.accessToken ?? "EAAB-good" });
  const retry = recordingRetry();
  const clock = createFixedClock(options.now ?? "2026-11-23T10:00:00Z");
  const source = createMetaSource({ env, logger: silentLogger, clock, retry, pageSize: options.pageSize });
  return { source, retry, meta };
}

describe("Meta source", () => {
  it("pulls daily spend, clicks, impressions and purchases per campaign and for the account", async () => {
    const { source } = await setUp();
    const { observations, warnings } = await source.pull({ shop, range, granularity: "day" });
    expect(warnings).toEqual([]);

    const cost = pick(observations, { metric: "cost", dimension: TOTAL, bucket: "2026-11-20" });
    expect(cost).toMatchObject({ shopId: "acme", source: "meta", granularity: "day", value: 22.3 });
    expect(cost.bucketStart.toISOString()).toBe("2026-11-19T23:00:00.000Z");
    expect(pick(observations, { metric: "cost", dimension: "platform", bucket: "2026-11-20" })).toMatchObject({
      dimensionValue: "meta",
      value: 22.3,
    });
    // Purchases are reported under four action types; only omni_purchase is counted.
    expect(pick(observations, { metric: "conversions", dimension: TOTAL, bucket: "2026-11-20" }).value).toBe(3);
    expect(pick(observations, { metric: "conversionsValue", dimension: TOTAL, bucket: "2026-11-20" }).value).toBe(
      170.4,
    );
    expect(
      pick(observations, {
        metric: "conversions",
        dimension: "campaign",
        dimensionValue: "Campaign 3",
        bucket: "2026-11-20",
      }).value,
    ).toBe(0);
    expect(pick(observations, { metric: "clicks", dimension: TOTAL, bucket: "2026-11-21" }).value).toBe(40);
  });

  it("asks for campaign-level daily insights of the range", async () => {
    const { source, meta } = await setUp();
    await source.pull({ shop, range, granularity: "day" });
    const [request] = meta.insightsRequests();
    expect(request!.path).toBe("/v24.0/act_1234567890/insights");
    expect(request!.query.get("level")).toBe("campaign");
    expect(request!.query.get("time_increment")).toBe("1");
    expect(JSON.parse(request!.query.get("time_range")!)).toEqual({ since: "2026-11-20", until: "2026-11-21" });
  });

  it("follows paging.next with the after cursor until it is absent", async () => {
    const { source, meta } = await setUp({ pageSize: 2 });
    const { observations } = await source.pull({ shop, range, granularity: "day" });
    const requests = meta.insightsRequests();
    expect(requests).toHaveLength(3);
    expect(requests[0]!.query.get("after")).toBeNull();
    expect(requests.slice(1).every((r) => r.query.get("after"))).toBe(true);
    expect(observations.filter((o) => o.dimension === "campaign" && o.metric === "cost")).toHaveLength(5);
  });

  it("warns when the ad account's currency differs from the shop's", async () => {
    const { source } = await setUp({ currency: "USD" });
    const { warnings } = await source.pull({ shop, range, granularity: "day" });
    expect(warnings).toEqual([
      expect.stringMatching(/^acme\/meta: ad account act_1234567890 reports in USD but the shop uses EUR/),
    ]);
  });

  describe("failures", () => {
    it("fails with auth on an invalid access token (code 190) without retrying", async () => {
      const { source, retry, meta } = await setUp({ accessToken: "EAAB-bad" });
      const error = await sourceErrorOf(source.pull({ shop, range, granularity: "day" }));
      expect(error.kind).toBe("auth");
      expect(error.message).toMatch(
        /^acme\/meta: Meta refused the access token for ad account act_1234567890 \(code 190\)/,
      );
      expect(meta.insightsRequests()).toHaveLength(1);
      expect(retry.sleeps).toEqual([]);
    });

    it("fails with auth when the token expires midway", async () => {
      const { source, meta } = await setUp({ pageSize: 2 });
      meta.failNext(metaFaults.expiredToken());
      const error = await sourceErrorOf(source.pull({ shop, range, granularity: "day" }));
      expect(error.kind).toBe("auth");
      expect(error.message).toContain("Session has expired");
    });

    it("reports an unknown ad account as not found", async () => {
      const { source } = await setUp();
      const other = buildShop({ sources: { meta: { adAccountId: "act_999" } } });
      const error = await sourceErrorOf(source.pull({ shop: other, range, granularity: "day" }));
      expect(error.kind).toBe("not_found");
      expect(error.message).toMatch(/^acme\/meta: ad account act_999 not found/);
    });

    it.each([4, 17, 613, 80_000] as const)("retries the rate limit code %i and then succeeds", async (code) => {
      const { source, meta, retry } = await setUp();
      meta.failNext(metaFaults.rateLimited(code));
      const { observations } = await source.pull({ shop, range, granularity: "day" });
      expect(observations.length).toBeGreaterThan(0);
      expect(retry.sleeps).toHaveLength(1);
    });

    it("ends a lasting rate limit as a quota error", async () => {
      const { source, meta } = await setUp();
      meta.failNext(...Array.from({ length: 4 }, () => metaFaults.rateLimited(17)));
      const error = await sourceErrorOf(source.pull({ shop, range, granularity: "day" }));
      expect(error.kind).toBe("quota");
      expect(meta.insightsRequests()).toHaveLength(4);
    });

    it("does not retry when Meta says access returns only in 30 minutes, and says when", async () => {
      const { source, meta, retry } = await setUp();
      meta.failNext(metaFaults.rateLimited(80_000, 30));
      const error = await sourceErrorOf(source.pull({ shop, range, granularity: "day" }));
      expect(error.kind).toBe("quota");
      expect(error.retryAt).toEqual(new Date("2026-11-23T10:30:00Z"));
      expect(retry.sleeps).toEqual([]);
      expect(meta.insightsRequests()).toHaveLength(1);
    });

    it("retries a temporary server error, then fails as unavailable", async () => {
      const { source, meta, retry } = await setUp();
      meta.failNext(...Array.from({ length: 4 }, () => metaFaults.serverError()));
      const error = await sourceErrorOf(source.pull({ shop, range, granularity: "day" }));
      expect(error.kind).toBe("unavailable");
      expect(retry.sleeps).toHaveLength(3);
    });

    it("rejects a body that is not JSON and returns nothing", async () => {
      const { source, meta } = await setUp();
      meta.failNext(faults.malformed());
      const error = await sourceErrorOf(source.pull({ shop, range, granularity: "day" }));
      expect(error.kind).toBe("invalid_response");
    });

    it("does not follow a next link that leaves the configured Graph API", async () => {
      const { source, meta } = await setUp();
      meta.failNext({
        kind: "status",
        status: 200,
        body: { data: [], paging: { next: "https://elsewhere.example/x" } },
      });
      const error = await sourceErrorOf(source.pull({ shop, range, granularity: "day" }));
      expect(error.kind).toBe("invalid_response");
      expect(error.message).toContain("paging.next points outside");
      expect(meta.insightsRequests()).toHaveLength(1);
    });
  });

  it("is configured only with an ad account and an access token", () => {
    const create = (vars: Record<string, string>) =>
      createMetaSource({ env: buildEnv(vars), logger: silentLogger, clock: createFixedClock("2026-11-23T10:00:00Z") });
    expect(create({ META_ACCESS_TOKEN: "t" }).isConfigured(shop)).toBe(true);
    expect(create({}).isConfigured(shop)).toBe(false);
    expect(create({ META_ACCESS_TOKEN: "t" }).isConfigured(buildShop())).toBe(false);
  });
});
