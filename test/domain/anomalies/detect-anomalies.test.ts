import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { groupAnomalyEvents } from "../../../src/domain/anomalies/anomaly-events.ts";
import { detectAnomalies, type SeriesInput, wallClockMs } from "../../../src/domain/anomalies/detect-anomalies.ts";
import { type Detection, pointAt, toPoints } from "../../../src/domain/anomalies/detection.ts";
import { DAY, dailySeries, HOUR, hourlySeries, hourProfile, MONDAY, seeded, WEEKLY } from "./synthetic-series.ts";

const daily = (values: ArrayLike<number | null>, extra: Partial<SeriesInput> = {}) =>
  detectAnomalies({ start: MONDAY, intervalMs: DAY, values, ...extra });
const hourly = (values: ArrayLike<number | null>, extra: Partial<SeriesInput> = {}) =>
  detectAnomalies({ start: MONDAY, intervalMs: HOUR, values, ...extra });

function alerts(d: Detection, from = 0): number[] {
  const found: number[] = [];
  for (let i = from; i < d.length; i++) if ((d.score[i] as number) >= 0.5) found.push(i);
  return found;
}

const width = (d: Detection, i: number) => (d.high[i] as number) - (d.low[i] as number);

describe("detectAnomalies: seasonality and trend", () => {
  it("learns the weekly pattern of a daily series: quiet weekends are expected, not alerted", () => {
    const values = dailySeries(120);
    const d = daily(values);
    expect(alerts(d, 21)).toEqual([]);
    // Saturday (index 5 mod 7) is expected ~30 % below Monday.
    const saturday = pointAt(d, 117);
    const monday = pointAt(d, 112);
    expect(saturday.expected / monday.expected).toBeCloseTo((WEEKLY[5] as number) / (WEEKLY[0] as number), 1);
  });

  it("learns the daily profile of an hourly series: nights are expected low, evenings high", () => {
    const values = hourlySeries(28);
    const d = hourly(values);
    const lastWeek = 21 * 24;
    expect(alerts(d, lastWeek).length).toBeLessThanOrEqual(1);
    const night = pointAt(d, lastWeek + 24 + 4); // Tuesday 04:00
    const evening = pointAt(d, lastWeek + 24 + 20);
    expect(night.expected).toBeCloseTo(200 * hourProfile(4) * (WEEKLY[1] as number), -1);
    expect(evening.expected / night.expected).toBeGreaterThan(5);
  });

  it("follows a growing shop's trend without alerting on growth", () => {
    const values = dailySeries(365, 3, { growth: 0.004 }); // +330 % in a year
    const d = daily(values);
    expect(alerts(d, 28)).toEqual([]);
    const last = pointAt(d, 364);
    expect(Math.abs(last.expected / (values[364] as number) - 1)).toBeLessThan(0.1);
  });
});

describe("detectAnomalies: what it flags", () => {
  it("flags a drop to zero on its first point as critical and downward", () => {
    const values = dailySeries(90);
    values[80] = 0;
    const p = pointAt(daily(values), 80);
    expect(p).toMatchObject({ direction: "down", severity: "critical", missing: false });
    expect(p.score).toBeGreaterThan(0.9);
    expect(p.low).toBeGreaterThan(0);
  });

  it("flags a spike upward and a level shift from its start", () => {
    const values = hourlySeries(21);
    values[17 * 24 + 15] = (values[17 * 24 + 15] as number) * 3;
    for (let i = 19 * 24 + 10; i < 19 * 24 + 16; i++) values[i] = Math.round((values[i] as number) * 0.4);
    const d = hourly(values);
    expect(pointAt(d, 17 * 24 + 15)).toMatchObject({ direction: "up" });
    expect(d.score[17 * 24 + 15]).toBeGreaterThan(0.9);
    const events = groupAnomalyEvents(d).filter((e) => e.start >= 14 * 24);
    expect(events.map((e) => e.direction)).toEqual(["up", "down"]);
    expect(events[0]?.start).toBe(17 * 24 + 15);
    // The shift starts on a steep morning ramp (10:00): caught within its first two hours.
    expect(events[1]?.start).toBeGreaterThanOrEqual(19 * 24 + 10);
    expect(events[1]?.start).toBeLessThanOrEqual(19 * 24 + 11);
  });
});

