import type { Auth } from "googleapis";
import type { Env } from "../../config/env-schema.ts";
import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import { eachDay, localDay } from "../../shared/time.ts";
import { adRowsToObservations } from "../ad-platform-mapping.ts";
import { createGoogleAuthClient, describeTokenError, GOOGLE_ADS_SCOPE, googleCredentialsKind } from "../google-auth.ts";
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
  buildCampaignQuery,
  type GoogleAdsError,
  GoogleAdsErrorSchema,
  googleAdsErrorCodes,
  googleRetryDelayMs,
  SearchStreamResponseSchema,
  searchStreamToAdRows,
} from "./google-ads-mapping.ts";

const SOURCE = "google-ads";
const fail = sourceFailure(SOURCE);

export type GoogleAdsSourceOptions = {
  env: Env;
  logger: Logger;
  clock: Clock;
  retry?: RetryOptions;
  /** Builds the OAuth client; tests and the composition root leave the default. */
  createAuthClient?: (env: Env, scopes: string[]) => Promise<Auth.OAuth2Client>;
};

/**
 * Google Ads through the REST `googleAds:searchStream` endpoint: daily cost (currency units,
 * from `cost_micros`), clicks, impressions, conversions and conversion value per campaign,
 * plus the account total, for local days in the account's time zone (taken as the shop's).
 */
export function createGoogleAdsSource(options: GoogleAdsSourceOptions): MetricSource {
  const { env, logger, clock } = options;
  const createAuthClient = options.createAuthClient ?? createGoogleAuthClient;
  let authClient: Promise<Auth.OAuth2Client> | undefined;

  const accessToken = async (shop: ShopConfig): Promise<string> => {
    try {
      authClient ??= createAuthClient(env, [GOOGLE_ADS_SCOPE]);
      const { token } = await (await authClient).getAccessToken();
      if (!token) throw new Error("the token endpoint returned no access token");
      return token;
    } catch (error) {
      authClient = undefined;
      throw tokenFailure(error, shop, env.GOOGLE_TOKEN_URL);
    }
  };

  return {
    id: SOURCE,
    isConfigured: (shop) =>
      shop.sources.googleAds !== undefined &&
      googleCredentialsKind(env) !== undefined &&
      env.GOOGLE_ADS_DEVELOPER_TOKEN !== undefined,

    async pull({ shop, range, granularity, signal }: PullRequest): Promise<PullResult> {
      const account = shop.sources.googleAds;
      if (!account) throw fail("auth", shop, "no googleAds.customerId in the shop configuration");
      if (!env.GOOGLE_ADS_DEVELOPER_TOKEN) throw fail("auth", shop, "GOOGLE_ADS_DEVELOPER_TOKEN is not set");
      if (granularity === "hour") return { observations: [], warnings: [] };

      const url = `${env.GOOGLE_ADS_API_URL}${env.GOOGLE_ADS_API_VERSION}/customers/${account.customerId}/googleAds:searchStream`;
      const body = JSON.stringify({ query: buildCampaignQuery(range.from, range.to) });
      const what = `Google Ads searchStream for customer ${account.customerId}`;

      const json = await withSourceRetry(
        async () => {
          const headers: Record<string, string> = {
            authorization: `Bearer ${await accessToken(shop)}`,
            "developer-token": env.GOOGLE_ADS_DEVELOPER_TOKEN!,
            "content-type": "application/json",
          };
          if (account.loginCustomerId) headers["login-customer-id"] = account.loginCustomerId;
          const response = await fetchOrTransient(url, { method: "POST", headers, body, signal }, what);
          const text = await response.text();
          const parsedBody = parseJsonBody(text);
          const apiError = findApiError(parsedBody);
          if (!response.ok || apiError) {
            // A refused token stays cached in the client until it expires: start afresh next time.
            if (response.status === 401) authClient = undefined;
            throw classifyAdsError(response, apiError, { shop, customerId: account.customerId, now: clock.now() });
          }
          return parsedBody;
        },
        {
          source: SOURCE,
          shopId: shop.id,
          what,
          now: () => clock.now(),
          retry: options.retry,
          signal,
          onRetry: (error, delayMs) =>
            logger.warn(
              { shopId: shop.id, source: SOURCE, status: error.status, delayMs },
              "retrying Google Ads request",
            ),
        },
      );

      const parsed = SearchStreamResponseSchema.safeParse(json);
      if (!parsed.success)
        throw fail("invalid_response", shop, `${what} returned an unexpected body: ${parsed.error.issues[0]?.message}`);
      // Days after today in the shop's time zone get no zeros: they have not happened.
      const today = localDay(clock.now(), shop.timezone);
      const days = eachDay(range.from, range.to).filter((day) => day <= today);
      return {
        observations: adRowsToObservations(searchStreamToAdRows(parsed.data), { shop, source: SOURCE, days }),
        warnings: [],
      };
    },
  };
}

function tokenFailure(error: unknown, shop: ShopConfig, tokenUrl: string): Error {
  const status = (error as { status?: unknown }).status;
  if (typeof status === "number" && isTransientStatus(status))
    return new TransientHttpError(`Google token endpoint answered HTTP ${status}`, { status, cause: error });
  const described = describeTokenError(error, tokenUrl);
  if (described) return fail("auth", shop, described, { cause: error });
  return new TransientHttpError("Google token request failed", { cause: error });
}

/** The error of a failed call: a plain error body, or the last element of a stream. */
function findApiError(body: unknown): GoogleAdsError | undefined {
  const candidates = Array.isArray(body) ? body : [body];
  for (const candidate of candidates) {
    const parsed = GoogleAdsErrorSchema.safeParse(candidate);
    if (parsed.success) return parsed.data.error;
  }
  return undefined;
}

function classifyAdsError(
  response: Response,
  apiError: GoogleAdsError | undefined,
  context: { shop: ShopConfig; customerId: string; now: Date },
): Error {
  // A stream can fail after a 200: then the error element carries the code.
  const status = response.ok ? (apiError?.code ?? 500) : response.status;
  const codes = apiError ? googleAdsErrorCodes(apiError) : [];
  const detail = apiError?.message ? `: ${apiError.message}` : "";
  const has = (code: string) => codes.some((c) => c.includes(code));
  if (isTransientStatus(status)) {
    const retryAfterMs =
      parseRetryAfter(response.headers.get("retry-after"), context.now) ??
      (apiError ? googleRetryDelayMs(apiError) : undefined);
    return new TransientHttpError(`Google Ads answered HTTP ${status}${detail}`, { status, retryAfterMs });
  }
  if (status === 404 || has("CUSTOMER_NOT_FOUND"))
    return fail(
      "not_found",
      context.shop,
      `customer ${context.customerId} not found or not accessible with these credentials${detail}`,
    );
  if (status === 401)
    return fail(
      "auth",
      context.shop,
      `Google Ads rejected the access token (HTTP 401)${detail}; check the Google credentials`,
    );
  if (status === 403)
    return fail(
      "auth",
      context.shop,
      `Google Ads refused access to customer ${context.customerId} (HTTP 403${codes.length ? `, ${codes.join(", ")}` : ""})${detail}; check the developer token, login-customer-id and the user's access`,
    );
  if (response.ok) return fail("invalid_response", context.shop, `Google Ads stream ended with an error${detail}`);
  return fail("invalid_response", context.shop, `Google Ads rejected the request (HTTP ${status})${detail}`);
}
