import type { Observation, SourceId } from "../../src/domain/metrics/observation.ts";
import { addDays, startOfLocalHour } from "../../src/shared/time.ts";

export const CHANNELS = { "Organic Search": 0.45, "Paid Search": 0.35, Direct: 0.2 } as const;
type Channel = keyof typeof CHANNELS;

/** Shapes one hour: multiply a channel's sessions or conversion by a factor (a broken checkout, a dead tag). */
export type HourShape = (hour: string, channel: Channel) => { sessions?: number; conversion?: number };

export type TrafficHistoryOptions = {
  shopId?: string;
  timezone?: string;
  source?: SourceId;
  /** First local day and last local hour bucket ("2026-11-20T13"), both included. */
  fromDay: string;
  toHour: string;
  shape?: HourShape;
  seed?: number;
  /** Sessions in a busy weekday hour, all channels together (default 600). */
  sessionsPerHour?: number;
};

/**
 * Realistic hourly shop traffic (quiet nights, busy evenings, busier weekends) with Poisson
 * noise, by channel group and in total, hourly and daily: sessions, transactions (about 3 %
 * of sessions) and purchaseRevenue (about 50 per order). Deterministic for a seed. Daily
 * rows are written for complete days only.
 */
export function buildTrafficHistory(options: TrafficHistoryOptions): Observation[] {
  const shopId = options.shopId ?? "acme";
  const tz = options.timezone ?? "Europe/Warsaw";
  const source = options.source ?? "ga4";
  const random = lcg(options.seed ?? 7);
  const out: Observation[] = [];
  const days = new Map<string, Map<string, Record<string, number>>>();
  const emit = (
    granularity: "hour" | "day",
    bucket: string,
    start: Date,
    channel: string,
    figures: Record<string, number>,
  ) => {
    for (const [metric, value] of Object.entries(figures))
      out.push({
        shopId,
        source,
        metric,
        dimension: channel === "" ? "" : "channel_group",
        dimensionValue: channel,
        granularity,
        bucket,
        bucketStart: start,
        value,
      });
  };
  for (let day = options.fromDay; day <= options.toHour.slice(0, 10); day = addDays(day, 1)) {
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    const weekFactor = weekday === 0 || weekday === 6 ? 1.3 : 1;
    for (let h = 0; h < 24; h++) {
      const bucket = `${day}T${String(h).padStart(2, "0")}`;
      if (bucket > options.toHour) break;
      const start = startOfLocalHour(bucket, tz);
      const profile = h < 6 ? 0.15 : h < 9 ? 0.6 : h < 18 ? 1 : h < 22 ? 1.4 : 0.5;
      const total = { sessions: 0, transactions: 0, purchaseRevenue: 0 };
      for (const [channel, share] of Object.entries(CHANNELS) as Array<[Channel, number]>) {
        const shape = options.shape?.(bucket, channel) ?? {};
        const sessions = poisson(
          random,
          (options.sessionsPerHour ?? 600) * profile * weekFactor * share * (shape.sessions ?? 1),
        );
        const transactions = poisson(random, sessions * 0.03 * (shape.conversion ?? 1));
        const revenue = Math.round(transactions * (40 + random() * 20) * 100) / 100;
        const figures = { sessions, transactions, purchaseRevenue: revenue };
        emit("hour", bucket, start, channel, figures);
        total.sessions += sessions;
        total.transactions += transactions;
        total.purchaseRevenue = Math.round((total.purchaseRevenue + revenue) * 100) / 100;
        const byChannel = days.get(day) ?? new Map<string, Record<string, number>>();
        days.set(day, byChannel);
        const sum = byChannel.get(channel) ?? { sessions: 0, transactions: 0, purchaseRevenue: 0 };
        for (const [k, v] of Object.entries(figures)) sum[k] = Math.round(((sum[k] ?? 0) + v) * 100) / 100;
        byChannel.set(channel, sum);
      }
      emit("hour", bucket, start, "", total);
    }
  }
  for (const [day, byChannel] of days) {
    if (`${day}T23` > options.toHour) continue;
    const start = startOfLocalHour(`${day}T00`, tz);
    const total: Record<string, number> = {};
    for (const [channel, figures] of byChannel) {
      emit("day", day, start, channel, figures);
      for (const [k, v] of Object.entries(figures)) total[k] = Math.round(((total[k] ?? 0) + v) * 100) / 100;
    }
    emit("day", day, start, "", total);
  }
  return out;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function poisson(random: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random());
}