describe("detectAnomalies: lasting shifts", () => {
  it("alerts on a lasting drop for a week, then takes it as the new level, and sees the return as recovery", () => {
    const values = dailySeries(160, 41);
    for (let i = 80; i < 120; i++) values[i] = Math.round((values[i] as number) * 0.6);
    const d = daily(values);
    expect(alerts(d, 60)).toEqual([80, 81, 82, 83, 84, 85, 86]);
    expect(Math.abs((d.expected[100] as number) / (values[100] as number) - 1)).toBeLessThan(0.15);
    // Back to the old level: expected snaps back instead of alerting on a "rise".
    expect(d.score[120]).toBeLessThan(0.5);
    expect(Math.abs((d.expected[125] as number) / (values[125] as number) - 1)).toBeLessThan(0.15);
  });
});

describe("detectAnomalies: robustness", () => {
  it("is not thrown off by past outliers: they neither drag the expectation nor widen the range", () => {
    const clean = dailySeries(150, 5);
    const dirty = [...clean];
    for (const i of [40, 55, 56, 90, 91, 92, 120]) dirty[i] = (clean[i] as number) * (i % 2 ? 6 : 0.05);
    const a = daily(clean);
    const b = daily(dirty);
    for (const i of [40, 55, 90, 120]) expect(b.score[i]).toBeGreaterThan(0.9);
    for (let i = 128; i < 150; i++) {
      expect(Math.abs((b.expected[i] as number) / (a.expected[i] as number) - 1)).toBeLessThan(0.03);
      expect(width(b, i) / width(a, i)).toBeLessThan(1.05);
    }
  });
});

describe("detectAnomalies: rates judged with their counts", () => {
  // Conversion rate ~2 % with traffic following the daily profile: ~3 sessions at 4 a.m.
  const days = 28;
  const rnd = seeded(11);
  const sessions = Array.from({ length: days * 24 }, (_, i) => rnd.poisson(3 + 400 * hourProfile(i % 24)));
  const orders = sessions.map((s) => {
    let k = 0;
    for (let j = 0; j < s; j++) if (rnd.next() < 0.02) k++;
    return k;
  });
  const at4am = 27 * 24 + 4;

  it("does not alert on 1 order out of 3 sessions at 4 a.m.", () => {
    const num = [...orders];
    const den = [...sessions];
    num[at4am] = 1;
    den[at4am] = 3;
    const p = pointAt(hourly(num, { denominators: den }), at4am);
    expect(p.score).toBeLessThan(0.5);
    expect(p.severity).toBe("none");
  });

  it("alerts on the same rate over 3,000 sessions, and reports expected and range as rates", () => {
    const num = [...orders];
    const den = [...sessions];
    num[at4am] = 1000;
    den[at4am] = 3000;
    const p = pointAt(hourly(num, { denominators: den }), at4am);
    expect(p).toMatchObject({ direction: "up", severity: "critical" });
    expect(p.expected).toBeGreaterThan(0.01);
    expect(p.expected).toBeLessThan(0.04);
    expect(p.high).toBeLessThan(0.2);
  });

  it("alerts when conversions stop for hours although no single hour is remarkable", () => {
    const num = [...orders];
    for (let i = 26 * 24 + 9; i < 26 * 24 + 17; i++) num[i] = 0;
    const d = hourly(num, { denominators: sessions });
    expect(alerts(d, 26 * 24 + 9).filter((i) => i < 26 * 24 + 17).length).toBeGreaterThan(0);
    expect(alerts(d, 20 * 24).filter((i) => i < 26 * 24 + 9)).toEqual([]);
  });
});

