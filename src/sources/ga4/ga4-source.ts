import type { Auth, analyticsdata_v1beta } from "googleapis";
import type { Env } from "../../config/env-schema.ts";
import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Granularity, Observation } from "../../domain/metrics/observation.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import { localDay } from "../../shared/time.ts";
import { createGoogleAuthClient, describeTokenError, googleCredentialsKind } from "../google-auth.ts";
import {
  isTransientStatus,
  parseRetryAfter,
  type RetryOptions,
  sleepFor,
  TransientHttpError,
  withSourceRetry,
} from "../http-retry.ts";
import type { MetricSource, PullRequest, PullResult } from "../metric-source.ts";
import { SourceError, sourceFailure } from "../source-error.ts";
import { createGa4Client } from "./ga4-client.ts";
import {
  assessGa4Quota,
  GA4_BREAKDOWNS,
  GA4_METRIC_GROUPS,
  Ga4BatchSchema,
  type Ga4Report,
  Ga4ReportSchema,
  ga4ReportToObservations,
  nextHour,
  nextQuotaDay,
} from "./ga4-mapping.ts";

const SOURCE = "ga4";
const fail = sourceFailure(SOURCE);
/** GA4 keeps revising the last 72 hours; hourly rows are pulled for that window only. */
const HOURLY_WINDOW_MS = 72 * 3_600_000;

export type Ga4SourceOptions = {
  env: Env;
  logger: Logger;
  clock: Clock;
  retry?: RetryOptions;
  /** Rows per request (`limit`); GA4 allows up to 250,000. */
  pageSize?: number;
  /** The wait before each further request once the property's quota runs low. */
  quotaPauseMs?: number;
  createAuthClient?: (env: Env, scopes: string[]) => Promise<Auth.OAuth2Client>;
};

type ReportSpec = { dimension: string; ga4Dimension?: string; metrics: readonly string[] };

/**
 * GA4 through the Data API v1beta (`batchRunReports`, then `runReport` pages): the metrics of
 * GA4_METRICS per local day (`date`) or, for the last 72 hours, per local hour (`dateHour`),
 * overall and by default channel group. Buckets are the property's days and hours, taken as
 * the shop's; a property whose currency or time zone differs from the shop's gets a warning.
 * Slows down when the property's token quota runs low and stops with `quota` when it is out.
 */
