import type { ShopConfig } from "../../../src/config/shops-schema.ts";
import type { Db } from "../../../src/db/create-db.ts";
import { createMetricStore } from "../../../src/domain/metrics/metric-store.ts";
import { buildShop } from "../../builders/shop.ts";
import { buildTrafficHistory, type HourShape } from "../../builders/traffic-history.ts";

/** Friday 20 November 2026, 14:30 in Warsaw: hours up to 11:00 are settled enough to judge. */
export const NOW = "2026-11-20T13:30:00Z";
export const LAST_HOUR = "2026-11-20T13";
export const HISTORY_FROM = "2026-10-12";

/** Purchases stop on every channel from 09:00 while visitors keep coming (a broken checkout). */
export const checkoutBroken =
  (from = "2026-11-20T09", to = "9999"): HourShape =>
  (hour) =>
    hour >= from && hour <= to ? { conversion: 0 } : {};

export function alertShop(overrides: Partial<Record<keyof ShopConfig, unknown>> = {}): ShopConfig {
  return buildShop({ sources: { ga4: { propertyId: "123456789" } }, ...overrides });
}

/** A clean slate for the next test: no alerts, feedback, figures, source states or promos. */
export async function resetAlertData(db: Db): Promise<void> {
  const p = db.prisma;
  await p.alertFeedback.deleteMany();
  await p.alert.deleteMany();
  await p.metricObservation.deleteMany();
  await p.sourceState.deleteMany();
  await p.promo.deleteMany();
}

/** Five weeks of hourly and daily GA4 figures up to `toHour`, shaped by `shape`. */
export async function storeTraffic(
  db: Db,
  options: { shape?: HourShape; toHour?: string; fromDay?: string; sessionsPerHour?: number } = {},
): Promise<void> {
  const observations = buildTrafficHistory({
    fromDay: options.fromDay ?? HISTORY_FROM,
    toHour: options.toHour ?? LAST_HOUR,
    shape: options.shape,
    sessionsPerHour: options.sessionsPerHour,
  });
  await createMetricStore(db).upsert(observations, new Date(NOW));
}
