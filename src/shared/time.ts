import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * Days are calendar dates `YYYY-MM-DD` in a shop's time zone; instants are UTC `Date`s.
 * Calendar arithmetic on days is done in UTC, where every day has 24 hours, so DST never
 * shifts a date; only the conversions between days and instants look at the time zone.
 */
export type Day = string;
/** `YYYY-MM` */
export type Month = string;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isValidDay(text: string): boolean {
  const m = DAY_RE.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

export function isValidMonth(text: string): boolean {
  const m = MONTH_RE.exec(text);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}

function dayToUtcMs(day: Day): number {
  if (!isValidDay(day)) throw new RangeError(`not a day: "${day}"`);
  return Date.parse(`${day}T00:00:00Z`);
}

function utcMsToDay(ms: number): Day {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: Day, n: number): Day {
  return utcMsToDay(dayToUtcMs(day) + n * MS_PER_DAY);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: Day, b: Day): number {
  return Math.round((dayToUtcMs(b) - dayToUtcMs(a)) / MS_PER_DAY);
}

/** Every day from `from` to `to`, both included; empty when `to` is before `from`. */
export function eachDay(from: Day, to: Day): Day[] {
  const out: Day[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: Day): number {
  const wd = new Date(dayToUtcMs(day)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** The Monday of the ISO week holding `day`. */
export function startOfIsoWeek(day: Day): Day {
  return addDays(day, 1 - isoWeekday(day));
}

/** ISO week label, e.g. "2026-W47". */
export function isoWeekKey(day: Day): string {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export function monthOf(day: Day): Month {
  return day.slice(0, 7);
}

export function firstDayOfMonth(month: Month): Day {
  return `${month}-01`;
}

export function daysInMonth(month: Month): number {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function lastDayOfMonth(month: Month): Day {
  return `${month}-${String(daysInMonth(month)).padStart(2, "0")}`;
}

export function addMonths(month: Month, n: number): Month {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** The calendar day an instant falls on in a time zone. */
export function localDay(instant: Date, tz: string): Day {
  return localParts(instant, tz).day;
}

/** The local hour bucket an instant falls in, `YYYY-MM-DDTHH`. */
export function localHour(instant: Date, tz: string): string {
  const { day, hour } = localParts(instant, tz);
  return `${day}T${String(hour).padStart(2, "0")}`;
}

/** Minutes since local midnight and the ISO weekday of an instant in a time zone. */
export function localClock(instant: Date, tz: string): { day: Day; hour: number; minute: number; weekday: number } {
  const { day, hour, minute } = localParts(instant, tz);
  return { day, hour, minute, weekday: isoWeekday(day) };
}

// Building an Intl.DateTimeFormat costs far more than formatting with one (dayjs's tz() builds
// one per call), and a digest fan-out asks thousands of times: one formatter per zone.
const localFormats = new Map<string, Intl.DateTimeFormat>();

function localParts(instant: Date, tz: string): { day: Day; hour: number; minute: number } {
  let format = localFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    localFormats.set(tz, format);
  }
  const part: Record<string, string> = {};
  for (const { type, value } of format.formatToParts(instant)) part[type] = value;
  return { day: `${part.year}-${part.month}-${part.day}`, hour: Number(part.hour), minute: Number(part.minute) };
}

/** The UTC instant a local day starts at (23 or 25 hours before the next on DST days). */
export function startOfLocalDay(day: Day, tz: string): Date {
  if (!isValidDay(day)) throw new RangeError(`not a day: "${day}"`);
  return dayjs.tz(`${day} 00:00`, tz).toDate();
}

/** The UTC instant a local hour bucket (`YYYY-MM-DDTHH`) starts at. */
export function startOfLocalHour(hourBucket: string, tz: string): Date {
  return dayjs.tz(`${hourBucket.slice(0, 10)} ${hourBucket.slice(11, 13)}:00`, tz).toDate();
}

/** Hours in a local day: 24, or 23/25 on DST change days. */
export function hoursInLocalDay(day: Day, tz: string): number {
  return Math.round((startOfLocalDay(addDays(day, 1), tz).getTime() - startOfLocalDay(day, tz).getTime()) / 3_600_000);
}