describe("detectAnomalies: missing data is not zero", () => {
  it("marks missing buckets as missing with score 0, and scores a true zero", () => {
    const values: Array<number | null> = dailySeries(60);
    values[50] = null;
    values[51] = Number.NaN;
    values[52] = 0;
    const d = daily(values);
    expect(pointAt(d, 50)).toMatchObject({ missing: true, score: 0, direction: "none", severity: "none" });
    expect(pointAt(d, 51)).toMatchObject({ missing: true, score: 0 });
    expect(Number.isFinite(d.expected[50])).toBe(true);
    expect(pointAt(d, 52)).toMatchObject({ missing: false, direction: "down", severity: "critical" });
  });

  it("carries on after a gap as if the gap had not taught it anything", () => {
    const values: Array<number | null> = dailySeries(80, 7);
    const gapped = [...values];
    for (let i = 60; i < 64; i++) gapped[i] = null;
    const a = daily(values);
    const b = daily(gapped);
    expect(alerts(b, 28)).toEqual([]);
    expect(Math.abs((b.expected[70] as number) / (a.expected[70] as number) - 1)).toBeLessThan(0.03);
  });
});

describe("detectAnomalies: promo calendar", () => {
  const values = dailySeries(100, 9);
  const promo = { from: MONDAY + 70 * DAY, to: MONDAY + 77 * DAY };
  const withUplift = values.map((v, i) => (i >= 70 && i < 77 ? v * 1.8 : v));

  it("does not alert on the expected uplift and widens the range upward", () => {
    const d = daily(withUplift, { promos: [promo] });
    for (let i = 70; i < 77; i++) {
      expect(pointAt(d, i)).toMatchObject({ score: 0, severity: "none" });
      expect(d.high[i]).toBeGreaterThan(withUplift[i] as number);
    }
    // Without the calendar the same uplift is an anomaly.
    expect(alerts(daily(withUplift)).filter((i) => i >= 70 && i < 77).length).toBeGreaterThan(0);
  });

  it("still alerts on a drop during the promo", () => {
    const dropped = [...withUplift];
    dropped[74] = (values[74] as number) * 0.2;
    const p = pointAt(daily(dropped, { promos: [promo] }), 74);
    expect(p).toMatchObject({ direction: "down" });
    expect(p.score).toBeGreaterThan(0.9);
  });

  it("does not raise the baseline after the promo", () => {
    const a = daily(values);
    const b = daily(withUplift, { promos: [promo] });
    expect(alerts(b, 77)).toEqual([]);
    // Same baseline as a shop that had no promo (up to what a week of noise teaches), not +80 %.
    let ratio = 0;
    for (let i = 80; i < 100; i++) ratio += (b.expected[i] as number) / (a.expected[i] as number) / 20;
    expect(Math.abs(ratio - 1)).toBeLessThan(0.03);
  });
});

describe("detectAnomalies: short history", () => {
  it("works from the first week with wider ranges and a confidence that grows with history", () => {
    const values = dailySeries(60, 13);
    const d = daily(values);
    const p = toPoints(d);
    expect(p[0]).toMatchObject({ score: 0, confidence: 0 });
    expect(p[4]?.confidence).toBeGreaterThan(0);
    expect(p[4]?.confidence).toBeLessThan(0.8);
    expect(p[59]?.confidence).toBe(1);
    for (let i = 1; i < 60; i++) expect(p[i]?.confidence).toBeGreaterThanOrEqual(p[i - 1]?.confidence ?? 0);
    // Relative range width on day 5 vs day 54 (both Saturdays).
    expect(width(d, 5) / (d.expected[5] as number)).toBeGreaterThan(1.5 * (width(d, 54) / (d.expected[54] as number)));
  });

  it("flags a collapse in the first week, one severity milder while it knows little", () => {
    const values = dailySeries(7, 17);
    values[5] = 0;
    const p = pointAt(daily(values), 5);
    expect(p.score).toBeGreaterThan(0.5);
    expect(p.confidence).toBeLessThan(0.5);
    // With full confidence this would be warning (or critical from 0.8); this early it is one step milder.
    expect(p.severity).toBe(p.score >= 0.8 ? "warning" : "info");
  });
});

