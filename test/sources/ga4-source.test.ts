import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { TOTAL } from "../../src/domain/metrics/observation.ts";
import { createFixedClock } from "../../src/shared/clock.ts";
import { createGa4Source } from "../../src/sources/ga4/ga4-source.ts";
import { buildShop } from "../builders/shop.ts";
import {
  createServiceAccountKey,
  type FakeGa4Property,
  type FakeGoogle,
  faults,
  type Ga4Fact,
  sampleGa4Facts,
  startFakeGoogle,
  writeServiceAccountKeyFile,
} from "../fakes/fake-google.ts";
import { buildEnv, pick, recordingRetry, silentLogger, sourceErrorOf } from "./source-test-kit.ts";

const key = createServiceAccountKey();
const dir = mkdtempSync(join(tmpdir(), "shopops-ga4-"));
const keyPath = writeServiceAccountKeyFile(dir, key);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shop = buildShop({ sources: { ga4: { propertyId: "123456789" } } });
const DAYS = ["2026-11-20", "2026-11-21"];

function property(overrides: Partial<FakeGa4Property> = {}): FakeGa4Property {
  return { id: "123456789", currencyCode: "EUR", timeZone: "Europe/Warsaw", facts: sampleGa4Facts(DAYS), ...overrides };
}

let running: FakeGoogle | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function setUp(
  options: { properties?: FakeGa4Property[]; pageSize?: number; now?: string; env?: Record<string, string> } = {},
) {
  const started = await startFakeGoogle({
    properties: options.properties ?? [property()],
    serviceAccounts: [key],
    oauthClients: [{ clientId: "client-1", clientSecret: "secret-1", refreshTokens: ["refresh-1"] }],
  });
  running = started;
  const env = buildEnv({
    GOOGLE_APPLICATION_CREDENTIALS: keyPath,
    GOOGLE_TOKEN_URL: started.tokenUrl,
    GA4_API_URL: started.url,
    ...options.env,
  });
  const retry = recordingRetry();
  const clock = createFixedClock(options.now ?? "2026-11-23T10:00:00Z");
  const source = createGa4Source({
    env,
    logger: silentLogger,
    clock,
    retry,
    pageSize: options.pageSize,
    quotaPauseMs: 2_000,
  });
  return { source, retry, clock, fake: started };
}

const sum = (facts: Ga4Fact[], metric: string, where: (f: Ga4Fact) => boolean = () => true) =>
  facts.filter(where).reduce((s, f) => s + (f.metrics[metric] ?? 0), 0);

