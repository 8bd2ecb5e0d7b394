import type { ShopConfig } from "../../config/shops-schema.ts";
import { type Granularity, type Observation, TOTAL } from "../../domain/metrics/observation.ts";
import type { Clock } from "../../shared/clock.ts";
import { addDays, type Day, eachDay, localDay, localHour, startOfLocalDay } from "../../shared/time.ts";
import type { MetricSource } from "../metric-source.ts";
import {
  AD_COUNTS,
  AD_MONEY,
  ANALYTICS_AVERAGES,
  ANALYTICS_COUNTS,
  ANALYTICS_MONEY,
  CAMPAIGNS,
  CHECKOUT_OUTAGE_HOURS,
  dayFigures,
  type Figures,
  hash32,
  hourWeights,
  type Incident,
  type Series,
  shopProfile,
  splitWhole,
} from "./demo-model.ts";

/**
 * Where the demo's incidents fall, counted back from "today" in the shop's time zone (the
 * clock's), so every demo run shows them in its recent days whatever the date:
 * - yesterday, the last complete day: the checkout takes no orders from 13:00 to 16:59
 *   (visits and carts as usual, transactions, revenue and platform conversions zero);
 * - 3 days ago: a spend runaway, the Meta campaign "Advantage+ Shopping" loses its budget
 *   cap and spends five times its usual amount for fewer clicks;
 * - 6 days ago: a tracking outage, analytics sees 3 % of its usual traffic while the ad
 *   platforms report as usual.
 * Black Friday week (the last Friday of November through Cyber Monday) and the December
 * season are on their calendar dates. With a fixed clock every day's figures are fixed,
 * whatever range is pulled; as real days pass an incident moves with "today".
 */
export const DEMO_INCIDENTS: ReadonlyArray<{ daysAgo: number; incident: Incident }> = [
  { daysAgo: 1, incident: "checkout_outage" },
  { daysAgo: 3, incident: "spend_runaway" },
  { daysAgo: 6, incident: "tracking_outage" },
];

const HOUR_MS = 3_600_000;
const ANALYTICS_METRICS = [...ANALYTICS_COUNTS, ...ANALYTICS_MONEY, ...ANALYTICS_AVERAGES];
const AD_METRICS = [...AD_COUNTS, ...AD_MONEY];
const MONEY = new Set<string>([...ANALYTICS_MONEY, ...AD_MONEY]);
const AVERAGES = new Set<string>(ANALYTICS_AVERAGES);
/** What a broken checkout zeroes. */
const ORDER_METRICS = ["transactions", "checkouts", "purchaseRevenue", "conversions", "conversionsValue"];

const cents = (value: number) => Math.round(value * 100) / 100;

/**
 * A synthetic shop needing no credentials: channel groups, two ad platforms with a few
 * campaigns each, weekly and daily seasonality, growth, promotions and incidents (see
 * DEMO_INCIDENTS). Days and hours are local to the shop (DST-correct); the current day and
 * hour are partial, nothing later exists. Emits analytics metrics at dimensions "" and
 * "channel_group", and ad metrics at "", "platform" and "campaign", all as source "demo".
 */
export function createDemoSource(clock: Clock): MetricSource {
  return {
    id: "demo",
    isConfigured: (shop) => shop.sources.demo !== undefined,
    async pull({ shop, range, granularity }) {
      const now = clock.now();
      const today = localDay(now, shop.timezone);
      const profile = shopProfile(shop.sources.demo?.seed ?? hash32(shop.id), shop.currency);
      const incidents = new Map(DEMO_INCIDENTS.map((i) => [addDays(today, -i.daysAgo), i.incident]));
      const out: Observation[] = [];
      // Nothing exists after today.
      for (const day of eachDay(range.from, range.to).filter((d) => d <= today)) {
        const emitter = createEmitter(shop, granularity, out);
        const incident = incidents.get(day) ?? "none";
        const figures = dayFigures(profile, day, incident);
        const wholeDay = granularity === "day" && day !== today && incident !== "checkout_outage";
        if (wholeDay) {
          emitter.bucket(day, startOfLocalDay(day, shop.timezone), figures.channels, figures.campaigns);
          continue;
        }
        const hours = splitIntoHours(shop, day, incident, figures, now);
        if (granularity === "hour") {
          for (const h of hours) emitter.bucket(h.bucket, h.start, h.channels, h.campaigns);
        } else if (hours.length > 0) {
          emitter.bucket(
            day,
            startOfLocalDay(day, shop.timezone),
            sumSeries(hours.map((h) => h.channels)),
            sumSeries(hours.map((h) => h.campaigns)),
          );
        }
      }
      return { observations: out, warnings: [] };
    },
  };
}

type Hour = { bucket: string; start: Date; channels: Series[]; campaigns: Series[] };

/**
 * The day's figures spread over its local hours, whole counts and cents adding up exactly
 * to the day's. Only hours that have ended by `now` are returned. On the autumn DST day the
 * repeated local hour is one bucket holding both real hours: its label cannot tell them apart.
 */
