import { afterEach, describe, expect, it } from "vitest";
import { TOTAL } from "../../src/domain/metrics/observation.ts";
import { createFixedClock } from "../../src/shared/clock.ts";
import { createGoogleAdsSource } from "../../src/sources/google-ads/google-ads-source.ts";
import { buildShop } from "../builders/shop.ts";
import { type FakeGoogle, faults, startFakeGoogle } from "../fakes/fake-google.ts";
import { type AdsCampaignDay, adsFaults, type FakeGoogleAds, startFakeGoogleAds } from "../fakes/fake-google-ads.ts";
import { buildEnv, pick, recordingRetry, silentLogger, sourceErrorOf } from "./source-test-kit.ts";

const shop = buildShop({ sources: { googleAds: { customerId: "1234567890", loginCustomerId: "9876543210" } } });
const range = { from: "2026-11-20", to: "2026-11-22" };

const ROWS: AdsCampaignDay[] = [
  {
    date: "2026-11-20",
    campaignId: "1",
    campaignName: "Brand",
    costMicros: 12_340_000,
    clicks: 30,
    impressions: 900,
    conversions: 2,
    conversionsValue: 150.5,
  },
  {
    date: "2026-11-20",
    campaignId: "2",
    campaignName: "Shopping",
    costMicros: 45_000_000,
    clicks: 80,
    impressions: 4_000,
    conversions: 3.5,
    conversionsValue: 410,
  },
  {
    date: "2026-11-21",
    campaignId: "1",
    campaignName: "Brand",
    costMicros: 10_000_000,
    clicks: 25,
    impressions: 850,
    conversions: 0,
    conversionsValue: 0,
  },
];

let running: Array<FakeGoogle | FakeGoogleAds> = [];
afterEach(async () => {
  await Promise.all(running.map((f) => f.close()));
  running = [];
});

async function setUp(
  options: { rows?: AdsCampaignDay[]; batchSize?: number; now?: string; developerToken?: string } = {},
) {
  const google = await startFakeGoogle({
    oauthClients: [{ clientId: "client-1", clientSecret: "secret-1", refreshTokens: ["refresh-1"] }],
  });
  const ads = await startFakeGoogleAds({
    customers: [{ id: "1234567890", rows: options.rows ?? ROWS, loginCustomerId: "9876543210" }],
    developerToken: "dev-token",
    isValidToken: (token) => google.issuedTokens.has(token),
    batchSize: options.batchSize,
  });
  running.push(google, ads);
  const env = buildEnv({
    GOOGLE_OAUTH_CLIENT_ID: "client-1",
    GOOGLE_OAUTH_CLIENT_SECRET: "secret-1",
    GOOGLE_OAUTH_REFRESH_TOKEN: "refresh-1",
    GOOGLE_TOKEN_URL: google.tokenUrl,
    GOOGLE_ADS_API_URL: ads.url,
    GOOGLE_ADS_DEVELOPER_TOKEN: options.developerToken ?? "dev-token",
  });
  const retry = recordingRetry();
  const clock = createFixedClock(options.now ?? "2026-11-23T10:00:00Z");
  const source = createGoogleAdsSource({ env, logger: silentLogger, clock, retry });
  return { source, retry, google, ads };
}

