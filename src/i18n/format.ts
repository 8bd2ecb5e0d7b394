import type { Locale } from "../config/shops-schema.ts";
import type { Day, Month } from "../shared/time.ts";

/** BCP 47 tags for our locales: number and date formats follow the shop's country. */
const TAGS: Record<Locale, string> = { en: "en-GB", pl: "pl-PL", it: "it-IT", es: "es-ES" };

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f as T;
}

/**
 * Money in the shop's currency and locale, e.g. `1 234,56 zł` for pl/PLN, `€1,234.56` for en/EUR.
 * `value` is in currency units (not micros); it is rounded to the currency's minor unit.
 */
export function formatMoney(
  value: number,
  currency: string,
  locale: Locale,
  options: { compact?: boolean } = {},
): string {
  const key = `money:${locale}:${currency}:${options.compact ? "c" : ""}`;
  return cached(
    key,
    () =>
      new Intl.NumberFormat(TAGS[locale], {
        style: "currency",
        currency,
        ...(options.compact ? { maximumFractionDigits: 0 } : {}),
        // es-ES omits the thousands separator for 4-digit numbers by default; we want it everywhere.
        useGrouping: "always",
      }),
  ).format(value);
}

export function formatNumber(value: number, locale: Locale, maximumFractionDigits = 0): string {
  return cached(
    `num:${locale}:${maximumFractionDigits}`,
    () => new Intl.NumberFormat(TAGS[locale], { maximumFractionDigits, useGrouping: "always" }),
  ).format(value);
}

/** A share as a percentage: 0.0312 → "3.12%" (en) / "3,12%" (pl). */
export function formatPercent(share: number, locale: Locale, fractionDigits = 2): string {
  return cached(
    `pct:${locale}:${fractionDigits}`,
    () =>
      new Intl.NumberFormat(TAGS[locale], {
        style: "percent",
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
      }),
  ).format(share);
}

/** A signed relative change: +12.3% / −4.0% (a real minus sign, readable in Slack). */
export function formatChange(ratio: number, locale: Locale): string {
  const text = cached(
    `chg:${locale}`,
    () =>
      new Intl.NumberFormat(TAGS[locale], {
        style: "percent",
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
        signDisplay: "exceptZero",
      }),
  ).format(ratio);
  return text.replace("-", "−");
}

/** A calendar day for people: "Sat 21 Nov 2026" (en), "sob., 21 lis 2026" (pl). */
export function formatDay(day: Day, locale: Locale, style: "short" | "long" = "short"): string {
  const f = cached(
    `day:${locale}:${style}`,
    () =>
      new Intl.DateTimeFormat(TAGS[locale], {
        timeZone: "UTC",
        weekday: "short",
        day: "numeric",
        month: style === "long" ? "long" : "short",
        year: "numeric",
      }),
  );
  return f.format(new Date(`${day}T12:00:00Z`));
}

/**
 * A day as a chart axis label: "Sat 21" (`weekday`, for a week or less) or "21 Nov"
 * (`dayMonth`), in the locale's own order and words.
 */
export function formatChartDay(day: Day, locale: Locale, style: "weekday" | "dayMonth"): string {
  const f = cached(
    `chart:${locale}:${style}`,
    () =>
      new Intl.DateTimeFormat(TAGS[locale], {
        timeZone: "UTC",
        day: "numeric",
        ...(style === "weekday" ? { weekday: "short" } : { month: "short" }),
      }),
  );
  return f.format(new Date(`${day}T12:00:00Z`));
}

/** A month for people: "November 2026" (en), "listopad 2026" (pl). */
export function formatMonth(month: Month, locale: Locale): string {
  const f = cached(
    `month:${locale}`,
    () => new Intl.DateTimeFormat(TAGS[locale], { timeZone: "UTC", month: "long", year: "numeric" }),
  );
  return f.format(new Date(`${month}-15T12:00:00Z`));
}

/** An instant as local time in the shop's zone: "21 Nov, 14:05". */
export function formatInstant(instant: Date, timeZone: string, locale: Locale): string {
  return cached(
    `inst:${locale}:${timeZone}`,
    () =>
      new Intl.DateTimeFormat(TAGS[locale], {
        timeZone,
        day: "numeric",
        month: "short",
        hour: "2-digit",
        minute: "2-digit",
      }),
  ).format(instant);
}
