import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayCount, PERIOD_KINDS, periodOf, periodOfKey } from "../../../src/domain/digests/period.ts";
import { isShopOpsError } from "../../../src/shared/errors.ts";
import { addDays, isoWeekday, localDay } from "../../../src/shared/time.ts";

const WARSAW = "Europe/Warsaw";

describe("periodOf", () => {
  it("takes yesterday in the shop's time zone, not UTC's", () => {
    // 23:30 UTC on the 21st is already 00:30 on the 22nd in Warsaw.
    const p = periodOf("yesterday", new Date("2026-11-21T23:30:00Z"), WARSAW);
    expect(p).toMatchObject({
      from: "2026-11-21",
      to: "2026-11-21",
      comparison: { from: "2026-11-20", to: "2026-11-20" },
    });
    expect(p.sameWeekdayLastWeek).toEqual({ from: "2026-11-14", to: "2026-11-14" });
    expect(periodOf("yesterday", new Date("2026-11-21T23:30:00Z"), "America/New_York").to).toBe("2026-11-20");
  });

  it("compares a first of the month with the last day of the month before", () => {
    const p = periodOf("yesterday", new Date("2026-11-02T06:00:00Z"), WARSAW);
    expect(p).toMatchObject({ from: "2026-11-01", comparison: { from: "2026-10-31", to: "2026-10-31" } });
    expect(p.sameWeekdayLastWeek).toEqual({ from: "2026-10-25", to: "2026-10-25" });
  });

  it("finds yesterday right after the autumn DST change (a 25-hour day) and the spring one (23 hours)", () => {
    // 2026-10-25 has 25 hours in Warsaw; 00:30 local on the 26th is 23:30 UTC on the 25th.
    expect(periodOf("yesterday", new Date("2026-10-25T23:30:00Z"), WARSAW).to).toBe("2026-10-25");
    // 2026-03-29 has 23 hours; 00:30 local on the 30th is 22:30 UTC on the 29th.
    expect(periodOf("yesterday", new Date("2026-03-29T22:30:00Z"), WARSAW).to).toBe("2026-03-29");
    expect(periodOf("yesterday", new Date("2026-03-29T21:30:00Z"), WARSAW).to).toBe("2026-03-28");
  });

  it("takes last week as the previous ISO week, Monday to Sunday, compared with the week before", () => {
    // Monday 2026-11-23 00:05 in Warsaw (Sunday 23:05 UTC)
    const p = periodOf("last-week", new Date("2026-11-22T23:05:00Z"), WARSAW);
    expect(p).toMatchObject({
      from: "2026-11-16",
      to: "2026-11-22",
      comparison: { from: "2026-11-09", to: "2026-11-15" },
    });
    expect(p.sameWeekdayLastWeek).toBeUndefined();
    // On Sunday the current week is not over: last week is still the one before.
    expect(periodOf("last-week", new Date("2026-11-22T12:00:00Z"), WARSAW).from).toBe("2026-11-09");
  });

  it("takes the week across the spring DST change as seven local days", () => {
    const p = periodOf("last-week", new Date("2026-03-29T22:30:00Z"), WARSAW);
    expect(p).toMatchObject({ from: "2026-03-23", to: "2026-03-29" });
  });

  it("compares month to date with the same days of the previous month, clamped to its length", () => {
    const march31 = periodOf("month-to-date", new Date("2026-04-01T06:00:00Z"), WARSAW);
    expect(march31).toMatchObject({
      from: "2026-03-01",
      to: "2026-03-31",
      comparison: { from: "2026-02-01", to: "2026-02-28" },
    });
    const leap = periodOf("month-to-date", new Date("2028-03-31T06:00:00Z"), WARSAW);
    expect(leap).toMatchObject({
      from: "2028-03-01",
      to: "2028-03-30",
      comparison: { from: "2028-02-01", to: "2028-02-29" },
    });
    const mid = periodOf("month-to-date", new Date("2026-11-22T06:00:00Z"), WARSAW);
    expect(mid).toMatchObject({
      from: "2026-11-01",
      to: "2026-11-21",
      comparison: { from: "2026-10-01", to: "2026-10-21" },
    });
  });

  it("reports the whole previous month on the 1st, across a year boundary", () => {
    const p = periodOf("month-to-date", new Date("2027-01-01T08:00:00Z"), WARSAW);
    expect(p).toMatchObject({
      from: "2026-12-01",
      to: "2026-12-31",
      comparison: { from: "2026-11-01", to: "2026-11-30" },
    });
  });

  it("takes today up to the current local hour, compared with yesterday up to the same hour", () => {
    const p = periodOf("today", new Date("2026-11-22T13:20:00Z"), WARSAW);
    expect(p).toMatchObject({ from: "2026-11-22", to: "2026-11-22", throughHour: 14 });
    expect(p.comparison).toEqual({ from: "2026-11-21", to: "2026-11-21" });
  });

  it("takes 7d and 30d as complete days ending yesterday, against the same number of days before", () => {
    const now = new Date("2026-11-22T10:00:00Z");
    expect(periodOf("7d", now, WARSAW)).toMatchObject({
      from: "2026-11-15",
      to: "2026-11-21",
      comparison: { from: "2026-11-08", to: "2026-11-14" },
    });
    expect(periodOf("30d", now, WARSAW)).toMatchObject({
      from: "2026-10-23",
      to: "2026-11-21",
      comparison: { from: "2026-09-23", to: "2026-10-22" },
    });
  });

  it("compares a custom range with as many days right before it", () => {
    const p = periodOf({ from: "2026-11-10", to: "2026-11-12" }, new Date(), WARSAW);
    expect(p).toMatchObject({ kind: "custom", comparison: { from: "2026-11-07", to: "2026-11-09" } });
    expect(periodOf({ from: "2026-11-10", to: "2026-11-10" }, new Date(), WARSAW).sameWeekdayLastWeek).toEqual({
      from: "2026-11-03",
      to: "2026-11-03",
    });
  });

  it("rejects a custom range that ends before it starts, or is not made of days", () => {
    for (const range of [
      { from: "2026-11-12", to: "2026-11-10" },
      { from: "2026-02-30", to: "2026-03-01" },
      { from: "yesterday", to: "2026-03-01" },
    ]) {
      let error: unknown;
      try {
        periodOf(range, new Date(), WARSAW);
      } catch (e) {
        error = e;
      }
      expect(isShopOpsError(error, "invalid_input")).toBe(true);
    }
  });
});

