import { z } from "zod";
import { isValidMonth, isValidTimeZone } from "../shared/time.ts";

export const LOCALES = ["en", "pl", "it", "es"] as const;
export type Locale = (typeof LOCALES)[number];

export const DIGEST_PERIODS = ["yesterday", "last-week", "month-to-date"] as const;
export type DigestPeriod = (typeof DIGEST_PERIODS)[number];

const slackChannel = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, "must be a Slack channel id such as C0123ABCD");
const slackUser = z.string().regex(/^[UW][A-Z0-9]{2,}$/, "must be a Slack user id such as U0123ABCD");
const cronExpr = z.string().refine((v) => v.trim().split(/\s+/).length >= 5 && v.trim().split(/\s+/).length <= 6, {
  message: "must be a cron expression with 5 or 6 fields",
});
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf("currency"));
export const CurrencySchema = z.string().superRefine((c, ctx) => {
  if (!KNOWN_CURRENCIES.has(c))
    ctx.addIssue({ code: "custom", message: `unknown currency "${c}" (use an ISO 4217 code such as EUR)` });
});
const currency = CurrencySchema;

export const Ga4SourceSchema = z.object({
  propertyId: z.string().regex(/^\d+$/, "must be the numeric GA4 property id"),
});
export const GoogleAdsSourceSchema = z.object({
  customerId: z.string().regex(/^\d{10}$/, "must be the 10-digit customer id without dashes"),
  loginCustomerId: z
    .string()
    .regex(/^\d{10}$/, "must be the 10-digit manager id without dashes")
    .optional(),
});
export const MetaSourceSchema = z.object({
  adAccountId: z.string().regex(/^act_\d+$/, 'must look like "act_1234567890"'),
});

export const ShopSourcesSchema = z
  .object({
    ga4: Ga4SourceSchema.optional(),
    googleAds: GoogleAdsSourceSchema.optional(),
    meta: MetaSourceSchema.optional(),
    demo: z.object({ seed: z.number().int().optional() }).optional(),
    csv: z.object({}).optional(),
  })
  .strict();

export const DigestScheduleSchema = z.object({
  channel: slackChannel,
  cron: cronExpr,
  period: z.enum(DIGEST_PERIODS),
});

export const AlertRulesSchema = z
  .object({
    /** Per metric: "low" alerts less, "high" more; or an explicit score threshold in 0..1. */
    sensitivity: z
      .record(z.string(), z.union([z.enum(["low", "normal", "high"]), z.number().min(0).max(1)]))
      .default({}),
    quietHours: z.object({ from: z.string().regex(/^\d{2}:\d{2}$/), to: z.string().regex(/^\d{2}:\d{2}$/) }).optional(),
    /** Share (0..1) by which GA4 ad cost may differ from the ad platform before an alert. */
    costMismatchShare: z.number().min(0).max(1).default(0.2),
    /** Hours a source may go without a successful pull before a staleness alert. */
    staleAfterHours: z.number().positive().default(6),
    checkoutWatch: z
      .object({
        enabled: z.boolean().default(true),
        tradingHours: z
          .object({ from: z.string().regex(/^\d{2}:\d{2}$/), to: z.string().regex(/^\d{2}:\d{2}$/) })
          .default({ from: "07:00", to: "23:00" }),
        everyMinutes: z.number().int().min(1).max(60).default(5),
      })
      .default({ enabled: true, tradingHours: { from: "07:00", to: "23:00" }, everyMinutes: 5 }),
  })
  .default({
    sensitivity: {},
    costMismatchShare: 0.2,
    staleAfterHours: 6,
    checkoutWatch: { enabled: true, tradingHours: { from: "07:00", to: "23:00" }, everyMinutes: 5 },
  });

const monthKey = z.string().refine(isValidMonth, { message: "must be a month YYYY-MM" });
const positiveAmount = z.number().nonnegative("must not be negative");

export const ShopSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "must be lower-case letters, digits and dashes"),
  name: z.string().min(1).max(100),
  timezone: z.string().superRefine((tz, ctx) => {
    if (!isValidTimeZone(tz)) ctx.addIssue({ code: "custom", message: `unknown time zone "${tz}"` });
  }),
  currency,
  locale: z.enum(LOCALES).default("en"),
  sources: ShopSourcesSchema.default({}),
  channels: z
    .object({ digests: slackChannel.optional(), alerts: slackChannel.optional(), approvals: slackChannel.optional() })
    .default({}),
  approvers: z.array(slackUser).default([]),
  admins: z.array(slackUser).default([]),
  twoApprovalsAbove: z.number().positive().optional(),
  approvals: z
    .object({ remindAfterHours: z.number().positive().default(24), expireAfterDays: z.number().positive().default(14) })
    .default({ remindAfterHours: 24, expireAfterDays: 14 }),
  digests: z.array(DigestScheduleSchema).default([]),
  pulls: z.object({ cron: cronExpr.default("15 * * * *") }).default({ cron: "15 * * * *" }),
  charts: z.enum(["native", "image", "both"]).default("both"),
  targets: z.record(monthKey, z.record(z.string(), positiveAmount)).default({}),
  mediaPlan: z.record(monthKey, z.record(z.string(), positiveAmount)).default({}),
  alerts: AlertRulesSchema,
});

export const ShopsFileSchema = z
  .object({ shops: z.array(ShopSchema).min(1, "at least one shop is needed") })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.shops.forEach((shop, i) => {
      if (seen.has(shop.id))
        ctx.addIssue({ code: "custom", path: ["shops", i, "id"], message: `duplicate shop id "${shop.id}"` });
      seen.add(shop.id);
    });
  });

export type ShopConfig = z.infer<typeof ShopSchema>;
export type ShopsFile = z.infer<typeof ShopsFileSchema>;
