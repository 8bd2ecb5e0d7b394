import { randomUUID } from "node:crypto";
import {
  type FakeRequest,
  type FakeResponse,
  type Fault,
  faultResponse,
  googleError,
  startFakeServer,
} from "./fake-google.ts";

/**
 * A fake of the Google Ads REST API on 127.0.0.1: `customers/{id}/googleAds:searchStream`
 * answers the campaign/day GAQL of the source with a JSON array of batches, int64 values as
 * strings and zero values left out, as proto3 JSON does. Checks the bearer token (against
 * the fake Google token endpoint when `isValidToken` is given), `developer-token` and
 * `login-customer-id`.
 */

/** One campaign on one day. */
export type AdsCampaignDay = {
  date: string;
  campaignId: string;
  campaignName: string;
  costMicros: number;
  clicks: number;
  impressions: number;
  conversions: number;
  conversionsValue: number;
};

export type FakeAdsCustomer = {
  id: string;
  rows: AdsCampaignDay[];
  /** When set, requests must carry this login-customer-id (the manager account). */
  loginCustomerId?: string;
};

export type FakeGoogleAds = {
  /** For GOOGLE_ADS_API_URL. */
  url: string;
  requests: FakeRequest[];
  /** searchStream calls with their GAQL. */
  searches(): Array<{ customerId: string; query: string; headers: FakeRequest["headers"] }>;
  failNext(...faults: Fault[]): void;
  close(): Promise<void>;
};

export const adsFaults = {
  /** HTTP 200 whose stream ends in an error element, as when a stream breaks halfway. */
  streamError: (): Fault => ({
    kind: "status",
    status: 200,
    body: [{ results: [] }, googleError(500, "INTERNAL", "Internal error encountered.")],
  }),
  /** HTTP 429 with the quota error and a RetryInfo delay. */
  quota: (retryDelaySeconds: number): Fault => ({
    kind: "status",
    status: 429,
    body: googleError(429, "RESOURCE_EXHAUSTED", "Too many requests. Retry in 30 seconds.", [
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${retryDelaySeconds}s` },
    ]),
  }),
};

function adsFailure(status: number, grpcStatus: string, errorCode: Record<string, string>, message: string) {
  return googleError(status, grpcStatus, message, [
    {
      "@type": "type.googleapis.com/google.ads.googleads.v22.errors.GoogleAdsFailure",
      errors: [{ errorCode, message }],
      requestId: randomUUID(),
    },
  ]);
}

export async function startFakeGoogleAds(options: {
  customers: FakeAdsCustomer[];
  developerToken: string;
  isValidToken?: (token: string) => boolean;
  /** Results per batch of the stream. */
  batchSize?: number;
}): Promise<FakeGoogleAds> {
  const customers = new Map(options.customers.map((c) => [c.id, c]));
  const pending: Fault[] = [];
  const batchSize = options.batchSize ?? 10_000;

  const handle = (request: FakeRequest): FakeResponse => {
    const m = /^\/(v\d+)\/customers\/(\d+)\/googleAds:searchStream$/.exec(request.path);
    if (!m || request.method !== "POST") return { status: 404, body: googleError(404, "NOT_FOUND", "Not found.") };
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    if (!bearer || !(options.isValidToken ?? (() => true))(bearer))
      return {
        status: 401,
        body: adsFailure(
          401,
          "UNAUTHENTICATED",
          { authenticationError: "OAUTH_TOKEN_INVALID" },
          "Invalid OAuth token.",
        ),
      };
    if (request.headers["developer-token"] !== options.developerToken)
      return {
        status: 403,
        body: adsFailure(
          403,
          "PERMISSION_DENIED",
          { authorizationError: "DEVELOPER_TOKEN_PROHIBITED" },
          "Developer token is not allowed with project.",
        ),
      };
    const fault = pending.shift();
    if (fault) return faultResponse(fault);
    const customer = customers.get(m[2]!);
    if (!customer)
      return {
        status: 404,
        body: adsFailure(404, "NOT_FOUND", { requestError: "CUSTOMER_NOT_FOUND" }, `Customer ${m[2]} not found.`),
      };
    if (customer.loginCustomerId && request.headers["login-customer-id"] !== customer.loginCustomerId)
      return {
        status: 403,
        body: adsFailure(
          403,
          "PERMISSION_DENIED",
          { authorizationError: "USER_PERMISSION_DENIED" },
          "User doesn't have permission to access customer. Note: If you're accessing a client customer, the manager's customer id must be set in the 'login-customer-id' header.",
        ),
      };
    const query = (JSON.parse(request.body || "{}") as { query?: string }).query ?? "";
    const between = /segments\.date BETWEEN '(\d{4}-\d{2}-\d{2})' AND '(\d{4}-\d{2}-\d{2})'/.exec(query);
    if (!between)
      return {
        status: 400,
        body: adsFailure(400, "INVALID_ARGUMENT", { queryError: "UNEXPECTED_END_OF_QUERY" }, "Query error."),
      };
    const rows = customer.rows
      .filter((r) => r.date >= between[1]! && r.date <= between[2]!)
      .sort((a, b) => a.date.localeCompare(b.date) || a.campaignId.localeCompare(b.campaignId))
      .map((r) => toResult(customer.id, r));
    const batches = [];
    for (let i = 0; i === 0 || i < rows.length; i += batchSize)
      batches.push({
        results: rows.slice(i, i + batchSize),
        fieldMask:
          "segments.date,campaign.id,campaign.name,metrics.costMicros,metrics.clicks,metrics.impressions,metrics.conversions,metrics.conversionsValue",
        requestId: randomUUID(),
      });
    return { status: 200, body: batches };
  };

  const server = await startFakeServer(handle);
  return {
    url: server.url,
    requests: server.requests,
    searches: () =>
      server.requests
        .filter((r) => r.path.endsWith("googleAds:searchStream"))
        .map((r) => ({
          customerId: r.path.split("/")[3] ?? "",
          query: (JSON.parse(r.body || "{}") as { query?: string }).query ?? "",
          headers: r.headers,
        })),
    failNext: (...f) => pending.push(...f),
    close: server.close,
  };
}

/** proto3 JSON: int64 as strings, zero values left out. */
function toResult(customerId: string, row: AdsCampaignDay) {
  const metrics: Record<string, string | number> = {};
  if (row.costMicros) metrics.costMicros = String(row.costMicros);
  if (row.clicks) metrics.clicks = String(row.clicks);
  if (row.impressions) metrics.impressions = String(row.impressions);
  if (row.conversions) metrics.conversions = row.conversions;
  if (row.conversionsValue) metrics.conversionsValue = row.conversionsValue;
  return {
    segments: { date: row.date },
    campaign: {
      resourceName: `customers/${customerId}/campaigns/${row.campaignId}`,
      id: row.campaignId,
      name: row.campaignName,
    },
    metrics,
  };
}
