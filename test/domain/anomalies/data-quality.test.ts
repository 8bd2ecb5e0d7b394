import { describe, expect, it } from "vitest";
import { detectTrackingOutage } from "../../../src/domain/anomalies/data-quality/detect-tracking-outage.ts";
import { findCostMismatches } from "../../../src/domain/anomalies/data-quality/find-cost-mismatches.ts";
import { findSpendWithoutConversions } from "../../../src/domain/anomalies/data-quality/find-spend-without-conversions.ts";
import { findStaleSources } from "../../../src/domain/anomalies/data-quality/find-stale-sources.ts";

const channels = (actual: number[]) =>
  ["Organic Search", "Paid Search", "Direct", "Email"].map((channel, i) => ({
    channel,
    actual: actual[i] as number,
    expected: [400, 300, 200, 100][i] as number,
  }));

describe("detectTrackingOutage", () => {
  it("finds an outage when sessions are near zero", () => {
    const found = detectTrackingOutage({ actual: 40, expected: 1000, channels: channels([10, 10, 10, 10]) });
    expect(found).toMatchObject({ kind: "tracking_outage", share: 0.04, channelsWatched: 4 });
    expect(found?.channelsDown).toEqual(["Organic Search", "Paid Search", "Direct", "Email"]);
  });

  it("finds an outage when every channel falls together, though not to zero", () => {
    expect(detectTrackingOutage({ actual: 300, expected: 1000, channels: channels([120, 90, 60, 30]) })).toMatchObject({
      kind: "tracking_outage",
    });
  });

  it("does not call one channel's collapse an outage: that is a channel problem", () => {
    expect(
      detectTrackingOutage({ actual: 700, expected: 1000, channels: channels([400, 0, 200, 100]) }),
    ).toBeUndefined();
  });

  it("does not judge a quiet night", () => {
    expect(detectTrackingOutage({ actual: 0, expected: 8, channels: [] })).toBeUndefined();
  });
});

describe("findStaleSources", () => {
  const now = new Date("2026-11-21T12:00:00Z");
  it("finds sources not updated for longer than allowed, and those that never were", () => {
    const found = findStaleSources(
      [
        { source: "ga4", lastSuccessAt: new Date("2026-11-21T05:00:00Z") },
        { source: "google-ads", lastSuccessAt: new Date("2026-11-21T11:00:00Z") },
        { source: "meta", lastSuccessAt: null },
        { source: "csv", lastSuccessAt: new Date("2026-11-01T00:00:00Z"), staleAfterHours: 24 * 365 },
      ],
      now,
      6,
    );
    expect(found).toEqual([
      {
        kind: "stale_source",
        source: "ga4",
        lastSuccessAt: new Date("2026-11-21T05:00:00Z"),
        hoursSince: 7,
        limitHours: 6,
      },
      { kind: "stale_source", source: "meta", lastSuccessAt: null, hoursSince: null, limitHours: 6 },
    ]);
  });

  it("allows exactly the limit", () => {
    expect(findStaleSources([{ source: "ga4", lastSuccessAt: new Date("2026-11-21T06:00:00Z") }], now, 6)).toEqual([]);
  });
});

describe("findSpendWithoutConversions", () => {
  it("finds spend that should have bought several conversions but bought none", () => {
    const found = findSpendWithoutConversions([
      { subject: "Brand", spend: 250, conversions: 0, usualCostPerConversion: 40 },
      { subject: "Generic", spend: 60, conversions: 0, usualCostPerConversion: 40 },
      { subject: "Shopping", spend: 900, conversions: 12, usualCostPerConversion: 40 },
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: "spend_without_conversions", subject: "Brand", spend: 250 });
    expect(found[0]?.expectedConversions).toBeCloseTo(6.25);
    expect(found[0]?.chanceOfNone).toBeLessThan(0.01);
  });

  it("leaves campaigns without history alone unless a spend limit for them is set", () => {
    const items = [{ subject: "Awareness", spend: 500, conversions: 0 }];
    expect(findSpendWithoutConversions(items)).toEqual([]);
    expect(findSpendWithoutConversions(items, { spendWithoutHistory: 300 })).toEqual([
      {
        kind: "spend_without_conversions",
        subject: "Awareness",
        spend: 500,
        expectedConversions: null,
        chanceOfNone: null,
      },
    ]);
  });
});

describe("findCostMismatches", () => {
  it("finds platforms whose cost in GA4 differs by more than the allowed share", () => {
    const found = findCostMismatches(
      [
        { platform: "google-ads", ga4Cost: 700, platformCost: 1000 },
        { platform: "meta", ga4Cost: 950, platformCost: 1000 },
        { platform: "tiktok", ga4Cost: 0, platformCost: 3 },
      ],
      0.2,
      10,
    );
    expect(found).toEqual([
      { kind: "cost_mismatch", platform: "google-ads", ga4Cost: 700, platformCost: 1000, share: 0.3 },
    ]);
  });
});
