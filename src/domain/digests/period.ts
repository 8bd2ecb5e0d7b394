import { invalidInput } from "../../shared/errors.ts";
import {
  addDays,
  addMonths,
  type Day,
  daysBetween,
  daysInMonth,
  firstDayOfMonth,
  isValidDay,
  localClock,
  monthOf,
  startOfIsoWeek,
  startOfLocalDay,
  startOfLocalHour,
} from "../../shared/time.ts";
import type { DayRange } from "../metrics/observation.ts";

/** The periods a digest or `/kpi` can cover; a `{ from, to }` range is a custom period. */
export const PERIOD_KINDS = ["yesterday", "last-week", "month-to-date", "today", "7d", "30d"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export type PeriodSpec = PeriodKind | DayRange;

/**
 * A digest's period in the shop's calendar: local days `from`..`to` (both included), the
 * period it is compared with, and for one-day periods the same weekday a week earlier.
 * `throughHour` is set only for `today`: the data runs to that local hour (included), and
 * the comparison day is cut at the same hour so a half day is not compared with a full one.
 */
export type Period = {
  kind: PeriodKind | "custom";
  from: Day;
  to: Day;
  comparison: DayRange;
  sameWeekdayLastWeek?: DayRange;
  throughHour?: number;
  /** Stable identity of the period, e.g. "2026-11-21..2026-11-21"; the delivery key of a digest. */
  key: string;
};

const range = (from: Day, to: Day): DayRange => ({ from, to });

/**
 * The period `kind` denotes at instant `now` in `timeZone`. Days are local to the shop: "yesterday"
 * at 00:30 in Warsaw is the Warsaw day before, whatever the UTC date. Weeks are ISO weeks
 * (Monday first). `month-to-date` runs from the 1st of yesterday's month to yesterday (so on the
 * 1st it reports the whole previous month) and is compared with the same days of the month
 * before, clamped to that month's length (31 March → 1–28 February).
 */
export function periodOf(kind: PeriodSpec, now: Date, timeZone: string): Period {
  const local = localClock(now, timeZone);
  const today = local.day;
  const yesterday = addDays(today, -1);
  if (typeof kind === "object") return customPeriod(kind);
  switch (kind) {
    case "today":
      return {
        ...dayPeriod("today", today),
        throughHour: local.hour,
      };
    case "yesterday":
      return dayPeriod("yesterday", yesterday);
    case "last-week": {
      const monday = addDays(startOfIsoWeek(today), -7);
      return withKey({
        kind,
        from: monday,
        to: addDays(monday, 6),
        comparison: range(addDays(monday, -7), addDays(monday, -1)),
      });
    }
    case "month-to-date": {
      const month = monthOf(yesterday);
      const elapsed = Number(yesterday.slice(8, 10));
      const previous = addMonths(month, -1);
      const previousTo = Math.min(elapsed, daysInMonth(previous));
      return withKey({
        kind,
        from: firstDayOfMonth(month),
        to: yesterday,
        comparison: range(firstDayOfMonth(previous), `${previous}-${String(previousTo).padStart(2, "0")}`),
      });
    }
    case "7d":
    case "30d": {
      const days = kind === "7d" ? 7 : 30;
      return withKey({
        kind,
        from: addDays(today, -days),
        to: yesterday,
        comparison: range(addDays(today, -2 * days), addDays(today, -days - 1)),
      });
    }
  }
}

/**
 * The period of `kind` whose key is `key`, rebuilt later (a retried delivery, a shared `/kpi`
 * reply): it is what `kind` meant just after the period ended (`today`: at `throughHour`), so
 * there is one definition of each period. Throws RangeError on a key that is not such a period.
 */
export function periodOfKey(kind: PeriodKind | "custom", key: string, timeZone: string, throughHour?: number): Period {
  const match = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(key);
  const from = match?.[1];
  const to = match?.[2];
  if (!from || !to || !isValidDay(from) || !isValidDay(to)) throw new RangeError(`not a period key: "${key}"`);
  let period: Period;
  if (kind === "custom") period = periodOf({ from, to }, new Date(0), timeZone);
  else if (kind === "today") {
    const hour = String(throughHour ?? 23).padStart(2, "0");
    period = periodOf("today", startOfLocalHour(`${to}T${hour}`, timeZone), timeZone);
  } else period = periodOf(kind, startOfLocalDay(addDays(to, 1), timeZone), timeZone);
  if (period.key !== key) throw new RangeError(`"${key}" is not a ${kind} period`);
  return period;
}

function dayPeriod(kind: "today" | "yesterday", day: Day): Period {
  return withKey({
    kind,
    from: day,
    to: day,
    comparison: range(addDays(day, -1), addDays(day, -1)),
    sameWeekdayLastWeek: range(addDays(day, -7), addDays(day, -7)),
  });
}

function customPeriod({ from, to }: DayRange): Period {
  if (!isValidDay(from) || !isValidDay(to) || to < from) {
    throw invalidInput(`bad period ${from}..${to}`, { key: "digest.badPeriod", params: { from, to } });
  }
  const days = daysBetween(from, to) + 1;
  return withKey({
    kind: "custom",
    from,
    to,
    comparison: range(addDays(from, -days), addDays(from, -1)),
    ...(days === 1 ? { sameWeekdayLastWeek: range(addDays(from, -7), addDays(from, -7)) } : {}),
  });
}

function withKey(period: Omit<Period, "key">): Period {
  return { ...period, key: `${period.from}..${period.to}` };
}

/** Number of local days in a range, both ends included. */
export function dayCount(r: DayRange): number {
  return daysBetween(r.from, r.to) + 1;
}
