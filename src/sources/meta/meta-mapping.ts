import { z } from "zod";
import { isValidDay } from "../../shared/time.ts";
import type { AdRow } from "../ad-platform-mapping.ts";

/**
 * The action type counted as a purchase. Meta reports the same purchases under several
 * types (`purchase`, `offsite_conversion.fb_pixel_purchase`, `omni_purchase`, …);
 * `omni_purchase` is what Ads Manager's "Purchases" column shows (web, app and offline,
 * de-duplicated), so it is the one we count, for both counts and values.
 */
export const PURCHASE_ACTION_TYPE = "omni_purchase";

/** The Graph API sends numbers as decimal strings. */
const NumericSchema = z
  .union([z.string().regex(/^-?\d+(\.\d+)?$/), z.number()])
  .transform(Number)
  .default(0);
const ActionSchema = z.object({ action_type: z.string(), value: NumericSchema });
const DaySchema = z.string().refine(isValidDay, "must be YYYY-MM-DD");

const InsightSchema = z.object({
  date_start: DaySchema,
  date_stop: DaySchema,
  campaign_id: z.string().optional(),
  campaign_name: z.string().default(""),
  account_currency: z.string().optional(),
  spend: NumericSchema,
  impressions: NumericSchema,
  clicks: NumericSchema,
  actions: z.array(ActionSchema).default([]),
  action_values: z.array(ActionSchema).default([]),
});

/** One page of `/act_<id>/insights`. */
export const InsightsPageSchema = z.object({
  data: z.array(InsightSchema),
  paging: z
    .object({
      cursors: z.object({ before: z.string().optional(), after: z.string().optional() }).optional(),
      next: z.string().optional(),
    })
    .optional(),
});
export type InsightsPage = z.infer<typeof InsightsPageSchema>;
export type Insight = z.infer<typeof InsightSchema>;

/** A Graph API error body. */
export const GraphErrorSchema = z.object({
  error: z.object({
    message: z.string().default(""),
    type: z.string().optional(),
    code: z.number(),
    error_subcode: z.number().optional(),
    fbtrace_id: z.string().optional(),
  }),
});
export type GraphError = z.infer<typeof GraphErrorSchema>["error"];

export const INSIGHT_FIELDS = [
  "campaign_id",
  "campaign_name",
  "account_currency",
  "spend",
  "impressions",
  "clicks",
  "actions",
  "action_values",
] as const;

/** Daily campaign insights → ad rows; spend is already in currency units. */
export function insightsToAdRows(insights: Insight[]): AdRow[] {
  const purchase = (actions: Insight["actions"]) =>
    actions.filter((a) => a.action_type === PURCHASE_ACTION_TYPE).reduce((sum, a) => sum + a.value, 0);
  return insights.map((row) => ({
    day: row.date_start,
    campaign: row.campaign_name,
    cost: row.spend,
    clicks: row.clicks,
    impressions: row.impressions,
    conversions: purchase(row.actions),
    conversionsValue: purchase(row.action_values),
  }));
}

/** Graph API codes for throttling: app, user, account and ads-insights limits. */
export function isGraphRateLimit(error: GraphError): boolean {
  return [4, 17, 32, 613].includes(error.code) || (error.code >= 80_000 && error.code <= 80_014);
}

/** Codes that mean the token is invalid, expired or lacks a permission. */
export function isGraphAuthError(error: GraphError): boolean {
  return error.code === 190 || error.code === 102 || error.code === 10 || (error.code >= 200 && error.code <= 299);
}

/** Minutes until access returns, from the `x-business-use-case-usage` header; undefined when absent. */
export function regainAccessMinutes(header: string | null): number | undefined {
  if (!header) return undefined;
  try {
    const usage = JSON.parse(header) as Record<string, Array<{ estimated_time_to_regain_access?: unknown }>>;
    const minutes = Object.values(usage)
      .flat()
      .map((u) => u.estimated_time_to_regain_access)
      .filter((m): m is number => typeof m === "number");
    return minutes.length ? Math.max(...minutes) : undefined;
  } catch {
    return undefined;
  }
}