describe("period properties", () => {
  const instants = fc.date({
    min: new Date("2020-01-01T00:00:00Z"),
    max: new Date("2035-12-31T00:00:00Z"),
    noInvalidDate: true,
  });
  const zones = fc.constantFrom(WARSAW, "America/New_York", "Asia/Kolkata", "Pacific/Auckland", "UTC");

  it("never overlaps its comparison and never ends after yesterday (except today)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PERIOD_KINDS), instants, zones, (kind, now, tz) => {
        const p = periodOf(kind, now, tz);
        const today = localDay(now, tz);
        expect(p.comparison.to < p.from).toBe(true);
        expect(p.from <= p.to).toBe(true);
        expect(p.to <= (kind === "today" ? today : addDays(today, -1))).toBe(true);
        if (kind === "last-week") {
          expect(isoWeekday(p.from)).toBe(1);
          expect(dayCount(p)).toBe(7);
        }
        if (kind !== "month-to-date") expect(dayCount(p.comparison)).toBe(dayCount(p));
      }),
    );
  });

  it("is rebuilt identically from its key, as a retried delivery or a shared reply does", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PERIOD_KINDS), instants, zones, (kind, now, tz) => {
        const p = periodOf(kind, now, tz);
        expect(periodOfKey(p.kind, p.key, tz, p.throughHour)).toEqual(p);
      }),
    );
  });

  it("refuses a key that is not a period of that kind", () => {
    expect(() => periodOfKey("last-week", "2026-11-17..2026-11-23", WARSAW)).toThrow(RangeError);
    expect(() => periodOfKey("yesterday", "nonsense", WARSAW)).toThrow(RangeError);
  });
});