describe("detectAnomalies: sensitivity", () => {
  it("moves the alert line and the range, not the score", () => {
    const values = dailySeries(60, 19);
    values[50] = Math.round((values[50] as number) * 1.37);
    const normal = daily(values);
    const high = daily(values, {}).score;
    const sensitive = detectAnomalies({ start: MONDAY, intervalMs: DAY, values }, { sensitivity: "high" });
    const relaxed = detectAnomalies({ start: MONDAY, intervalMs: DAY, values }, { sensitivity: "low" });
    expect(Array.from(sensitive.score)).toEqual(Array.from(high));
    expect(width(sensitive, 55)).toBeLessThan(width(normal, 55));
    expect(width(relaxed, 55)).toBeGreaterThan(width(normal, 55));
    const s = normal.score[50] as number;
    expect(s).toBeGreaterThan(0.35);
    expect(s).toBeLessThan(0.65);
    expect(pointAt(sensitive, 50).severity).not.toBe("none");
    expect(pointAt(relaxed, 50).severity).toBe("none");
  });
});

const seriesArbitrary = fc.record({
  values: fc.array(
    fc.oneof(
      { weight: 8, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constant(0) },
    ),
    { minLength: 1, maxLength: 300 },
  ),
  interval: fc.constantFrom(5 * 60_000, HOUR, DAY),
});

describe("detectAnomalies: properties", () => {
  it("scores every point of any series in [0, 1] with confidence in [0, 1]", () => {
    fc.assert(
      fc.property(seriesArbitrary, ({ values, interval }) => {
        const d = detectAnomalies({ start: MONDAY, intervalMs: interval, values });
        for (let i = 0; i < d.length; i++) {
          const s = d.score[i] as number;
          const c = d.confidence[i] as number;
          if (!(s >= 0 && s <= 1) || !(c >= 0 && c <= 1)) return false;
          if (values[i] === null && (s !== 0 || d.missing[i] !== 1)) return false;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it("is causal: a point's verdict is the same whether or not later points exist", () => {
    fc.assert(
      fc.property(seriesArbitrary, fc.nat(), ({ values, interval }, cut) => {
        const k = 1 + (cut % values.length);
        const full = detectAnomalies({ start: MONDAY, intervalMs: interval, values });
        const prefix = detectAnomalies({ start: MONDAY, intervalMs: interval, values: values.slice(0, k) });
        for (const column of ["score", "expected", "low", "high", "confidence", "direction", "severity"] as const) {
          expect(Array.from(prefix[column])).toEqual(Array.from(full[column].subarray(0, k)));
        }
      }),
      { numRuns: 100 },
    );
  });

  it("is causal on a realistic hourly series too", () => {
    const values = hourlySeries(35, 23);
    values[30 * 24 + 12] = 0;
    const full = hourly(values);
    for (const k of [24, 200, 30 * 24 + 13, 34 * 24]) {
      expect(Array.from(hourly(values.slice(0, k)).score)).toEqual(Array.from(full.score.subarray(0, k)));
    }
  });
});

describe("wallClockMs", () => {
  it("reads day and hour buckets as wall-clock milliseconds", () => {
    expect(wallClockMs("2024-01-01")).toBe(MONDAY);
    expect(wallClockMs("2024-01-01T14")).toBe(MONDAY + 14 * HOUR);
    expect(() => wallClockMs("yesterday")).toThrow(RangeError);
  });
});
