import { describe, expect, it } from "vitest";
import { drillDown } from "../../../src/domain/anomalies/drill-down.ts";

describe("drillDown", () => {
  it("names the channel that explains most of a revenue drop, with what fell inside it", () => {
    const result = drillDown({
      actual: 6550,
      expected: 18_200,
      dimensions: [
        {
          dimension: "channel_group",
          segments: [
            {
              value: "Paid Search",
              actual: 300,
              expected: 9736,
              drivers: [
                { metric: "sessions", actual: 2900, expected: 3100 },
                { metric: "transactions", actual: 3, expected: 28 },
              ],
            },
            { value: "Organic Search", actual: 4000, expected: 5100 },
            { value: "Direct", actual: 2250, expected: 3364 },
          ],
        },
        {
          dimension: "device",
          segments: [
            { value: "mobile", actual: 3900, expected: 10_900 },
            { value: "desktop", actual: 2650, expected: 7300 },
          ],
        },
      ],
    });
    expect(result).toMatchObject({ direction: "down", dimension: "channel_group" });
    expect(result.deviation).toBeCloseTo(-11_650);
    expect(result.items[0]).toMatchObject({ value: "Paid Search", actual: 300, expected: 9736 });
    expect(result.items[0]?.share).toBeCloseTo(0.81, 2);
    expect(result.items[0]?.driver).toMatchObject({ metric: "transactions", actual: 3, expected: 28 });
    expect(result.explained).toBeGreaterThanOrEqual(0.8);
  });

  it("lists several values when no single one explains the deviation, largest share first", () => {
    const result = drillDown({
      actual: 700,
      expected: 1000,
      dimensions: [
        {
          dimension: "campaign",
          segments: [
            { value: "A", actual: 200, expected: 300 },
            { value: "B", actual: 150, expected: 250 },
            { value: "C", actual: 200, expected: 280 },
            { value: "D", actual: 150, expected: 170 },
          ],
        },
      ],
    });
    expect(result.items.map((i) => i.value)).toEqual(["A", "B", "C"]);
    expect(result.items.map((i) => Number(i.share.toFixed(2)))).toEqual([0.33, 0.33, 0.27]);
  });

  it("ignores values that moved against the KPI and returns nothing when nothing deviated", () => {
    const up = drillDown({
      actual: 1200,
      expected: 1000,
      dimensions: [
        {
          dimension: "channel_group",
          segments: [
            { value: "Email", actual: 500, expected: 200 },
            { value: "Paid Social", actual: 200, expected: 300 },
          ],
        },
      ],
    });
    expect(up.items.map((i) => i.value)).toEqual(["Email"]);
    expect(up.items[0]?.share).toBeCloseTo(1.5);
    expect(drillDown({ actual: 5, expected: 5, dimensions: [] })).toMatchObject({ items: [], dimension: undefined });
  });
});
