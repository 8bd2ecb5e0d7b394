import { addDays, type Day, daysBetween, isoWeekday } from "../../shared/time.ts";

/**
 * The synthetic shop behind the demo source: what one local day looks like, per channel
 * group and per ad campaign. Pure and deterministic: a day's figures depend only on the
 * seed, the day and the incident calendar, never on the range that asked for them.
 */

export const CHANNEL_GROUPS = ["Organic Search", "Paid Search", "Paid Social", "Direct", "Email", "Referral"] as const;

export const ANALYTICS_COUNTS = [
  "sessions",
  "totalUsers",
  "newUsers",
  "engagedSessions",
  "screenPageViews",
  "transactions",
  "addToCarts",
  "checkouts",
  "advertiserAdClicks",
  "advertiserAdImpressions",
] as const;
export const ANALYTICS_MONEY = ["purchaseRevenue", "advertiserAdCost"] as const;
/** Averages are weighted by sessions when added up, never summed. */
export const ANALYTICS_AVERAGES = ["averageSessionDuration"] as const;
export const AD_COUNTS = ["clicks", "impressions", "conversions"] as const;
export const AD_MONEY = ["cost", "conversionsValue"] as const;

export type Figures = Record<string, number>;
export type Series = { key: string; figures: Figures };
export type Campaign = { platform: "google-ads" | "meta"; name: string };

export const CAMPAIGNS: Campaign[] = [
  { platform: "google-ads", name: "Search – Brand" },
  { platform: "google-ads", name: "Search – Generic" },
  { platform: "google-ads", name: "Shopping – All products" },
  { platform: "meta", name: "Prospecting – Broad" },
  { platform: "meta", name: "Retargeting – 30 days" },
  { platform: "meta", name: "Advantage+ Shopping" },
];

/** Which incident, if any, a day has; see demo-source.ts for where they are placed. */
export type Incident = "none" | "checkout_outage" | "tracking_outage" | "spend_runaway";
/** Local hours (inclusive) in which the checkout takes no orders on a checkout-outage day. */
export const CHECKOUT_OUTAGE_HOURS = { from: 13, to: 16 } as const;
/** The campaign whose budget cap is lost on a spend-runaway day. */
export const RUNAWAY_CAMPAIGN = "Advantage+ Shopping";

/** Share of a day's traffic in each local hour (0–23): quiet nights, a lunch bump, evening peak. */
const HOUR_PROFILE = [
  0.9, 0.6, 0.4, 0.3, 0.3, 0.4, 0.8, 1.5, 2.4, 3.2, 3.8, 4.2, 4.6, 4.6, 4.4, 4.3, 4.4, 4.8, 5.4, 6.2, 6.8, 6.6, 5.2,
  3.0,
];
/** ISO weekday 1 (Mon) … 7 (Sun): Sunday evening and Monday browse most, Saturday least. */
const WEEKDAY = [0, 1.06, 1.0, 0.98, 0.96, 0.9, 0.84, 1.08];

const CHANNEL = {
  "Organic Search": { share: 0.32, cr: 0.02, aov: 1.0, duration: 170 },
  "Paid Search": { share: 0.22, cr: 0.026, aov: 1.05, duration: 150 },
  "Paid Social": { share: 0.18, cr: 0.011, aov: 0.9, duration: 95 },
  Direct: { share: 0.15, cr: 0.028, aov: 1.1, duration: 210 },
  Email: { share: 0.08, cr: 0.035, aov: 1.15, duration: 190 },
  Referral: { share: 0.05, cr: 0.017, aov: 0.95, duration: 140 },
} as const satisfies Record<(typeof CHANNEL_GROUPS)[number], object>;

const CAMPAIGN_PROFILE: Record<string, { budget: number; cpc: number; ctr: number; cr: number }> = {
  "Search – Brand": { budget: 0.12, cpc: 0.25, ctr: 0.18, cr: 0.06 },
  "Search – Generic": { budget: 0.3, cpc: 0.9, ctr: 0.045, cr: 0.018 },
  "Shopping – All products": { budget: 0.25, cpc: 0.55, ctr: 0.012, cr: 0.022 },
  "Prospecting – Broad": { budget: 0.18, cpc: 0.45, ctr: 0.009, cr: 0.008 },
  "Retargeting – 30 days": { budget: 0.07, cpc: 0.6, ctr: 0.014, cr: 0.03 },
  "Advantage+ Shopping": { budget: 0.08, cpc: 0.5, ctr: 0.011, cr: 0.015 },
};

