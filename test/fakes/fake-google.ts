import { createPublicKey, generateKeyPairSync, randomUUID, verify } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/**
 * A fake of Google's OAuth token endpoint and the GA4 Data API v1beta on 127.0.0.1, close
 * enough for googleapis and google-auth-library to talk to it: service-account JWT grants
 * (signatures checked) and refresh-token grants; runReport / batchRunReports /
 * runRealtimeReport aggregated from hourly facts, with limit/offset, rowCount, metadata and
 * propertyQuota; and faults queued per request.
 */

// ---------------------------------------------------------------- a tiny HTTP kit, shared by the fakes

export type FakeRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
};

export type FakeResponse = {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON unless it is a string, which is sent as is. */
  body?: unknown;
};

export type FakeServer = { url: string; requests: FakeRequest[]; close(): Promise<void> };

/** Starts `handle` on 127.0.0.1 on a free port; `url` ends with a slash. Every request is recorded. */
export async function startFakeServer(handle: (request: FakeRequest) => FakeResponse): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const request: FakeRequest = {
        method: req.method ?? "GET",
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(request);
      let response: FakeResponse;
      try {
        response = handle(request);
      } catch (error) {
        response = { status: 500, body: { error: { code: 500, message: String(error), status: "INTERNAL" } } };
      }
      const text = typeof response.body === "string" ? response.body : JSON.stringify(response.body ?? {});
      res.writeHead(response.status, { "content-type": "application/json; charset=utf-8", ...response.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A response to give instead of the normal one, for the next matching request. */
export type Fault =
  | { kind: "status"; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: "malformed" };

export const faults = {
  /** HTTP 429, optionally with `Retry-After` in seconds. */
  rateLimited: (retryAfterSeconds?: number): Fault => ({
    kind: "status",
    status: 429,
    headers: retryAfterSeconds === undefined ? {} : { "retry-after": String(retryAfterSeconds) },
    body: googleError(429, "RESOURCE_EXHAUSTED", "Too many requests."),
  }),
  serverError: (status = 503): Fault => ({
    kind: "status",
    status,
    body: googleError(status, status === 503 ? "UNAVAILABLE" : "INTERNAL", "The service is currently unavailable."),
  }),
  unauthorized: (): Fault => ({
    kind: "status",
    status: 401,
    body: googleError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."),
  }),
  forbidden: (): Fault => ({
    kind: "status",
    status: 403,
    body: googleError(403, "PERMISSION_DENIED", "User does not have sufficient permissions for this property."),
  }),
  /** HTTP 200 whose body is not JSON. */
  malformed: (): Fault => ({ kind: "malformed" }),
};

export function googleError(code: number, status: string, message: string, details: unknown[] = []) {
  return { error: { code, message, status, ...(details.length ? { details } : {}) } };
}

export function faultResponse(fault: Fault): FakeResponse {
  if (fault.kind === "malformed") return { status: 200, body: "<html>502 Bad Gateway</html>" };
  return { status: fault.status, headers: fault.headers, body: fault.body };
}

// ---------------------------------------------------------------- credentials

export type ServiceAccountKey = {
  email: string;
  publicKeyPem: string;
  /** The JSON of a key file as Google issues it (token_uri is Google's on purpose). */
  json: {
    type: "service_account";
    client_email: string;
    private_key: string;
    private_key_id: string;
    token_uri: string;
  };
};

export function createServiceAccountKey(email = "shopops@fake-project.iam.gserviceaccount.com"): ServiceAccountKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    email,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    json: {
      type: "service_account",
      client_email: email,
      private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      private_key_id: randomUUID(),
      token_uri: "https://oauth2.googleapis.com/token",
    },
  };
}

/** Writes the key file into `dir` and returns its path (for GOOGLE_APPLICATION_CREDENTIALS). */
export function writeServiceAccountKeyFile(dir: string, key: ServiceAccountKey): string {
  const path = join(dir, "service-account.json");
  writeFileSync(path, JSON.stringify(key.json));
  return path;
}

export type OAuthClient = { clientId: string; clientSecret: string; refreshTokens: string[] };

export type TokenGrant = { grantType: string; subject: string; scope?: string };

// ---------------------------------------------------------------- GA4 data

/** One hour of one channel group: `dateHour` is `YYYYMMDDHH` in the property's time zone. */
export type Ga4Fact = { dateHour: string; channel: string; metrics: Record<string, number> };

export type FakeGa4Property = {
  id: string;
  currencyCode: string;
  timeZone: string;
  facts: Ga4Fact[];
  /** Tokens remaining; each report served spends `tokensPerReport`. */
  quota?: { tokensPerHour: number; tokensPerDay: number };
  tokensPerReport?: number;
  /** Rows for runRealtimeReport: dimension values and metric values by name. */
  realtime?: Array<{ dimensions: Record<string, string>; metrics: Record<string, number> }>;
};

const METRIC_TYPES: Record<string, string> = {
  purchaseRevenue: "TYPE_CURRENCY",
  advertiserAdCost: "TYPE_CURRENCY",
  averageSessionDuration: "TYPE_SECONDS",
};

type ReportRequest = {
  dateRanges?: Array<{ startDate: string; endDate: string }>;
  dimensions?: Array<{ name: string }>;
  metrics?: Array<{ name: string }>;
  limit?: string | number;
  offset?: string | number;
  returnPropertyQuota?: boolean;
};

export type FakeGoogle = {
  /** For GA4_API_URL. */
  url: string;
  /** For GOOGLE_TOKEN_URL. */
  tokenUrl: string;
  properties: Map<string, FakeGa4Property>;
  /** Every grant the token endpoint accepted. */
  grants: TokenGrant[];
  issuedTokens: Set<string>;
  requests: FakeRequest[];
  /** Data API requests only, with their parsed bodies. */
  apiCalls(): Array<{ method: string; property: string; body: { requests?: ReportRequest[] } & ReportRequest }>;
  /** The next API requests get these responses instead, one each. */
  failNext(...faults: Fault[]): void;
  /** The next token requests get these responses instead, one each. */
  failTokenNext(...faults: Fault[]): void;
  close(): Promise<void>;
};

/** Hourly facts for `days` (`YYYY-MM-DD`), hours 00–23, with values that depend on day, hour and channel. */
export function sampleGa4Facts(days: string[], channels = ["Organic Search", "Paid Search", "Direct"]): Ga4Fact[] {
  return days.flatMap((day, d) =>
    Array.from({ length: 24 }, (_, hour) =>
      channels.map((channel, c) => {
        const sessions = 10 + d + hour + c * 5;
        return {
          dateHour: `${day.replaceAll("-", "")}${String(hour).padStart(2, "0")}`,
          channel,
          metrics: {
            sessions,
            totalUsers: sessions - 2,
            newUsers: Math.floor(sessions / 3),
            engagedSessions: Math.floor(sessions / 2),
            averageSessionDuration: 60 + c * 10,
            screenPageViews: sessions * 3,
            transactions: (hour + c) % 4 === 0 ? 1 : 0,
            purchaseRevenue: (hour + c) % 4 === 0 ? 49.99 : 0,
            addToCarts: Math.floor(sessions / 5),
            checkouts: Math.floor(sessions / 8),
            advertiserAdCost: channel === "Paid Search" ? 1.25 : 0,
            advertiserAdClicks: channel === "Paid Search" ? 2 : 0,
            advertiserAdImpressions: channel === "Paid Search" ? 40 : 0,
          },
        };
      }),
    ).flat(),
  );
}

export async function startFakeGoogle(
  options: { properties?: FakeGa4Property[]; serviceAccounts?: ServiceAccountKey[]; oauthClients?: OAuthClient[] } = {},
): Promise<FakeGoogle> {
  const properties = new Map((options.properties ?? []).map((p) => [p.id, p]));
  const serviceAccounts = new Map((options.serviceAccounts ?? []).map((k) => [k.email, k]));
  const oauthClients = options.oauthClients ?? [];
  const grants: TokenGrant[] = [];
  const issuedTokens = new Set<string>();
  const apiFaults: Fault[] = [];
  const tokenFaults: Fault[] = [];

  const issue = (grant: TokenGrant): FakeResponse => {
    grants.push(grant);
    const token = `ya29.fake-${randomUUID()}`;
    issuedTokens.add(token);
    return { status: 200, body: { access_token: token, expires_in: 3599, token_type: "Bearer", scope: grant.scope } };
  };
  const oauthError = (status: number, error: string, description: string): FakeResponse => ({
    status,
    body: { error, error_description: description },
  });

  const token = (request: FakeRequest): FakeResponse => {
    const fault = tokenFaults.shift();
    if (fault) return faultResponse(fault);
    const form = new URLSearchParams(request.body);
    const grantType = form.get("grant_type");
    if (grantType === "urn:ietf:params:oauth:grant-type:jwt-bearer") {
      const [header, payload, signature] = (form.get("assertion") ?? "").split(".");
      if (!header || !payload || !signature) return oauthError(400, "invalid_grant", "Invalid JWT.");
      const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as { iss?: string; scope?: string };
      const key = serviceAccounts.get(claims.iss ?? "");
      if (!key) return oauthError(400, "invalid_grant", "Invalid grant: account not found");
      const valid = verify(
        "RSA-SHA256",
        Buffer.from(`${header}.${payload}`),
        createPublicKey(key.publicKeyPem),
        Buffer.from(signature, "base64url"),
      );
      if (!valid) return oauthError(400, "invalid_grant", "Invalid JWT Signature.");
      return issue({ grantType: "jwt-bearer", subject: key.email, scope: claims.scope });
    }
    if (grantType === "refresh_token") {
      const client = oauthClients.find(
        (c) => c.clientId === form.get("client_id") && c.clientSecret === form.get("client_secret"),
      );
      if (!client) return oauthError(401, "invalid_client", "The OAuth client was not found.");
      if (!client.refreshTokens.includes(form.get("refresh_token") ?? ""))
        return oauthError(400, "invalid_grant", "Token has been expired or revoked.");
      return issue({ grantType: "refresh_token", subject: client.clientId });
    }
    return oauthError(400, "unsupported_grant_type", `Invalid grant_type: ${grantType}`);
  };

  const api = (request: FakeRequest): FakeResponse => {
    const m = /^\/v1beta\/properties\/([^/:]+):(runReport|batchRunReports|runRealtimeReport)$/.exec(request.path);
    if (!m || request.method !== "POST") return { status: 404, body: googleError(404, "NOT_FOUND", "Not found.") };
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    if (!bearer || !issuedTokens.has(bearer)) return faultResponse(faults.unauthorized());
    const fault = apiFaults.shift();
    if (fault) return faultResponse(fault);
    const property = properties.get(m[1]!);
    if (!property)
      return {
        status: 404,
        body: googleError(404, "NOT_FOUND", `Requested entity was not found. Property ${m[1]} does not exist.`),
      };
    const body = JSON.parse(request.body || "{}") as { requests?: ReportRequest[] } & ReportRequest;
    const method = m[2]!;
    if (method === "runRealtimeReport") return { status: 200, body: realtimeReport(property, body) };
    const requests = method === "batchRunReports" ? (body.requests ?? []) : [body];
    const tokens = (property.tokensPerReport ?? 10) * requests.length;
    if (property.quota) {
      if (property.quota.tokensPerDay <= 0)
        return { status: 429, body: googleError(429, "RESOURCE_EXHAUSTED", "Exhausted property tokens per day.") };
      if (property.quota.tokensPerHour <= 0)
        return { status: 429, body: googleError(429, "RESOURCE_EXHAUSTED", "Exhausted property tokens per hour.") };
      property.quota.tokensPerDay = Math.max(0, property.quota.tokensPerDay - tokens);
      property.quota.tokensPerHour = Math.max(0, property.quota.tokensPerHour - tokens);
    }
    const reports = requests.map((r) => runReport(property, r, property.tokensPerReport ?? 10));
    return {
      status: 200,
      body: method === "batchRunReports" ? { reports, kind: "analyticsData#batchRunReports" } : reports[0],
    };
  };

  const server = await startFakeServer((request) => (request.path === "/token" ? token(request) : api(request)));
  return {
    url: server.url,
    tokenUrl: `${server.url}token`,
    properties,
    grants,
    issuedTokens,
    requests: server.requests,
    apiCalls: () =>
      server.requests
        .filter((r) => r.path.startsWith("/v1beta/"))
        .map((r) => ({
          method: r.path.split(":").pop() ?? "",
          property: r.path.split("/")[3]?.split(":")[0] ?? "",
          body: JSON.parse(r.body || "{}"),
        })),
    failNext: (...f) => apiFaults.push(...f),
    failTokenNext: (...f) => tokenFaults.push(...f),
    close: server.close,
  };
}

function runReport(property: FakeGa4Property, request: ReportRequest, tokensPerReport: number) {
  const dimensions = (request.dimensions ?? []).map((d) => d.name);
  const metrics = (request.metrics ?? []).map((m) => m.name);
  const range = request.dateRanges?.[0];
  const from = range?.startDate.replaceAll("-", "") ?? "00000000";
  const to = range?.endDate.replaceAll("-", "") ?? "99999999";

  const dimensionValue = (fact: Ga4Fact, name: string): string => {
    if (name === "date") return fact.dateHour.slice(0, 8);
    if (name === "dateHour") return fact.dateHour;
    if (name === "sessionDefaultChannelGroup") return fact.channel;
    throw new Error(`the fake does not know dimension ${name}`);
  };
  const groups = new Map<string, { values: string[]; facts: Ga4Fact[] }>();
  for (const fact of property.facts) {
    const day = fact.dateHour.slice(0, 8);
    if (day < from || day > to) continue;
    const values = dimensions.map((d) => dimensionValue(fact, d));
    const key = values.join("\u0000");
    const group = groups.get(key) ?? { values, facts: [] };
    group.facts.push(fact);
    groups.set(key, group);
  }
  const aggregate = (facts: Ga4Fact[], metric: string): number => {
    const sum = (name: string) => facts.reduce((s, f) => s + (f.metrics[name] ?? 0), 0);
    if (metric !== "averageSessionDuration") return sum(metric);
    const sessions = sum("sessions");
    return sessions === 0
      ? 0
      : facts.reduce((s, f) => s + (f.metrics[metric] ?? 0) * (f.metrics.sessions ?? 0), 0) / sessions;
  };
  const all = [...groups.values()].sort((a, b) => a.values.join("\u0000").localeCompare(b.values.join("\u0000")));
  const offset = Number(request.offset ?? 0);
  const limit = Number(request.limit ?? 10_000);
  const rows = all.slice(offset, offset + limit).map((g) => ({
    dimensionValues: g.values.map((value) => ({ value })),
    metricValues: metrics.map((metric) => ({ value: String(Math.round(aggregate(g.facts, metric) * 1e6) / 1e6) })),
  }));
  return {
    dimensionHeaders: dimensions.map((name) => ({ name })),
    metricHeaders: metrics.map((name) => ({ name, type: METRIC_TYPES[name] ?? "TYPE_INTEGER" })),
    // Like the real API: no `rows` and no `rowCount` when nothing matched.
    ...(rows.length ? { rows } : {}),
    ...(all.length ? { rowCount: all.length } : {}),
    metadata: { currencyCode: property.currencyCode, timeZone: property.timeZone },
    ...(request.returnPropertyQuota && property.quota
      ? {
          propertyQuota: {
            tokensPerDay: { consumed: tokensPerReport, remaining: property.quota.tokensPerDay },
            tokensPerHour: { consumed: tokensPerReport, remaining: property.quota.tokensPerHour },
          },
        }
      : {}),
    kind: "analyticsData#runReport",
  };
}

function realtimeReport(property: FakeGa4Property, request: ReportRequest) {
  const dimensions = (request.dimensions ?? []).map((d) => d.name);
  const metrics = (request.metrics ?? []).map((m) => m.name);
  const groups = new Map<string, { values: string[]; metrics: Record<string, number> }>();
  for (const row of property.realtime ?? []) {
    const values = dimensions.map((d) => row.dimensions[d] ?? "(not set)");
    const key = values.join("\u0000");
    const group = groups.get(key) ?? { values, metrics: {} };
    for (const [name, value] of Object.entries(row.metrics)) group.metrics[name] = (group.metrics[name] ?? 0) + value;
    groups.set(key, group);
  }
  const rows = [...groups.values()].map((g) => ({
    dimensionValues: g.values.map((value) => ({ value })),
    metricValues: metrics.map((m) => ({ value: String(g.metrics[m] ?? 0) })),
  }));
  return {
    dimensionHeaders: dimensions.map((name) => ({ name })),
    metricHeaders: metrics.map((name) => ({ name, type: "TYPE_INTEGER" })),
    ...(rows.length ? { rows, rowCount: rows.length } : {}),
    kind: "analyticsData#runRealtimeReport",
  };
}
