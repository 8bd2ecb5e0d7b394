import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { medianInterval, scoreTimestampedValues } from "../../../src/domain/anomalies/score-timestamped-values.ts";
import { HOUR, hourlySeries, MONDAY } from "./synthetic-series.ts";

describe("scoreTimestampedValues", () => {
  it("scores every row, duplicates and gaps included, and flags a spike", () => {
    const values = hourlySeries(21, 31);
    const times = values.map((_, i) => MONDAY + i * HOUR);
    values[450] = (values[450] as number) * 4;
    // A duplicated row and a gap of 5 hours.
    const t = [...times.slice(0, 300), times[299] as number, ...times.slice(300, 400), ...times.slice(405)];
    const v = [...values.slice(0, 300), values[299] as number, ...values.slice(300, 400), ...values.slice(405)];
    const scores = scoreTimestampedValues(Float64Array.from(t), Float64Array.from(v));
    expect(scores).toHaveLength(t.length);
    const spikeRow = t.indexOf(MONDAY + 450 * HOUR);
    expect(scores[spikeRow]).toBeGreaterThan(0.9);
    expect(Array.from(scores).filter((s) => s >= 0.5).length).toBeLessThanOrEqual(3);
  });

  it("gives unreadable times and missing values a score of 0", () => {
    const scores = scoreTimestampedValues(
      Float64Array.from([0, Number.NaN, 2 * HOUR, 3 * HOUR]),
      Float64Array.from([1, 5, Number.NaN, 1]),
    );
    expect(scores[1]).toBe(0);
    expect(scores[2]).toBe(0);
  });

  it("is causal, interval inference included: a row's score ignores the rows after it", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ gap: fc.constantFrom(0, 5, 5, 5, 10, 60), value: fc.double({ min: 0, max: 1e4, noNaN: true }) }),
          {
            minLength: 2,
            maxLength: 120,
          },
        ),
        fc.nat(),
        (rows, cut) => {
          let t = MONDAY;
          const times = Float64Array.from(rows, (r) => (t += r.gap * 60_000));
          const values = Float64Array.from(rows, (r) => r.value);
          const k = 1 + (cut % rows.length);
          const full = scoreTimestampedValues(times, values);
          const prefix = scoreTimestampedValues(times.subarray(0, k), values.subarray(0, k));
          expect(Array.from(prefix)).toEqual(Array.from(full.subarray(0, k)));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("medianInterval", () => {
  it("is the median positive gap, ignoring duplicates and unreadable times", () => {
    expect(medianInterval([0, 300, 300, 600, Number.NaN, 900, 2000], 7)).toBe(300);
    expect(medianInterval([5], 1)).toBe(86_400_000);
  });
});
