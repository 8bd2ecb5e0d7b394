import type { ShopConfig } from "../config/shops-schema.ts";
import { isWithinLocalHours } from "../domain/alerts/alert-policy.ts";
import { createAlertStore } from "../domain/alerts/alert-store.ts";
import { evaluateShop, type IncidentDecision } from "../domain/alerts/evaluate-shop.ts";
import { watchCheckout } from "../domain/alerts/watch-checkout.ts";
import { createMetricStore } from "../domain/metrics/metric-store.ts";
import { alertRenderOptions, buildAlertMessage, buildAlertResolvedNotice } from "../slack/blocks/alert-blocks.ts";
import type { SlackDeps } from "../slack/publish/publisher.ts";
import { createGa4Realtime, type Ga4Realtime } from "../sources/ga4/ga4-realtime.ts";
import type { AfterPull } from "./pull-job.ts";
import type { ScheduledJob } from "./scheduler.ts";

/**
 * Carries out evaluation decisions in the shop's alerts channel: posts new incidents (and
 * records the message so later evaluations update it), updates evolving ones in place,
 * and on resolution updates the message and says so in its thread. One failed Slack call
 * does not stop the others; an incident that could not be posted is posted next time.
 */
export async function publishDecisions(
  deps: SlackDeps,
  shop: ShopConfig,
  decisions: IncidentDecision[],
): Promise<void> {
  const log = deps.logger.child({ shopId: shop.id, job: "alerts" });
  const store = createAlertStore(deps.db);
  const options = alertRenderOptions(shop);
  for (const { alert, action } of decisions) {
    try {
      const at = alert.channelId && alert.messageTs ? { channel: alert.channelId, ts: alert.messageTs } : undefined;
      if (action === "post") {
        const channel = shop.channels.alerts;
        if (!channel) {
          log.warn({ alertId: alert.id }, "no channels.alerts for the shop: alert not posted");
          continue;
        }
        const posted = await deps.publisher.post(channel, buildAlertMessage(alert, options));
        await store.update(alert.id, { channelId: posted.channel, messageTs: posted.ts });
      } else if (action === "update" && at) {
        await deps.publisher.update(at, buildAlertMessage(alert, options));
      } else if (action === "resolve" && at) {
        await deps.publisher.update(at, buildAlertMessage(alert, options));
        await deps.publisher.post(at.channel, buildAlertResolvedNotice(alert, options), { threadTs: at.ts });
      }
    } catch (error) {
      log.error({ err: error, alertId: alert.id, action }, "alert could not be published");
    }
  }
}

/**
 * The pull job's AfterPull hook: evaluates the shop's stored data after each pull (hourly
 * and daily series, data quality) and publishes what changed in `channels.alerts`.
 */
export function createAfterPull(deps: SlackDeps): AfterPull {
  const store = createMetricStore(deps.db);
  return async (shopId) => {
    const shop = deps.config.shops.find((s) => s.id === shopId);
    if (!shop) return;
    const decisions = await evaluateShop({ shop, db: deps.db, store, clock: deps.clock });
    await publishDecisions(deps, shop, decisions);
  };
}

/**
 * One job per shop with a GA4 property and `alerts.checkoutWatch.enabled`: every
 * `everyMinutes` (default 5) within the shop's trading hours, polls GA4 Realtime for the last
 * 30 minutes and raises a critical "purchases stopped" alert when purchases stop while
 * visitors keep coming, resolving it at the first purchase. Two small Realtime requests per
 * poll (about 400 a day at the defaults), well within the property's quota.
 */
export function createCheckoutWatchJobs(deps: SlackDeps, options: { realtime?: Ga4Realtime } = {}): ScheduledJob[] {
  const realtime = options.realtime ?? createGa4Realtime({ env: deps.config.env });
  const store = createMetricStore(deps.db);
  return deps.config.shops
    .filter((shop) => shop.alerts.checkoutWatch.enabled && realtime.isConfigured(shop))
    .map((shop) => ({
      key: `checkout-watch:${shop.id}`,
      cron: `*/${shop.alerts.checkoutWatch.everyMinutes} * * * *`,
      timezone: shop.timezone,
      async run() {
        await runCheckoutWatch(deps, shop, realtime, store);
      },
    }));
}

/** One poll of the checkout watch for `shop` (outside trading hours: nothing). */
export async function runCheckoutWatch(
  deps: SlackDeps,
  shop: ShopConfig,
  realtime: Ga4Realtime,
  store = createMetricStore(deps.db),
): Promise<IncidentDecision | undefined> {
  const now = deps.clock.now();
  if (!isWithinLocalHours(now, shop.timezone, shop.alerts.checkoutWatch.tradingHours)) return undefined;
  const minutes = await realtime.lastHalfHour(shop);
  const decision = await watchCheckout({ shop, db: deps.db, store, clock: deps.clock, minutes });
  if (decision) await publishDecisions(deps, shop, [decision]);
  return decision;
}
