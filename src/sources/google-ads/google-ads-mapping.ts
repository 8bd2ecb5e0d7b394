import { z } from "zod";
import { isValidDay } from "../../shared/time.ts";
import type { AdRow } from "../ad-platform-mapping.ts";

/** proto3 JSON writes int64 as a string and leaves out zero values. */
const Int64Schema = z
  .union([z.string().regex(/^-?\d+$/), z.number().int()])
  .transform(Number)
  .default(0);
const DoubleSchema = z.number().default(0);

const SearchRowSchema = z.object({
  segments: z.object({ date: z.string().refine(isValidDay, "segments.date must be YYYY-MM-DD") }),
  campaign: z.object({ id: z.string().optional(), name: z.string().default("") }),
  metrics: z
    .object({
      costMicros: Int64Schema,
      clicks: Int64Schema,
      impressions: Int64Schema,
      conversions: DoubleSchema,
      conversionsValue: DoubleSchema,
    })
    .default({ costMicros: 0, clicks: 0, impressions: 0, conversions: 0, conversionsValue: 0 }),
});

/** `googleAds:searchStream` answers with a JSON array of batches, each with its `results`. */
export const SearchStreamResponseSchema = z.array(z.object({ results: z.array(SearchRowSchema).default([]) }));
export type SearchStreamResponse = z.infer<typeof SearchStreamResponseSchema>;

const GoogleAdsErrorDetailSchema = z.object({
  errors: z.array(
    z.object({ errorCode: z.record(z.string(), z.unknown()).optional(), message: z.string().optional() }),
  ),
});

/** A Google API error body, alone or as the last element of a stream. */
export const GoogleAdsErrorSchema = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().default(""),
    status: z.string().optional(),
    details: z.array(z.unknown()).default([]),
  }),
});
export type GoogleAdsError = z.infer<typeof GoogleAdsErrorSchema>["error"];

/** The GAQL of one pull: one row per campaign and day, dates inclusive in the account's time zone. */
export function buildCampaignQuery(from: string, to: string): string {
  return [
    "SELECT segments.date, campaign.id, campaign.name, metrics.cost_micros, metrics.clicks,",
    "metrics.impressions, metrics.conversions, metrics.conversions_value",
    "FROM campaign",
    `WHERE segments.date BETWEEN '${from}' AND '${to}'`,
  ].join(" ");
}

/** Search results → ad rows; `cost_micros` becomes currency units. */
export function searchStreamToAdRows(response: SearchStreamResponse): AdRow[] {
  return response.flatMap((batch) =>
    batch.results.map((row) => ({
      day: row.segments.date,
      campaign: row.campaign.name,
      cost: row.metrics.costMicros / 1e6,
      clicks: row.metrics.clicks,
      impressions: row.metrics.impressions,
      conversions: row.metrics.conversions,
      conversionsValue: row.metrics.conversionsValue,
    })),
  );
}

/** The Google Ads error codes in an error's details, e.g. ["authorizationError:USER_PERMISSION_DENIED"]. */
export function googleAdsErrorCodes(error: GoogleAdsError): string[] {
  return error.details.flatMap((detail) => {
    const parsed = GoogleAdsErrorDetailSchema.safeParse(detail);
    if (!parsed.success) return [];
    return parsed.data.errors.flatMap((e) => Object.entries(e.errorCode ?? {}).map(([k, v]) => `${k}:${String(v)}`));
  });
}

/** `RetryInfo.retryDelay` ("30s") from an error's details, in milliseconds. */
export function googleRetryDelayMs(error: GoogleAdsError): number | undefined {
  for (const detail of error.details) {
    const delay = (detail as { retryDelay?: unknown } | null)?.retryDelay;
    const m = typeof delay === "string" ? /^(\d+(?:\.\d+)?)s$/.exec(delay) : null;
    if (m) return Math.round(Number(m[1]) * 1_000);
  }
  return undefined;
}