export function createGa4Source(options: Ga4SourceOptions): MetricSource {
  const { env, logger, clock } = options;
  const pageSize = options.pageSize ?? 100_000;
  const sleep = options.retry?.sleep ?? sleepFor;
  const quotaPauseMs = options.quotaPauseMs ?? 5_000;
  const createAuthClient = options.createAuthClient ?? createGoogleAuthClient;
  const analytics = createGa4Client(env, createAuthClient);

  return {
    id: SOURCE,
    isConfigured: (shop) => shop.sources.ga4 !== undefined && googleCredentialsKind(env) !== undefined,

    async pull({ shop, range, granularity, signal }: PullRequest): Promise<PullResult> {
      const propertyId = shop.sources.ga4?.propertyId;
      if (!propertyId) throw fail("auth", shop, "no ga4.propertyId in the shop configuration");
      const warnings: string[] = [];
      const property = `properties/${propertyId}`;

      let from = range.from;
      if (granularity === "hour") {
        const earliest = localDay(new Date(clock.now().getTime() - HOURLY_WINDOW_MS), shop.timezone);
        if (from < earliest) {
          from = earliest;
          warnings.push(`${shop.id}/ga4: hourly data is pulled for the last 72 hours only, from ${earliest}`);
        }
        if (from > range.to) return { observations: [], warnings };
      }

      const timeDimension = granularity === "day" ? "date" : "dateHour";
      const specs: ReportSpec[] = GA4_BREAKDOWNS.flatMap((b) =>
        GA4_METRIC_GROUPS.map((metrics) => ({ ...b, metrics })),
      );
      const request = (spec: ReportSpec, offset: number): analyticsdata_v1beta.Schema$RunReportRequest => ({
        dateRanges: [{ startDate: from, endDate: range.to }],
        dimensions: [{ name: timeDimension }, ...(spec.ga4Dimension ? [{ name: spec.ga4Dimension }] : [])],
        metrics: spec.metrics.map((name) => ({ name })),
        orderBys: [
          { dimension: { dimensionName: timeDimension } },
          ...(spec.ga4Dimension ? [{ dimension: { dimensionName: spec.ga4Dimension } }] : []),
        ],
        limit: String(pageSize),
        offset: String(offset),
        returnPropertyQuota: true,
      });

      let slow = false;
      let exhausted: { message: string; retryAt: Date } | undefined;
      let metadataChecked = false;
      /** One API call with retries, then the checks every response gets: shape, quota, metadata. */
      const call = async <T>(what: string, send: () => Promise<T>, reportsOf: (data: T) => unknown[]) => {
        // The last response said the tokens are gone: the next request would only be refused.
        if (exhausted)
          throw fail("quota", shop, `${exhausted.message} (property ${propertyId})`, { retryAt: exhausted.retryAt });
        if (slow) await sleep(quotaPauseMs, signal);
        const data = await withSourceRetry(
          async () => {
            try {
              return await send();
            } catch (error) {
              throw classifyGa4Error(error, {
                shop,
                propertyId,
                now: clock.now(),
                tokenUrl: env.GOOGLE_TOKEN_URL,
                signal,
              });
            }
          },
          {
            source: SOURCE,
            shopId: shop.id,
            what: `GA4 ${what} for property ${propertyId}`,
            now: () => clock.now(),
            retry: options.retry,
            signal,
            onRetry: (error, delayMs) =>
              logger.warn({ shopId: shop.id, source: SOURCE, status: error.status, delayMs }, "retrying GA4 request"),
          },
        );
        // gaxios hands over the text when a body is not JSON.
        if (typeof data !== "object" || data === null)
          throw fail(
            "invalid_response",
            shop,
            `GA4 ${what} for property ${propertyId} returned a body that is not JSON`,
          );
        const reports = reportsOf(data).map((raw) => {
          const parsed = Ga4ReportSchema.safeParse(raw);
          if (!parsed.success)
            throw fail(
              "invalid_response",
              shop,
              `GA4 ${what} for property ${propertyId} returned an unexpected report: ${parsed.error.issues[0]?.message}`,
            );
          return parsed.data;
        });
        for (const report of reports) {
          const quota = assessGa4Quota(report.propertyQuota, clock.now());
          if (quota.level === "exhausted" && !exhausted) {
            exhausted = quota;
            warnings.push(
              `${shop.id}/ga4: ${quota.message} for property ${propertyId} until ${quota.retryAt.toISOString()}`,
            );
          }
          if (quota.level === "low" && !slow) {
            slow = true;
            warnings.push(`${shop.id}/ga4: quota low for property ${propertyId} (${quota.message}); pulls slowed down`);
            logger.warn({ shopId: shop.id, source: SOURCE }, quota.message);
          }
          if (!metadataChecked && report.metadata) {
            metadataChecked = true;
            warnings.push(...metadataWarnings(shop, propertyId, report.metadata));
          }
        }
        return reports;
      };

      const properties = await analytics().then(
        (client) => client.properties,
        (error: unknown) => {
          throw fail("auth", shop, describeTokenError(error, env.GOOGLE_TOKEN_URL) ?? String(error), { cause: error });
        },
      );
      const firstPages = await call(
        "batchRunReports",
        async () =>
          (
            await properties.batchRunReports(
              { property, requestBody: { requests: specs.map((spec) => request(spec, 0)) } },
              { signal },
            )
          ).data,
        (data) => {
          const batch = Ga4BatchSchema.safeParse(data);
          if (!batch.success || batch.data.reports.length !== specs.length)
            throw fail(
              "invalid_response",
              shop,
              `GA4 batchRunReports for property ${propertyId} did not return ${specs.length} reports`,
            );
          return batch.data.reports;
        },
      );

      const observations: Observation[] = [];
      for (const [i, spec] of specs.entries()) {
        const rows: Ga4Report["rows"] = [...firstPages[i]!.rows];
        const rowCount = firstPages[i]!.rowCount;
        while (rows.length < rowCount) {
          const [page] = await call(
            "runReport",
            async () =>
              (await properties.runReport({ property, requestBody: request(spec, rows.length) }, { signal })).data,
            (data) => [data],
          );
          // A page without rows before rowCount is reached would loop forever.
          if (!page || page.rows.length === 0)
            throw fail("invalid_response", shop, `GA4 stopped returning rows at ${rows.length} of ${rowCount}`);
          rows.push(...page.rows);
        }
        observations.push(
          ...toObservations({ ...firstPages[i]!, rows }, { shop, granularity, dimension: spec.dimension }),
        );
      }
      return { observations, warnings };
    },
  };
}