/** Prices in a few currencies relative to EUR, so a PLN or JPY shop gets believable amounts. */
const CURRENCY_SCALE: Record<string, number> = { EUR: 1, USD: 1.1, GBP: 0.85, PLN: 4.3, CHF: 0.95, SEK: 11, JPY: 160 };

export type ShopProfile = {
  seed: number;
  /** Sessions on an ordinary weekday at the trend's base date. */
  baseSessions: number;
  /** Average order value in the shop's currency. */
  aov: number;
  /** Daily ad budget across both platforms in the shop's currency. */
  adBudget: number;
};

/** A shop's size and prices, from its seed: shops differ, but each one always looks the same. */
export function shopProfile(seed: number, currency: string): ShopProfile {
  const rand = prng(seed, "profile");
  const scale = CURRENCY_SCALE[currency] ?? 1;
  const baseSessions = Math.round(1500 + rand() * 4500);
  return {
    seed,
    baseSessions,
    aov: Math.round((55 + rand() * 50) * scale),
    adBudget: Math.round(baseSessions * (0.12 + rand() * 0.08) * scale),
  };
}

/** 32-bit FNV-1a of a string: seeds per (shop, day, stream). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny, fast PRNG; good enough for plausible noise, and reproducible. */
export function prng(seed: number, stream: string): () => number {
  let a = hash32(`${seed}|${stream}`);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A multiplier around 1 with roughly normal noise of the given spread. */
function jitter(rand: () => number, spread: number): number {
  return 1 + (rand() + rand() + rand() - 1.5) * spread * 1.4;
}

/** The last Friday of November: Black Friday. */
export function blackFriday(year: number): Day {
  const last = `${year}-11-30`;
  return addDays(last, -((isoWeekday(last) - 5 + 7) % 7));
}

/** Traffic, conversion and spend multipliers for promotions and holidays. */
function season(day: Day): { traffic: number; conversion: number; basket: number; spend: number } {
  const year = Number(day.slice(0, 4));
  const fromBlackFriday = daysBetween(blackFriday(year), day);
  const md = day.slice(5);
  if (fromBlackFriday >= -4 && fromBlackFriday <= 3) {
    // Black Friday week through Cyber Monday: more visits, more of them buy, smaller baskets.
    const traffic = [1.25, 1.3, 1.35, 1.5, 2.6, 1.8, 1.5, 2.0][fromBlackFriday + 4]!;
    return { traffic, conversion: fromBlackFriday === 0 ? 1.45 : 1.2, basket: 0.9, spend: 1.8 };
  }
  if (md >= "12-01" && md <= "12-20") return { traffic: 1.25, conversion: 1.1, basket: 1.05, spend: 1.3 };
  if (md >= "12-24" && md <= "12-26") return { traffic: 0.6, conversion: 0.8, basket: 1, spend: 0.7 };
  if (md >= "01-02" && md <= "01-15") return { traffic: 1.1, conversion: 1.05, basket: 0.92, spend: 1.1 };
  return { traffic: 1, conversion: 1, basket: 1, spend: 1 };
}

/** Growth of about 22 % a year from the start of 2024. */
function trend(day: Day): number {
  return 1.22 ** (daysBetween("2024-01-01", day) / 365);
}

const cents = (value: number) => Math.round(value * 100) / 100;

/**
 * The day's figures before they are split into hours: one series per channel group and one
 * per campaign. Counts are whole, money is in cents of the shop's currency.
 */
export function dayFigures(
  profile: ShopProfile,
  day: Day,
  incident: Incident,
): { channels: Series[]; campaigns: Series[] } {
  const rand = prng(profile.seed, day);
  const s = season(day);
  const level = trend(day) * WEEKDAY[isoWeekday(day)]! * s.traffic * jitter(rand, 0.06);

  const campaigns: Series[] = CAMPAIGNS.map((c) => {
    const p = CAMPAIGN_PROFILE[c.name]!;
    const runaway = incident === "spend_runaway" && c.name === RUNAWAY_CAMPAIGN;
    const cost = cents(profile.adBudget * p.budget * trend(day) * s.spend * jitter(rand, 0.08) * (runaway ? 5 : 1));
    const clicks = Math.round((cost / (p.cpc * (profile.aov / 75))) * jitter(rand, 0.05) * (runaway ? 0.5 : 1));
    const impressions = Math.round((clicks / p.ctr) * jitter(rand, 0.05) * (runaway ? 1.5 : 1));
    const conversions = Math.round(clicks * p.cr * s.conversion * jitter(rand, 0.15));
    const conversionsValue = cents(conversions * profile.aov * s.basket * jitter(rand, 0.1));
    return { key: c.name, figures: { cost, clicks, impressions, conversions, conversionsValue } };
  });
  const platformSum = (platform: Campaign["platform"], metric: string) =>
    CAMPAIGNS.reduce((sum, c, i) => (c.platform === platform ? sum + campaigns[i]!.figures[metric]! : sum), 0);
  const google = {
    cost: platformSum("google-ads", "cost"),
    clicks: platformSum("google-ads", "clicks"),
    impressions: platformSum("google-ads", "impressions"),
  };

  const tracked = incident === "tracking_outage" ? 0.03 : 1;
  const channels: Series[] = CHANNEL_GROUPS.map((name) => {
    const c = CHANNEL[name];
    // Paid visits follow the platforms' clicks; the rest follow the shop's level.
    const raw =
      name === "Paid Search"
        ? google.clicks * 0.92 * jitter(rand, 0.03)
        : name === "Paid Social"
          ? platformSum("meta", "clicks") * 0.75 * jitter(rand, 0.05)
          : profile.baseSessions * c.share * level * jitter(rand, 0.07);
    const sessions = Math.round(raw * tracked);
    const transactions = Math.round(sessions * c.cr * s.conversion * jitter(rand, 0.12));
    const totalUsers = Math.round(sessions * 0.82 * jitter(rand, 0.02));
    const figures: Figures = {
      sessions,
      totalUsers,
      newUsers: Math.round(totalUsers * (name === "Direct" || name === "Email" ? 0.3 : 0.62) * jitter(rand, 0.04)),
      engagedSessions: Math.round(sessions * 0.63 * jitter(rand, 0.03)),
      screenPageViews: Math.round(sessions * 4.3 * jitter(rand, 0.05)),
      transactions,
      addToCarts: Math.round(Math.max(transactions, sessions * c.cr * 4.2 * jitter(rand, 0.08))),
      checkouts: Math.round(transactions * 1.7 * jitter(rand, 0.06)),
      purchaseRevenue: cents(transactions * profile.aov * c.aov * s.basket * jitter(rand, 0.06)),
      averageSessionDuration: Math.round(c.duration * jitter(rand, 0.05) * 10) / 10,
      // GA4 sees Google Ads cost through the account link, a little off from the platform's own figure.
      advertiserAdCost: name === "Paid Search" ? cents(google.cost * tracked * jitter(rand, 0.02)) : 0,
      advertiserAdClicks: name === "Paid Search" ? Math.round(google.clicks * tracked) : 0,
      advertiserAdImpressions: name === "Paid Search" ? Math.round(google.impressions * tracked) : 0,
    };
    return { key: name, figures };
  });
  return { channels, campaigns };
}

/** Relative weights of the local hours of a day (a 23- or 25-hour day lists its hours accordingly). */
export function hourWeights(hours: number[]): number[] {
  return hours.map((h) => HOUR_PROFILE[h]!);
}

/**
 * Splits whole amounts over weights so the parts add up exactly (largest remainder):
 * hourly figures always sum to the day's.
 */
export function splitWhole(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) {
    const i = order[k]![1];
    parts[i] = parts[i]! + 1;
  }
  return parts;
}