describe("Google Ads source", () => {
  it("pulls daily cost in currency units, clicks, impressions and conversions per campaign and for the account", async () => {
    const { source } = await setUp();
    const { observations, warnings } = await source.pull({ shop, range, granularity: "day" });
    expect(warnings).toEqual([]);

    const cost = pick(observations, { metric: "cost", dimension: TOTAL, bucket: "2026-11-20" });
    expect(cost).toMatchObject({
      shopId: "acme",
      source: "google-ads",
      dimensionValue: "",
      granularity: "day",
      value: 57.34,
    });
    expect(cost.bucketStart.toISOString()).toBe("2026-11-19T23:00:00.000Z");
    expect(pick(observations, { metric: "cost", dimension: "platform", bucket: "2026-11-20" })).toMatchObject({
      dimensionValue: "google-ads",
      value: 57.34,
    });
    expect(
      pick(observations, { metric: "cost", dimension: "campaign", dimensionValue: "Brand", bucket: "2026-11-20" })
        .value,
    ).toBe(12.34);
    expect(pick(observations, { metric: "conversions", dimension: TOTAL, bucket: "2026-11-20" }).value).toBe(5.5);
    expect(pick(observations, { metric: "conversionsValue", dimension: TOTAL, bucket: "2026-11-20" }).value).toBe(
      560.5,
    );
    expect(
      pick(observations, { metric: "clicks", dimension: "campaign", dimensionValue: "Shopping", bucket: "2026-11-20" })
        .value,
    ).toBe(80);
    // Zero values are left out of the API's JSON and come back as 0.
    expect(pick(observations, { metric: "conversions", dimension: TOTAL, bucket: "2026-11-21" }).value).toBe(0);
  });

  it("stores zero spend for a past day without rows, so a re-pull overwrites it", async () => {
    const { source } = await setUp();
    const { observations } = await source.pull({ shop, range, granularity: "day" });
    expect(pick(observations, { metric: "cost", dimension: TOTAL, bucket: "2026-11-22" }).value).toBe(0);
    expect(observations.filter((o) => o.bucket === "2026-11-22" && o.dimension === "campaign")).toEqual([]);
  });

  it("fills no zeros for days after today in the shop's time zone", async () => {
    const { source } = await setUp({ now: "2026-11-21T12:00:00Z" });
    const { observations } = await source.pull({ shop, range, granularity: "day" });
    expect(new Set(observations.map((o) => o.bucket))).toEqual(new Set(["2026-11-20", "2026-11-21"]));
  });

  it("sends GAQL with the date range, developer-token, login-customer-id and a token from GOOGLE_TOKEN_URL", async () => {
    const { source, ads, google } = await setUp();
    await source.pull({ shop, range, granularity: "day" });
    const [search] = ads.searches();
    expect(search!.customerId).toBe("1234567890");
    expect(search!.query).toContain("FROM campaign");
    expect(search!.query).toContain("segments.date BETWEEN '2026-11-20' AND '2026-11-22'");
    expect(search!.query).toContain("metrics.cost_micros");
    expect(search!.headers["developer-token"]).toBe("dev-token");
    expect(search!.headers["login-customer-id"]).toBe("9876543210");
    expect(google.grants).toEqual([{ grantType: "refresh_token", subject: "client-1" }]);
  });

  it("reads every batch of the stream", async () => {
    const { source } = await setUp({ batchSize: 1 });
    const { observations } = await source.pull({ shop, range, granularity: "day" });
    expect(pick(observations, { metric: "impressions", dimension: TOTAL, bucket: "2026-11-20" }).value).toBe(4_900);
    expect(observations.filter((o) => o.dimension === "campaign" && o.metric === "cost")).toHaveLength(3);
  });

  it("adds up campaigns that share a name", async () => {
    const twin = { ...ROWS[0]!, campaignId: "3", costMicros: 1_000_000 };
    const { source } = await setUp({ rows: [...ROWS, twin] });
    const { observations } = await source.pull({ shop, range, granularity: "day" });
    expect(
      pick(observations, { metric: "cost", dimension: "campaign", dimensionValue: "Brand", bucket: "2026-11-20" })
        .value,
    ).toBe(13.34);
  });

  it("returns nothing for hourly pulls (Ads data is daily)", async () => {
    const { source, ads } = await setUp();
    expect(await source.pull({ shop, range, granularity: "hour" })).toEqual({ observations: [], warnings: [] });
    expect(ads.searches()).toEqual([]);
  });

  describe("failures", () => {
    it("reports an unknown customer as not found without retrying", async () => {
      const { source, retry } = await setUp();
      const other = buildShop({ sources: { googleAds: { customerId: "1111111111" } } });
      const error = await sourceErrorOf(source.pull({ shop: other, range, granularity: "day" }));
      expect(error.kind).toBe("not_found");
      expect(error.message).toMatch(/^acme\/google-ads: customer 1111111111 not found/);
      expect(retry.sleeps).toEqual([]);
    });

    it("fails with auth when the developer token is refused", async () => {
      const { source, ads } = await setUp({ developerToken: "wrong" });
      const error = await sourceErrorOf(source.pull({ shop, range, granularity: "day" }));
      expect(error.kind).toBe("auth");
      expect(error.message).toContain("DEVELOPER_TOKEN_PROHIBITED");
      expect(ads.searches()).toHaveLength(1);
    });

    it("fails with auth on HTTP 401 and does not retry", async () => {
      const { source, ads, retry } = await setUp();
      ads.failNext(faults.unauthorized());
      const error = await sourceErrorOf(source.pull({ shop, range, granularity: "day" }));
      expect(error.kind).toBe("auth");
      expect(ads.searches()).toHaveLength(1);
      expect(retry.sleeps).toEqual([]);
    });

    it("fails with auth when the refresh token is revoked, without calling Ads", async () => {
      const { source, ads, google } = await setUp();
      google.failTokenNext({
        kind: "status",
        status: 400,
        body: { error: "invalid_grant", error_description: "Token has been expired or revoked." },
      });
      const error = await sourceErrorOf(source.pull({ shop, range, granularity: "day" }));
      expect(error.kind).toBe("auth");
      expect(error.message).toContain("invalid_grant");
      expect(ads.searches()).toEqual([]);
    });

    it("retries a quota error after its RetryInfo delay", async () => {
      const { source, ads, retry } = await setUp();
      ads.failNext(adsFaults.quota(30));
      const { observations } = await source.pull({ shop, range, granularity: "day" });
      expect(observations.length).toBeGreaterThan(0);
      expect(retry.sleeps).toEqual([30_000]);
      expect(ads.searches()).toHaveLength(2);
    });

    it("ends as a quota error when the server asks to wait longer than a retry may", async () => {
      const { source, ads, retry } = await setUp();
      ads.failNext(adsFaults.quota(3_600));
      const error = await sourceErrorOf(source.pull({ shop, range, granularity: "day" }));
      expect(error.kind).toBe("quota");
      expect(error.retryAt).toEqual(new Date("2026-11-23T11:00:00Z"));
      expect(retry.sleeps).toEqual([]);
    });

    it("retries a stream that breaks halfway", async () => {
      const { source, ads } = await setUp();
      ads.failNext(adsFaults.streamError());
      const { observations } = await source.pull({ shop, range, granularity: "day" });
      expect(pick(observations, { metric: "cost", dimension: TOTAL, bucket: "2026-11-20" }).value).toBe(57.34);
      expect(ads.searches()).toHaveLength(2);
    });

    it("fails as unavailable after 4 attempts of HTTP 5xx", async () => {
      const { source, ads, retry } = await setUp();
      ads.failNext(...Array.from({ length: 4 }, () => faults.serverError(502)));
      const error = await sourceErrorOf(source.pull({ shop, range, granularity: "day" }));
      expect(error.kind).toBe("unavailable");
      expect(error.message).toContain("HTTP 502");
      expect(retry.sleeps).toHaveLength(3);
    });

    it("rejects a body that is not a stream of results", async () => {
      const { source, ads } = await setUp();
      ads.failNext(faults.malformed());
      const error = await sourceErrorOf(source.pull({ shop, range, granularity: "day" }));
      expect(error.kind).toBe("invalid_response");
    });

    it("rejects rows without a readable date", async () => {
      const { source, ads } = await setUp();
      ads.failNext({
        kind: "status",
        status: 200,
        body: [{ results: [{ segments: { date: "20261120" }, campaign: { name: "X" } }] }],
      });
      const error = await sourceErrorOf(source.pull({ shop, range, granularity: "day" }));
      expect(error.kind).toBe("invalid_response");
    });
  });

  it("is configured only with a customer id, Google credentials and a developer token", () => {
    const create = (vars: Record<string, string>) =>
      createGoogleAdsSource({
        env: buildEnv(vars),
        logger: silentLogger,
        clock: createFixedClock("2026-11-23T10:00:00Z"),
      });
    const oauth = { GOOGLE_OAUTH_CLIENT_ID: "c", GOOGLE_OAUTH_CLIENT_SECRET: "s", GOOGLE_OAUTH_REFRESH_TOKEN: "r" };
    expect(create({ ...oauth, GOOGLE_ADS_DEVELOPER_TOKEN: "d" }).isConfigured(shop)).toBe(true);
    expect(create(oauth).isConfigured(shop)).toBe(false);
    expect(create({ ...oauth, GOOGLE_ADS_DEVELOPER_TOKEN: "d" }).isConfigured(buildShop())).toBe(false);
  });
});