function toObservations(
  report: Ga4Report,
  options: { shop: ShopConfig; granularity: Granularity; dimension: string },
): Observation[] {
  try {
    return ga4ReportToObservations(report, options);
  } catch (error) {
    throw fail("invalid_response", options.shop, (error as Error).message);
  }
}

function metadataWarnings(
  shop: ShopConfig,
  propertyId: string,
  metadata: { currencyCode?: string; timeZone?: string },
): string[] {
  const out: string[] = [];
  if (metadata.currencyCode && metadata.currencyCode !== shop.currency)
    out.push(
      `${shop.id}/ga4: property ${propertyId} reports in ${metadata.currencyCode} but the shop uses ${shop.currency}; revenue and ad cost are stored as reported`,
    );
  if (metadata.timeZone && metadata.timeZone !== shop.timezone)
    out.push(
      `${shop.id}/ga4: property ${propertyId} uses the time zone ${metadata.timeZone} but the shop is in ${shop.timezone}; days are the property's days`,
    );
  return out;
}

type GaxiosLikeError = {
  status?: number;
  code?: unknown;
  message?: string;
  response?: { status?: number; headers?: { get?: (name: string) => string | null }; data?: unknown };
};

/** A failed Data API or token call → an error the retry loop understands. */
function classifyGa4Error(
  error: unknown,
  context: { shop: ShopConfig; propertyId: string; now: Date; tokenUrl: string; signal?: AbortSignal },
): Error {
  const { shop, propertyId } = context;
  if (error instanceof SourceError || context.signal?.aborted) return error as Error;
  const e = (typeof error === "object" && error !== null ? error : {}) as GaxiosLikeError;
  const status = e.status ?? e.response?.status;
  const apiMessage = (e.response?.data as { error?: { message?: unknown } } | undefined)?.error?.message;
  const detail = typeof apiMessage === "string" ? `: ${apiMessage}` : "";

  if (status !== undefined && isTransientStatus(status)) {
    if (status === 429 && /exhausted/i.test(detail)) {
      const daily = /per day/i.test(detail);
      return fail("quota", shop, `GA4 quota exhausted for property ${propertyId}${detail}`, {
        retryAt: daily ? nextQuotaDay(context.now) : nextHour(context.now),
        cause: error,
      });
    }
    const retryAfterMs = parseRetryAfter(e.response?.headers?.get?.("retry-after"), context.now);
    return new TransientHttpError(`GA4 answered HTTP ${status}${detail}`, { status, retryAfterMs, cause: error });
  }
  const tokenProblem = describeTokenError(error, context.tokenUrl);
  if (tokenProblem) return fail("auth", shop, tokenProblem, { cause: error });
  if (status === undefined) {
    // No HTTP status: either the body could not be read (invalid JSON) or nothing arrived.
    if (error instanceof SyntaxError || (error as { cause?: unknown })?.cause instanceof SyntaxError)
      return fail("invalid_response", shop, `GA4 returned a body that is not JSON for property ${propertyId}`, {
        cause: error,
      });
    return new TransientHttpError(`GA4: no response (${e.message ?? String(error)})`, { cause: error });
  }
  if (status === 401) return fail("auth", shop, `GA4 rejected the credentials (HTTP 401)${detail}`, { cause: error });
  if (status === 403)
    return fail(
      "auth",
      shop,
      `no access to GA4 property ${propertyId} (HTTP 403)${detail}; add the service account's email (or the OAuth user) as a Viewer of the property`,
      { cause: error },
    );
  if (status === 404)
    return fail(
      "not_found",
      shop,
      `property ${propertyId} not found or not accessible by the service account${detail}`,
      {
        cause: error,
      },
    );
  return fail(
    "invalid_response",
    shop,
    `GA4 rejected the report request for property ${propertyId} (HTTP ${status})${detail}`,
    {
      cause: error,
    },
  );
}
