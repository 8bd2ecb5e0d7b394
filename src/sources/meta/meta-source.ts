import type { Env } from "../../config/env-schema.ts";
import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import { eachDay, localDay } from "../../shared/time.ts";
import { adRowsToObservations } from "../ad-platform-mapping.ts";
import {
  fetchOrTransient,
  isTransientStatus,
  parseJsonBody,
  parseRetryAfter,
  type RetryOptions,
  TransientHttpError,
  withSourceRetry,
} from "../http-retry.ts";
import type { MetricSource, PullRequest, PullResult } from "../metric-source.ts";
import { sourceFailure } from "../source-error.ts";
import {
  type GraphError,
  GraphErrorSchema,
  INSIGHT_FIELDS,
  type Insight,
  InsightsPageSchema,
  insightsToAdRows,
  isGraphAuthError,
  isGraphRateLimit,
  regainAccessMinutes,
} from "./meta-mapping.ts";

const SOURCE = "meta";
const fail = sourceFailure(SOURCE);

export type MetaSourceOptions = {
  env: Env;
  logger: Logger;
  clock: Clock;
  retry?: RetryOptions;
  /** Rows per page of insights. */
  pageSize?: number;
};

/**
 * Meta Marketing API insights (`/act_<id>/insights`, level=campaign, time_increment=1):
 * daily spend, impressions, clicks, purchases and purchase value per campaign plus the
 * account total, following `paging.next` until it is absent. Days are the ad account's,
 * taken as the shop's local days.
 */
export function createMetaSource(options: MetaSourceOptions): MetricSource {
  const { env, logger, clock } = options;
  const apiOrigin = new URL(env.META_API_URL).origin;

  return {
    id: SOURCE,
    isConfigured: (shop) => shop.sources.meta !== undefined && env.META_ACCESS_TOKEN !== undefined,

    async pull({ shop, range, granularity, signal }: PullRequest): Promise<PullResult> {
      const account = shop.sources.meta;
      if (!account) throw fail("auth", shop, "no meta.adAccountId in the shop configuration");
      if (!env.META_ACCESS_TOKEN) throw fail("auth", shop, "META_ACCESS_TOKEN is not set");
      if (granularity === "hour") return { observations: [], warnings: [] };

      const first = new URL(`${env.META_API_URL}${env.META_API_VERSION}/${account.adAccountId}/insights`);
      first.search = new URLSearchParams({
        level: "campaign",
        time_increment: "1",
        time_range: JSON.stringify({ since: range.from, until: range.to }),
        fields: INSIGHT_FIELDS.join(","),
        limit: String(options.pageSize ?? 500),
        access_token: env.META_ACCESS_TOKEN,
      }).toString();

      const what = `Meta insights for ad account ${account.adAccountId}`;
      const insights: Insight[] = [];
      let next: string | undefined = first.toString();
      while (next) {
        const url: string = next;
        const page = await withSourceRetry(() => fetchPage(url, { shop, adAccountId: account.adAccountId, signal }), {
          source: SOURCE,
          shopId: shop.id,
          what,
          now: () => clock.now(),
          retry: options.retry,
          signal,
          onRetry: (error, delayMs) =>
            logger.warn({ shopId: shop.id, source: SOURCE, status: error.status, delayMs }, "retrying Meta request"),
        });
        insights.push(...page.data);
        next = page.paging?.next;
        // The next link carries the access token: follow it only to the Graph API we were configured with.
        if (next && new URL(next).origin !== apiOrigin)
          throw fail("invalid_response", shop, `${what}: paging.next points outside ${apiOrigin}`);
      }

      const warnings: string[] = [];
      const currency = insights.find((row) => row.account_currency)?.account_currency;
      if (currency && currency !== shop.currency)
        warnings.push(
          `${shop.id}/meta: ad account ${account.adAccountId} reports in ${currency} but the shop uses ${shop.currency}; amounts are stored as reported`,
        );
      // Days after today in the shop's time zone get no zeros: they have not happened.
      const today = localDay(clock.now(), shop.timezone);
      const days = eachDay(range.from, range.to).filter((day) => day <= today);
      return {
        observations: adRowsToObservations(insightsToAdRows(insights), { shop, source: SOURCE, days }),
        warnings,
      };
    },
  };

  async function fetchPage(url: string, context: { shop: ShopConfig; adAccountId: string; signal?: AbortSignal }) {
    const response = await fetchOrTransient(url, { signal: context.signal }, "Meta");
    const body = parseJsonBody(await response.text());
    const graphError = GraphErrorSchema.safeParse(body);
    if (graphError.success || !response.ok)
      throw classifyGraphError(response, graphError.data?.error, { ...context, now: clock.now() });
    const page = InsightsPageSchema.safeParse(body);
    if (!page.success)
      throw fail(
        "invalid_response",
        context.shop,
        `Meta insights for ad account ${context.adAccountId} returned an unexpected body: ${page.error.issues[0]?.message}`,
      );
    return page.data;
  }
}

function classifyGraphError(
  response: Response,
  error: GraphError | undefined,
  context: { shop: ShopConfig; adAccountId: string; now: Date },
): Error {
  const { shop, adAccountId } = context;
  if (!error) {
    if (isTransientStatus(response.status))
      return new TransientHttpError(`Meta answered HTTP ${response.status}`, {
        status: response.status,
        retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), context.now),
      });
    return fail("invalid_response", shop, `Meta answered HTTP ${response.status} without an error object`);
  }
  const detail = `(code ${error.code}${error.error_subcode ? `/${error.error_subcode}` : ""}): ${error.message}`;
  if (isGraphRateLimit(error)) {
    const minutes = regainAccessMinutes(response.headers.get("x-business-use-case-usage"));
    const retryAfterMs =
      parseRetryAfter(response.headers.get("retry-after"), context.now) ??
      (minutes !== undefined ? minutes * 60_000 : undefined);
    // Reported as a 429 so that running out of retries ends as a `quota` error.
    return new TransientHttpError(`Meta rate limit ${detail}`, { status: 429, retryAfterMs });
  }
  if (isGraphAuthError(error))
    return fail(
      "auth",
      shop,
      `Meta refused the access token for ad account ${adAccountId} ${detail}; renew META_ACCESS_TOKEN or grant ads_read`,
    );
  if ((error.code === 100 && error.error_subcode === 33) || error.code === 803)
    return fail("not_found", shop, `ad account ${adAccountId} not found or not accessible with this token ${detail}`);
  if (error.code === 1 || error.code === 2 || isTransientStatus(response.status))
    return new TransientHttpError(`Meta temporary error ${detail}`, {
      status: isTransientStatus(response.status) ? response.status : 503,
    });
  return fail("invalid_response", shop, `Meta rejected the insights request ${detail}`);
}