describe("GA4 source", () => {
  it("pulls daily metrics overall and by channel group, bucketed on the shop's local days", async () => {
    const { source } = await setUp();
    const facts = property().facts;
    const result = await source.pull({ shop, range: { from: DAYS[0]!, to: DAYS[1]! }, granularity: "day" });

    expect(result.warnings).toEqual([]);
    // 13 metrics × (total + 3 channel groups) × 2 days
    expect(result.observations).toHaveLength(13 * 4 * 2);
    const sessions = pick(result.observations, { metric: "sessions", dimension: TOTAL, bucket: "2026-11-20" });
    expect(sessions).toMatchObject({ shopId: "acme", source: "ga4", dimensionValue: "", granularity: "day" });
    expect(sessions.value).toBe(sum(facts, "sessions", (f) => f.dateHour.startsWith("20261120")));
    // Warsaw is UTC+1 in November: the local day starts at 23:00 UTC the day before.
    expect(sessions.bucketStart.toISOString()).toBe("2026-11-19T23:00:00.000Z");

    const paidRevenue = pick(result.observations, {
      metric: "purchaseRevenue",
      dimension: "channel_group",
      dimensionValue: "Paid Search",
      bucket: "2026-11-21",
    });
    const expected = sum(
      facts,
      "purchaseRevenue",
      (f) => f.dateHour.startsWith("20261121") && f.channel === "Paid Search",
    );
    expect(paidRevenue.value).toBeCloseTo(expected, 6);
    expect(
      pick(result.observations, { metric: "advertiserAdCost", dimension: TOTAL, bucket: "2026-11-21" }).value,
    ).toBe(24 * 1.25);
    // Averages are not summed: every Direct hour has 70 s.
    expect(
      pick(result.observations, { metric: "averageSessionDuration", dimensionValue: "Direct", bucket: "2026-11-20" })
        .value,
    ).toBe(80);
  });

  it("routes the service account's token request to GOOGLE_TOKEN_URL, whatever the key file's token_uri says", async () => {
    const { source, fake } = await setUp();
    expect(key.json.token_uri).toBe("https://oauth2.googleapis.com/token");
    await source.pull({ shop, range: { from: DAYS[0]!, to: DAYS[0]! }, granularity: "day" });
    expect(fake.grants).toEqual([
      { grantType: "jwt-bearer", subject: key.email, scope: "https://www.googleapis.com/auth/analytics.readonly" },
    ]);
  });

  it("authenticates with an OAuth refresh token against the fake token endpoint", async () => {
    const { source, fake } = await setUp({
      env: {
        GOOGLE_APPLICATION_CREDENTIALS: "",
        GOOGLE_OAUTH_CLIENT_ID: "client-1",
        GOOGLE_OAUTH_CLIENT_SECRET: "secret-1",
        GOOGLE_OAUTH_REFRESH_TOKEN: "refresh-1",
      },
    });
    const result = await source.pull({ shop, range: { from: DAYS[0]!, to: DAYS[0]! }, granularity: "day" });
    expect(result.observations.length).toBeGreaterThan(0);
    expect(fake.grants).toEqual([{ grantType: "refresh_token", subject: "client-1" }]);
  });

  it("asks for at most 10 metrics per report, with the property quota, in one batch", async () => {
    const { source, fake } = await setUp();
    await source.pull({ shop, range: { from: DAYS[0]!, to: DAYS[1]! }, granularity: "day" });
    const calls = fake.apiCalls();
    expect(calls.map((c) => c.method)).toEqual(["batchRunReports"]);
    const requests = calls[0]!.body.requests ?? [];
    expect(requests).toHaveLength(4);
    for (const request of requests) {
      expect(request.metrics!.length).toBeLessThanOrEqual(10);
      expect(request.returnPropertyQuota).toBe(true);
      expect(request.dateRanges).toEqual([{ startDate: "2026-11-20", endDate: "2026-11-21" }]);
    }
    expect(requests.map((r) => r.dimensions!.map((d) => d.name))).toEqual([
      ["date"],
      ["date"],
      ["date", "sessionDefaultChannelGroup"],
      ["date", "sessionDefaultChannelGroup"],
    ]);
  });

  it("pages with limit/offset until rowCount rows have arrived", async () => {
    const days = ["2026-11-19", "2026-11-20", "2026-11-21"];
    const { source, fake } = await setUp({ properties: [property({ facts: sampleGa4Facts(days) })], pageSize: 4 });
    const result = await source.pull({ shop, range: { from: days[0]!, to: days[2]! }, granularity: "day" });

    // 3 days × 3 channels = 9 rows per channel report: pages at offsets 0 (batch), 4 and 8.
    const pages = fake.apiCalls().filter((c) => c.method === "runReport");
    expect(pages.map((c) => c.body.offset)).toEqual(["4", "8", "4", "8"]);
    expect(pages.every((c) => c.body.limit === "4")).toBe(true);
    expect(result.observations).toHaveLength(13 * 4 * 3);
    expect(result.observations.filter((o) => o.dimension === "channel_group" && o.metric === "sessions")).toHaveLength(
      9,
    );
  });

  it("warns when the property's currency or time zone differs from the shop's", async () => {
    const { source } = await setUp({ properties: [property({ currencyCode: "USD", timeZone: "America/New_York" })] });
    const result = await source.pull({ shop, range: { from: DAYS[0]!, to: DAYS[0]! }, granularity: "day" });
    expect(result.warnings).toEqual([
      expect.stringMatching(/^acme\/ga4: property 123456789 reports in USD but the shop uses EUR/),
      expect.stringMatching(
        /^acme\/ga4: property 123456789 uses the time zone America\/New_York but the shop is in Europe\/Warsaw/,
      ),
    ]);
    expect(result.observations.length).toBeGreaterThan(0);
  });

  describe("hourly", () => {
    it("buckets the 25-hour DST day in Europe/Warsaw on local hours with their true UTC starts", async () => {
      // GA4 reports the repeated 02:00 hour of 2026-10-25 as one dateHour row.
      const { source } = await setUp({
        properties: [property({ facts: sampleGa4Facts(["2026-10-25"]) })],
        now: "2026-10-26T09:00:00Z",
      });
      const result = await source.pull({ shop, range: { from: "2026-10-25", to: "2026-10-25" }, granularity: "hour" });
      const hours = result.observations
        .filter((o) => o.metric === "sessions" && o.dimension === TOTAL)
        .sort((a, b) => a.bucket.localeCompare(b.bucket));

      expect(hours).toHaveLength(24);
      expect(hours.every((o) => o.granularity === "hour")).toBe(true);
      expect(hours[0]).toMatchObject({ bucket: "2026-10-25T00", bucketStart: new Date("2026-10-24T22:00:00Z") });
      expect(hours[1]!.bucketStart).toEqual(new Date("2026-10-24T23:00:00Z")); // still UTC+2
      expect(hours[23]).toMatchObject({ bucket: "2026-10-25T23", bucketStart: new Date("2026-10-25T22:00:00Z") }); // UTC+1
      for (let i = 1; i < hours.length; i++)
        expect(hours[i]!.bucketStart.getTime()).toBeGreaterThan(hours[i - 1]!.bucketStart.getTime());
      // The day spans 25 hours: from the first bucket's start to the next local midnight.
      expect(new Date("2026-10-25T23:00:00Z").getTime() - hours[0]!.bucketStart.getTime()).toBe(25 * 3_600_000);
    });

    it("pulls hourly rows for the last 72 hours only and says so", async () => {
      const days = ["2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23"];
      const { source, fake } = await setUp({ properties: [property({ facts: sampleGa4Facts(days) })] });
      const result = await source.pull({ shop, range: { from: "2026-11-18", to: "2026-11-23" }, granularity: "hour" });
      // now = 2026-11-23T10:00Z = 11:00 in Warsaw; 72 hours back is 2026-11-20 11:00 local.
      expect(fake.apiCalls()[0]!.body.requests![0]!.dateRanges).toEqual([
        { startDate: "2026-11-20", endDate: "2026-11-23" },
      ]);
      expect(result.warnings).toEqual([expect.stringContaining("last 72 hours only, from 2026-11-20")]);
      expect(new Set(result.observations.map((o) => o.bucket.slice(0, 10)))).toEqual(
        new Set(["2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23"]),
      );
    });
  });

  describe("failures", () => {
    it("reports an unknown property once, naming shop and source, without retrying", async () => {
      const { source, retry, fake } = await setUp({ properties: [] });
      const error = await sourceErrorOf(
        source.pull({ shop, range: { from: DAYS[0]!, to: DAYS[0]! }, granularity: "day" }),
      );
      expect(error.kind).toBe("not_found");
      expect(error.message).toMatch(
        /^acme\/ga4: property 123456789 not found or not accessible by the service account/,
      );
      expect(fake.apiCalls()).toHaveLength(1);
      expect(retry.sleeps).toEqual([]);
    });

    it("fails with auth on HTTP 403 and does not retry", async () => {
      const { source, retry, fake } = await setUp();
      fake.failNext(faults.forbidden());
      const error = await sourceErrorOf(
        source.pull({ shop, range: { from: DAYS[0]!, to: DAYS[0]! }, granularity: "day" }),
      );
      expect(error.kind).toBe("auth");
      expect(error.message).toContain("no access to GA4 property 123456789");
      expect(retry.sleeps).toEqual([]);
    });

    it("gives up on a persistent HTTP 401 after one token refresh instead of retrying forever", async () => {
      const { source, retry, fake } = await setUp();
      fake.failNext(...Array.from({ length: 10 }, () => faults.unauthorized()));
      const error = await sourceErrorOf(
        source.pull({ shop, range: { from: DAYS[0]!, to: DAYS[0]! }, granularity: "day" }),
      );
      expect(error.kind).toBe("auth");
      expect(fake.apiCalls().length).toBeLessThanOrEqual(2);
      expect(retry.sleeps).toEqual([]);
    });

    it("fails with auth when the token endpoint refuses the key, before calling GA4", async () => {
      const { source, fake } = await setUp();
      fake.failTokenNext({
        kind: "status",
        status: 400,
        body: { error: "invalid_grant", error_description: "Invalid JWT Signature." },
      });
      const error = await sourceErrorOf(
        source.pull({ shop, range: { from: DAYS[0]!, to: DAYS[0]! }, granularity: "day" }),
      );
      expect(error.kind).toBe("auth");
      expect(error.message).toContain("token endpoint refused the credentials (invalid_grant: Invalid JWT Signature.)");
      expect(fake.apiCalls()).toHaveLength(0);
    });

    it("fails with auth when the key file cannot be read", async () => {
      const { source } = await setUp({ env: { GOOGLE_APPLICATION_CREDENTIALS: join(dir, "missing.json") } });
      const error = await sourceErrorOf(
        source.pull({ shop, range: { from: DAYS[0]!, to: DAYS[0]! }, granularity: "day" }),
      );
      expect(error.kind).toBe("auth");
      expect(error.message).toContain("cannot read the service-account key file");
    });

    it("retries HTTP 429 after the Retry-After delay and then succeeds", async () => {
      const { source, retry, fake } = await setUp();
      fake.failNext(faults.rateLimited(7));
      const result = await source.pull({ shop, range: { from: DAYS[0]!, to: DAYS[0]! }, granularity: "day" });
      expect(result.observations.length).toBeGreaterThan(0);
      expect(retry.sleeps).toEqual([7_000]);
    });

    it("retries HTTP 5xx with growing backoff, then fails as unavailable after 4 attempts", async () => {
      const { source, retry, fake } = await setUp();
      fake.failNext(...Array.from({ length: 4 }, () => faults.serverError(503)));
      const error = await sourceErrorOf(
        source.pull({ shop, range: { from: DAYS[0]!, to: DAYS[0]! }, granularity: "day" }),
      );
      expect(error.kind).toBe("unavailable");
      expect(fake.apiCalls()).toHaveLength(4);
      // random() = 0.5 of 1 s, 2 s, 4 s
      expect(retry.sleeps).toEqual([500, 1_000, 2_000]);
    });

    it("ends repeated HTTP 429s as a quota error with a time to retry", async () => {
      const { source, fake } = await setUp();
      fake.failNext(...Array.from({ length: 4 }, () => faults.rateLimited()));
      const error = await sourceErrorOf(
        source.pull({ shop, range: { from: DAYS[0]!, to: DAYS[0]! }, granularity: "day" }),
      );
      expect(error.kind).toBe("quota");
      expect(error.retryAt!.getTime()).toBeGreaterThan(new Date("2026-11-23T10:00:00Z").getTime());
    });

    it("rejects a body that is not JSON as an invalid response and returns nothing", async () => {
      const { source, fake } = await setUp();
      fake.failNext(faults.malformed());
      const error = await sourceErrorOf(
        source.pull({ shop, range: { from: DAYS[0]!, to: DAYS[0]! }, granularity: "day" }),
      );
      expect(error.kind).toBe("invalid_response");
      expect(error.message).toMatch(
        /^acme\/ga4: GA4 batchRunReports for property 123456789 returned a body that is not JSON/,
      );
    });

    it("rejects a report whose rows do not match its headers", async () => {
      const { source, fake } = await setUp();
      const bad = {
        metricHeaders: [{ name: "sessions" }],
        rows: [{ dimensionValues: [], metricValues: [{ value: "x" }] }],
      };
      fake.failNext({ kind: "status", status: 200, body: { reports: [bad, bad, bad, bad] } });
      const error = await sourceErrorOf(
        source.pull({ shop, range: { from: DAYS[0]!, to: DAYS[0]! }, granularity: "day" }),
      );
      expect(error.kind).toBe("invalid_response");
      expect(error.message).toContain("unexpected report");
    });
  });

  describe("quota", () => {
    it("slows down and warns when fewer than 10% of the hourly tokens are left", async () => {
      const days = ["2026-11-19", "2026-11-20", "2026-11-21"];
      const { source, retry } = await setUp({
        properties: [property({ facts: sampleGa4Facts(days), quota: { tokensPerHour: 3_500, tokensPerDay: 150_000 } })],
        pageSize: 4,
      });
      const result = await source.pull({ shop, range: { from: days[0]!, to: days[2]! }, granularity: "day" });
      expect(result.observations).toHaveLength(13 * 4 * 3);
      expect(result.warnings).toEqual([
        expect.stringMatching(/^acme\/ga4: quota low for property 123456789 \(\d+ GA4 tokens left this hour\)/),
      ]);
      // A pause before each of the four follow-up pages.
      expect(retry.sleeps).toEqual([2_000, 2_000, 2_000, 2_000]);
    });

    it("stops with a quota error when the property's tokens run out mid-pull", async () => {
      const days = ["2026-11-19", "2026-11-20", "2026-11-21"];
      const { source } = await setUp({
        properties: [property({ facts: sampleGa4Facts(days), quota: { tokensPerHour: 40, tokensPerDay: 150_000 } })],
        pageSize: 4,
      });
      const error = await sourceErrorOf(
        source.pull({ shop, range: { from: days[0]!, to: days[2]! }, granularity: "day" }),
      );
      expect(error.kind).toBe("quota");
      expect(error.message).toContain("hourly token quota is used up");
      expect(error.retryAt).toEqual(new Date("2026-11-23T11:00:00Z"));
    });

    it("keeps the data when the last request used the last tokens, and warns", async () => {
      const { source } = await setUp({
        properties: [property({ quota: { tokensPerHour: 40, tokensPerDay: 150_000 } })],
      });
      const result = await source.pull({ shop, range: { from: DAYS[0]!, to: DAYS[1]! }, granularity: "day" });
      expect(result.observations).toHaveLength(13 * 4 * 2);
      expect(result.warnings).toEqual([
        "acme/ga4: the property's hourly token quota is used up for property 123456789 until 2026-11-23T11:00:00.000Z",
      ]);
    });

    it("does not retry once GA4 says the daily tokens are exhausted, and returns when they restart", async () => {
      const { source, retry } = await setUp({
        properties: [property({ quota: { tokensPerHour: 40_000, tokensPerDay: 0 } })],
      });
      const error = await sourceErrorOf(
        source.pull({ shop, range: { from: DAYS[0]!, to: DAYS[0]! }, granularity: "day" }),
      );
      expect(error.kind).toBe("quota");
      // Midnight Pacific time (PST, UTC-8) after 2026-11-23T10:00Z.
      expect(error.retryAt).toEqual(new Date("2026-11-24T08:00:00Z"));
      expect(retry.sleeps).toEqual([]);
    });
  });

  it("is configured only with a property id and Google credentials", () => {
    const create = (vars: Record<string, string>) =>
      createGa4Source({ env: buildEnv(vars), logger: silentLogger, clock: createFixedClock("2026-11-23T10:00:00Z") });
    expect(create({ GOOGLE_APPLICATION_CREDENTIALS: keyPath }).isConfigured(shop)).toBe(true);
    expect(create({ GOOGLE_APPLICATION_CREDENTIALS: keyPath }).isConfigured(buildShop())).toBe(false);
    expect(create({}).isConfigured(shop)).toBe(false);
    expect(create({ GOOGLE_OAUTH_CLIENT_ID: "c", GOOGLE_OAUTH_REFRESH_TOKEN: "r" }).isConfigured(shop)).toBe(false);
  });
});
