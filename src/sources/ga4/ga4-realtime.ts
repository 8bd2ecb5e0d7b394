import type { Auth, analyticsdata_v1beta } from "googleapis";
import { z } from "zod";
import type { Env } from "../../config/env-schema.ts";
import type { ShopConfig } from "../../config/shops-schema.ts";
import { createGoogleAuthClient, describeTokenError, googleCredentialsKind } from "../google-auth.ts";
import { SourceError } from "../source-error.ts";
import { createGa4Client } from "./ga4-client.ts";

/** One minute of the last 30 as GA4 Realtime reports it. */
export type RealtimeMinute = { minutesAgo: number; purchases: number; activeUsers: number };

export type Ga4Realtime = {
  /** The shop has a GA4 property and Google credentials exist. */
  isConfigured(shop: ShopConfig): boolean;
  /**
   * `purchase` events and active users per minute for the last 30 minutes (minutesAgo 0..29;
   * minutes without activity are absent), from `properties/<id>:runRealtimeReport`. Two
   * small requests per call. Failures throw a SourceError; nothing is retried, the next poll is.
   */
  lastHalfHour(shop: ShopConfig, signal?: AbortSignal): Promise<RealtimeMinute[]>;
};

const RealtimeReportSchema = z.object({
  rows: z
    .array(
      z.object({
        dimensionValues: z.array(z.object({ value: z.string().optional() })),
        metricValues: z.array(z.object({ value: z.string().optional() })),
      }),
    )
    .default([]),
});

const LAST_30_MINUTES = [{ startMinutesAgo: 29, endMinutesAgo: 0 }];

export function createGa4Realtime(options: {
  env: Env;
  createAuthClient?: (env: Env, scopes: string[]) => Promise<Auth.OAuth2Client>;
}): Ga4Realtime {
  const { env } = options;
  const createAuthClient = options.createAuthClient ?? createGoogleAuthClient;
  const analytics = createGa4Client(env, createAuthClient);

  return {
    isConfigured: (shop) => shop.sources.ga4 !== undefined && googleCredentialsKind(env) !== undefined,

    async lastHalfHour(shop, signal) {
      const propertyId = shop.sources.ga4?.propertyId;
      const fail = (kind: SourceError["kind"], message: string, cause?: unknown) =>
        new SourceError(kind, { source: "ga4", shopId: shop.id, message, cause });
      if (!propertyId) throw fail("auth", "no ga4.propertyId in the shop configuration");
      const property = `properties/${propertyId}`;
      const report = async (requestBody: analyticsdata_v1beta.Schema$RunRealtimeReportRequest) => {
        try {
          const client = await analytics();
          const { data } = await client.properties.runRealtimeReport({ property, requestBody }, { signal });
          const parsed = RealtimeReportSchema.safeParse(data);
          if (!parsed.success)
            throw fail("invalid_response", `GA4 runRealtimeReport for ${property} returned an unexpected report`);
          return parsed.data.rows.map((r) => ({
            dimensions: r.dimensionValues.map((d) => d.value ?? ""),
            metrics: r.metricValues.map((m) => Number(m.value ?? 0)),
          }));
        } catch (error) {
          if (error instanceof SourceError) throw error;
          const status = (error as { status?: number; response?: { status?: number } }).status;
          const token = describeTokenError(error, env.GOOGLE_TOKEN_URL);
          if (token) throw fail("auth", token, error);
          const kind = status === 401 || status === 403 ? "auth" : status === 429 ? "quota" : "unavailable";
          throw fail(kind, `GA4 runRealtimeReport for ${property} failed (${status ?? String(error)})`, error);
        }
      };
      const [users, purchases] = await Promise.all([
        report({
          dimensions: [{ name: "minutesAgo" }],
          metrics: [{ name: "activeUsers" }],
          minuteRanges: LAST_30_MINUTES,
        }),
        report({
          dimensions: [{ name: "minutesAgo" }, { name: "eventName" }],
          metrics: [{ name: "eventCount" }],
          dimensionFilter: {
            filter: { fieldName: "eventName", stringFilter: { value: "purchase", matchType: "EXACT" } },
          },
          minuteRanges: LAST_30_MINUTES,
        }),
      ]);
      const minutes = new Map<number, RealtimeMinute>();
      const minute = (text: string | undefined) => {
        const minutesAgo = Number(text);
        const m = minutes.get(minutesAgo) ?? { minutesAgo, purchases: 0, activeUsers: 0 };
        minutes.set(minutesAgo, m);
        return m;
      };
      for (const row of users) minute(row.dimensions[0]).activeUsers += row.metrics[0] ?? 0;
      // Filtered by GA4 already; checked again so a report without the filter cannot count page views.
      for (const row of purchases.filter((r) => r.dimensions[1] === "purchase"))
        minute(row.dimensions[0]).purchases += row.metrics[0] ?? 0;
      return [...minutes.values()]
        .filter((m) => Number.isFinite(m.minutesAgo))
        .sort((a, b) => a.minutesAgo - b.minutesAgo);
    },
  };
}