function splitIntoHours(
  shop: ShopConfig,
  day: Day,
  incident: Incident,
  figures: { channels: Series[]; campaigns: Series[] },
  now: Date,
): Hour[] {
  const start = startOfLocalDay(day, shop.timezone).getTime();
  const end = startOfLocalDay(addDays(day, 1), shop.timezone).getTime();
  const slots: Array<{ bucket: string; start: Date; hour: number }> = [];
  for (let t = start; t < end; t += HOUR_MS) {
    const bucket = localHour(new Date(t), shop.timezone);
    slots.push({ bucket, start: new Date(t), hour: Number(bucket.slice(11, 13)) });
  }
  const weights = hourWeights(slots.map((s) => s.hour));
  const split = (series: Series[]) => {
    const perHour: Series[][] = slots.map(() => []);
    for (const s of series) {
      const parts: Figures[] = slots.map(() => ({}));
      for (const [metric, value] of Object.entries(s.figures)) {
        if (AVERAGES.has(metric)) for (const p of parts) p[metric] = value;
        else if (MONEY.has(metric))
          splitWhole(Math.round(value * 100), weights).forEach((c, i) => {
            parts[i]![metric] = c / 100;
          });
        else
          splitWhole(value, weights).forEach((n, i) => {
            parts[i]![metric] = n;
          });
      }
      parts.forEach((figures, i) => {
        const outage =
          incident === "checkout_outage" &&
          slots[i]!.hour >= CHECKOUT_OUTAGE_HOURS.from &&
          slots[i]!.hour <= CHECKOUT_OUTAGE_HOURS.to;
        if (outage) for (const m of ORDER_METRICS) if (m in figures) figures[m] = 0;
        perHour[i]!.push({ key: s.key, figures });
      });
    }
    return perHour;
  };
  const channels = split(figures.channels);
  const campaigns = split(figures.campaigns);

  // Merge slots sharing a label (the repeated autumn hour) and drop hours not over yet.
  const hours: Hour[] = [];
  slots.forEach((slot, i) => {
    if (slot.start.getTime() + HOUR_MS > now.getTime()) return;
    const previous = hours.at(-1);
    if (previous?.bucket === slot.bucket) {
      previous.channels = sumSeries([previous.channels, channels[i]!]);
      previous.campaigns = sumSeries([previous.campaigns, campaigns[i]!]);
    } else hours.push({ bucket: slot.bucket, start: slot.start, channels: channels[i]!, campaigns: campaigns[i]! });
  });
  return hours;
}

/** Adds up series with the same keys (hours of a day); averages weighted by sessions. */
function sumSeries(groups: Series[][]): Series[] {
  const first = groups[0] ?? [];
  return first.map((s, k) =>
    combine(
      s.key,
      groups.map((g) => g[k]!.figures),
    ),
  );
}

function combine(key: string, parts: Figures[]): Series {
  const figures: Figures = {};
  for (const part of parts)
    for (const [metric, value] of Object.entries(part))
      if (!AVERAGES.has(metric)) figures[metric] = (figures[metric] ?? 0) + value;
  for (const metric of Object.keys(figures)) if (MONEY.has(metric)) figures[metric] = cents(figures[metric]!);
  for (const metric of AVERAGES) {
    if (!(metric in (parts[0] ?? {}))) continue;
    const sessions = parts.reduce((sum, p) => sum + (p.sessions ?? 0), 0);
    const weighted = parts.reduce((sum, p) => sum + (p[metric] ?? 0) * (p.sessions ?? 0), 0);
    figures[metric] = sessions > 0 ? Math.round((weighted / sessions) * 10) / 10 : 0;
  }
  return { key, figures };
}

function createEmitter(shop: ShopConfig, granularity: Granularity, out: Observation[]) {
  const emit = (bucket: string, start: Date, dimension: string, value: string, metrics: string[], f: Figures) => {
    for (const metric of metrics)
      out.push({
        shopId: shop.id,
        source: "demo",
        metric,
        dimension,
        dimensionValue: value,
        granularity,
        bucket,
        bucketStart: start,
        value: f[metric] ?? 0,
      });
  };
  return {
    bucket(bucket: string, start: Date, channels: Series[], campaigns: Series[]) {
      for (const c of channels) emit(bucket, start, "channel_group", c.key, ANALYTICS_METRICS, c.figures);
      emit(
        bucket,
        start,
        TOTAL,
        TOTAL,
        ANALYTICS_METRICS,
        combine(
          TOTAL,
          channels.map((c) => c.figures),
        ).figures,
      );
      for (const c of campaigns) emit(bucket, start, "campaign", c.key, AD_METRICS, c.figures);
      for (const platform of ["google-ads", "meta"] as const) {
        const own = campaigns.filter((_, i) => CAMPAIGNS[i]!.platform === platform).map((c) => c.figures);
        emit(bucket, start, "platform", platform, AD_METRICS, combine(platform, own).figures);
      }
      emit(
        bucket,
        start,
        TOTAL,
        TOTAL,
        AD_METRICS,
        combine(
          TOTAL,
          campaigns.map((c) => c.figures),
        ).figures,
      );
    },
  };
}
