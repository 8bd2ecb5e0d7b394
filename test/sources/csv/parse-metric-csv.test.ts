import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseMetricCsv } from "../../../src/sources/csv/parse-metric-csv.ts";
import { buildShop } from "../../builders/shop.ts";

const shop = buildShop({ id: "acme" }); // Europe/Warsaw

describe("parseMetricCsv", () => {
  it("reads the long format with totals, dimensions and hours in the shop's time zone", () => {
    const result = parseMetricCsv(
      [
        "date,source,metric,dimension,value",
        "2026-11-20,csv,cost,,125.40",
        "2026-11-20,,cost,platform=awin,125.40",
        '2026-11-20T14,ga4,sessions,"channel_group=Paid Search, Brand",312',
      ].join("\n"),
      shop,
    );
    expect(result.problems).toEqual([]);
    expect(result.format).toBe("long");
    expect(result.observations).toEqual([
      expect.objectContaining({
        source: "csv",
        metric: "cost",
        dimension: "",
        dimensionValue: "",
        granularity: "day",
        value: 125.4,
      }),
      expect.objectContaining({
        source: "csv",
        dimension: "platform",
        dimensionValue: "awin",
        bucketStart: new Date("2026-11-19T23:00:00Z"),
      }),
      expect.objectContaining({
        source: "ga4",
        dimension: "channel_group",
        dimensionValue: "Paid Search, Brand",
        granularity: "hour",
        bucket: "2026-11-20T14",
        bucketStart: new Date("2026-11-20T13:00:00Z"),
      }),
    ]);
  });

  it("reads the wide format with a source column, skipping empty cells", () => {
    const result = parseMetricCsv(
      "\uFEFFDate,sessions,Source,purchaseRevenue\r\n2026-11-20,1200,ga4,2480.50\r\n2026-11-21,,,99\r\n",
      shop,
    );
    expect(result.problems).toEqual([]);
    expect(result.format).toBe("wide");
    expect(result.observations.map((o) => [o.bucket, o.source, o.metric, o.value])).toEqual([
      ["2026-11-20", "ga4", "sessions", 1200],
      ["2026-11-20", "ga4", "purchaseRevenue", 2480.5],
      ["2026-11-21", "csv", "purchaseRevenue", 99],
    ]);
  });

  it("reports every bad row with its line number and returns nothing to store", () => {
    const result = parseMetricCsv(
      [
        "date,source,metric,dimension,value",
        "2026-11-20,csv,cost,,125.40",
        "",
        "2026-13-01,csv,cost,,1",
        "2026-11-21,awin,cost,,1",
        "2026-11-21,csv,cost,platform,1",
        "2026-11-21,csv,cost,,1.234,56",
        "2026-11-21,csv,cost,,€12",
        "2026-11-20,csv,cost,,9",
        "2026-03-29T02,csv,sessions,,1",
      ].join("\n"),
      shop,
    );
    expect(result.observations).toEqual([]);
    expect(result.problems).toEqual([
      { line: 4, reason: 'date "2026-13-01" is neither a day YYYY-MM-DD nor an hour YYYY-MM-DDTHH' },
      { line: 5, reason: 'source "awin" is not one of ga4, google-ads, meta, csv, demo' },
      { line: 6, reason: 'dimension "platform" must be empty or name=value' },
      { line: 7, reason: "expected 5 columns, found 6" },
      { line: 8, reason: 'value "€12" is not a number like 1234.56' },
      { line: 9, reason: "cost for 2026-11-20 from csv is already on line 2" },
      { line: 10, reason: 'hour "2026-03-29T02" does not exist in Europe/Warsaw (clocks move forward)' },
    ]);
  });

  it("rejects a header it cannot read, and broken quoting, naming the line", () => {
    expect(parseMetricCsv("day,sessions\n2026-11-20,1\n", shop).problems[0]).toMatchObject({ line: 1 });
    expect(parseMetricCsv("date,sessions,sessions\n2026-11-20,1,2\n", shop).problems).toEqual([
      { line: 1, reason: 'column "sessions" appears twice' },
    ]);
    expect(parseMetricCsv("", shop).problems).toEqual([{ line: 1, reason: "the file is empty" }]);
    const broken = parseMetricCsv('date,sessions\n2026-11-20,1\n2026-11-21,"2\n', shop);
    expect(broken.problems[0]?.line).toBe(3);
    expect(broken.observations).toEqual([]);
  });

  it("reads back any amount written with a plain decimal point", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }), (cents) => {
        const text = (cents / 100).toFixed(2);
        const result = parseMetricCsv(`date,cost\n2026-11-20,${text}\n`, shop);
        expect(result.problems).toEqual([]);
        expect(Math.round(result.observations[0]!.value * 100)).toBe(cents);
      }),
    );
  });
});
