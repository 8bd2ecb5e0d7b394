import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localClock, localDay, localHour, startOfLocalDay } from "../../src/shared/time.ts";

const ZONES = ["Europe/Warsaw", "Europe/Rome", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "UTC"];

describe("local time in a shop's zone", () => {
  it("reads day, hour, minute and weekday of an instant", () => {
    // 2026-03-29 01:30 UTC is 03:30 in Warsaw, the first hour after the spring DST change.
    const instant = new Date("2026-03-29T01:30:00Z");
    expect(localClock(instant, "Europe/Warsaw")).toEqual({ day: "2026-03-29", hour: 3, minute: 30, weekday: 7 });
    expect(localHour(instant, "Europe/Warsaw")).toBe("2026-03-29T03");
    expect(localDay(new Date("2026-11-22T23:30:00Z"), "Europe/Warsaw")).toBe("2026-11-23");
    expect(localHour(new Date("2026-11-22T23:30:00Z"), "UTC")).toBe("2026-11-22T23");
  });

  it("puts every instant after the start of its local day and before the next one", () => {
    const instants = fc.date({
      min: new Date("2000-01-01T00:00:00Z"),
      max: new Date("2040-01-01T00:00:00Z"),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instants, fc.constantFrom(...ZONES), (instant, zone) => {
        const { day, hour, minute } = localClock(instant, zone);
        const start = startOfLocalDay(day, zone).getTime();
        expect(start).toBeLessThanOrEqual(instant.getTime());
        expect(instant.getTime() - start).toBeLessThan(25 * 3_600_000);
        expect(hour).toBeGreaterThanOrEqual(0);
        expect(hour).toBeLessThan(24);
        expect(minute).toBeLessThan(60);
      }),
    );
  });
});
